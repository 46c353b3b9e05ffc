import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackEndpoint, type SlackEndpoint } from '../../../src/adapters/slack/slack-endpoint.js';
import { SlackIncidentChannels } from '../../../src/adapters/slack/slack-incident-channels.js';
import type { IncidentChannelEvent } from '../../../src/app/incident-channel-events.js';
import { alternativeChannelName, incidentChannelName } from '../../../src/core/incidents/incident.js';
import { PermanentDeliveryError, UncertainDeliveryError } from '../../../src/ports/chat-publisher.js';
import type { IncidentChannelRequest } from '../../../src/ports/incident-channels.js';
import type { Logger } from '../../../src/ports/logger.js';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';
import { SIGNING_SECRET, SlackUser } from '../../helpers/slack-user.js';

/** A logger that keeps what was logged, for the failures open() tolerates. */
function recordingLogger(lines: Array<{ fields: unknown; message?: string | undefined }>): Logger {
  const logger: Logger = {
    info: (fields, message) => lines.push({ fields, message }),
    warn: (fields, message) => lines.push({ fields, message }),
    error: (fields, message) => lines.push({ fields, message }),
    child: () => logger,
  };
  return logger;
}

const ticket = sampleTicket({ id: 'TCK-000042', environments: ['https://acme.workspace365.net'] });
const NAME = incidentChannelName(ticket.id, ticket.environments);

function request(overrides: Partial<IncidentChannelRequest> = {}): IncidentChannelRequest {
  return {
    ticket,
    name: NAME,
    topic: `${ticket.id} P1 assessing: ${ticket.title}`,
    invite: ['UREQ', 'UIM1', 'UIM2'],
    rendering: { now: Date.now(), policy: undefined, actions: [], timeZone: 'Europe/Amsterdam' },
    key: 'outbox:openIncident:TCK-000042',
    ...overrides,
  };
}

describe('SlackIncidentChannels', () => {
  let api: FakeSlackApi;
  let channels: SlackIncidentChannels;
  let logged: Array<{ fields: unknown; message?: string | undefined }>;

  beforeEach(async () => {
    api = await new FakeSlackApi().start();
    logged = [];
    const client = new WebClient('xoxb-test', { slackApiUrl: api.url, retryConfig: { retries: 0 } });
    channels = new SlackIncidentChannels(client, recordingLogger(logged));
  });
  afterEach(async () => {
    await api.stop();
  });

  it('creates a public channel with the contract name, posts the card and sets the topic; invite() and pin() add people and pin it', async () => {
    expect(NAME).toBe('inc-tck-000042-acme');
    const opened = await channels.open(request());

    expect(api.of('conversations.create')).toEqual([{ name: 'inc-tck-000042-acme', is_private: 'false' }]);
    const [id, channel] = [...api.channels.entries()][0]!;
    expect(channel.name).toBe('inc-tck-000042-acme');
    // The ticket card, in the new channel, with the outbox key to find it again.
    const posts = api.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.channel).toBe(id);
    expect(String(posts[0]!.text)).toContain('TCK-000042 P1');
    expect(JSON.stringify(posts[0]!.attachments)).toContain('Nobody can sign in');
    expect(String(posts[0]!.metadata)).toContain('outbox:openIncident:TCK-000042');
    expect(channel.topic).toBe('TCK-000042 P1 assessing: Nobody can sign in');
    expect(opened).toEqual({
      channel: { platform: 'slack', kind: 'channel', id },
      name: 'inc-tck-000042-acme',
      label: '#inc-tck-000042-acme',
      card: { conversationId: id, messageId: posts[0]!.ts, reference: {} },
    });

    // Adding people and pinning are outbox entries of their own (retried on their own).
    expect(await channels.invite(opened.channel, request().invite)).toEqual([]);
    expect(api.of('conversations.invite')).toEqual([{ channel: id, users: 'UREQ,UIM1,UIM2' }]);
    expect([...channel.members].sort()).toEqual(['UBOT', 'UIM1', 'UIM2', 'UREQ']);
    await channels.pin(opened.channel, opened.card!.messageId);
    expect(api.of('pins.add')).toEqual([{ channel: id, timestamp: posts[0]!.ts }]);
    expect(channel.pins).toEqual([posts[0]!.ts]);
    // Pinned already (a retry after a lost answer) is done.
    await expect(channels.pin(opened.channel, opened.card!.messageId)).resolves.toBeUndefined();
    expect(await channels.link(opened.channel, opened.card)).toBe(
      `https://acme.slack.com/archives/${id}/p${posts[0]!.ts!.toString().replace('.', '')}`,
    );
    const order = api.calls
      .map((c) => c.method)
      .filter((m) => m !== 'conversations.history' && m !== 'auth.test');
    expect(order).toEqual([
      'conversations.create',
      'chat.postMessage',
      'conversations.setTopic',
      'conversations.invite',
      'pins.add',
      'pins.add',
      'chat.getPermalink',
    ]);
    expect(logged).toEqual([]);
  });

  it('a passing failure of conversations.invite or pins.add (5xx, 429) throws, so the outbox retries; a retry counts those added as added', async () => {
    const opened = await channels.open(request({ invite: [] }));
    api.failNext('conversations.invite', 500);
    const failed = await channels.invite(opened.channel, ['UREQ', 'UIM1']).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(PermanentDeliveryError);
    api.failNext('conversations.invite', 429, 1, 1);
    await expect(channels.invite(opened.channel, ['UREQ', 'UIM1'])).rejects.not.toBeInstanceOf(
      PermanentDeliveryError,
    );
    // The answer of a call Slack carried out is lost: the retry finds them in the channel already.
    api.loseResponseNext('conversations.invite');
    await expect(channels.invite(opened.channel, ['UREQ', 'UIM1'])).rejects.toBeInstanceOf(Error);
    expect(await channels.invite(opened.channel, ['UREQ', 'UIM1'])).toEqual([]);
    expect([...api.channels.get(opened.channel.id)!.members].sort()).toEqual(['UBOT', 'UIM1', 'UREQ']);

    api.failNext('pins.add', 500);
    const pinFailed = await channels.pin(opened.channel, opened.card!.messageId).catch((e: unknown) => e);
    expect(pinFailed).toBeInstanceOf(Error);
    expect(pinFailed).not.toBeInstanceOf(PermanentDeliveryError);
    await channels.pin(opened.channel, opened.card!.messageId);
    expect(api.channels.get(opened.channel.id)!.pins).toEqual([opened.card!.messageId]);
  });

  it('an unclear conversations.create whose channel Slack made: the retry adopts the bot’s own channel (no orphan, no "-2")', async () => {
    // Other channels first, read a page at a time.
    api.listPageSize = 2;
    for (const other of ['general', 'random', 'ops']) api.addChannel(other, 'UADMIN');
    api.loseResponseNext('conversations.create');
    const lost = await channels.open(request()).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(UncertainDeliveryError);
    const made = [...api.channels.entries()].find(([, c]) => c.name === NAME)![0];

    const opened = await channels.open(request({ maybeCreated: true }));
    expect(opened.channel.id).toBe(made);
    expect(opened.name).toBe(NAME);
    expect(api.of('conversations.create').map((c) => c.name)).toEqual([NAME, NAME]);
    expect([...api.channels.values()].map((c) => c.name)).not.toContain(alternativeChannelName(NAME, 1));
    // Paged with the cursor, unarchived public channels only.
    const lists = api.of('conversations.list');
    expect(lists.length).toBeGreaterThan(1);
    expect(lists[0]).toMatchObject({ exclude_archived: 'true', types: 'public_channel', limit: '1000' });
    expect(lists[1]!.cursor).toBe('2');
    expect(api.of('chat.postMessage').filter((p) => p.channel === made)).toHaveLength(1);
  });

  it('a taken name whose channel someone else made is not adopted, even after an unclear try', async () => {
    api.addChannel(NAME, 'UADMIN');
    const opened = await channels.open(request({ maybeCreated: true }));
    expect(opened.name).toBe(alternativeChannelName(NAME, 1));
    expect(api.channels.get(opened.channel.id)!.creator).toBe('UBOT');
    // Without an unclear try, nothing is looked up.
    await channels.open(request());
    expect(api.of('conversations.list')).toHaveLength(1);
  });

  it('takes the next free alternative when the name is taken', async () => {
    api.takenNames.add(NAME);
    api.takenNames.add(alternativeChannelName(NAME, 1));
    const opened = await channels.open(request());
    expect(api.of('conversations.create').map((c) => c.name)).toEqual([
      'inc-tck-000042-acme',
      'inc-tck-000042-acme-2',
      'inc-tck-000042-acme-3',
    ]);
    expect(opened.name).toBe('inc-tck-000042-acme-3');
    expect(api.channels.get(opened.channel.id)?.name).toBe('inc-tck-000042-acme-3');
    // A second incident for the same ticket name gets its own channel too.
    const again = await channels.open(request());
    expect(again.name).toBe('inc-tck-000042-acme-4');
    expect(again.channel.id).not.toBe(opened.channel.id);
  });

  it('gives up with a PermanentDeliveryError after 20 taken names', async () => {
    api.takenNames.add(NAME);
    for (let n = 1; n < 20; n++) api.takenNames.add(alternativeChannelName(NAME, n));
    const error = await channels.open(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toContain('name_taken');
    expect(api.of('conversations.create')).toHaveLength(20);
    expect(api.of('conversations.invite')).toEqual([]);
  });

  it('refused (restricted_action, missing_scope): a PermanentDeliveryError naming the reason, and nothing else is called', async () => {
    api.refuseChannelCreation('restricted_action');
    const refused = await channels.open(request()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    expect((refused as Error).message).toMatch(/conversations\.create: restricted_action$/);

    api.refuseChannelCreation('missing_scope');
    const noScope = await channels.open(request()).catch((e: unknown) => e);
    expect(noScope).toBeInstanceOf(PermanentDeliveryError);
    expect((noScope as Error).message).toContain('missing_scope');

    expect(api.calls.map((c) => c.method)).toEqual(['conversations.create', 'conversations.create']);
  });

  it('an unclear failure of conversations.create (a 5xx) is not taken for a refusal', async () => {
    api.failNext('conversations.create', 500);
    const error = await channels.open(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UncertainDeliveryError);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('invites the others one by one when someone cannot be invited, and returns who was refused and why', async () => {
    api.unknownUsers.add('UGONE');
    const opened = await channels.open(request({ invite: [] }));
    const refused = await channels.invite(opened.channel, ['UREQ', 'UGONE', 'UBOT', 'UIM1', 'UREQ']);
    expect(refused).toEqual([{ user: 'UGONE', reason: 'user_not_found' }]);
    const invites = api.of('conversations.invite').map((c) => c.users);
    // All at once (duplicates dropped), refused for UGONE; then each alone.
    expect(invites).toEqual(['UREQ,UGONE,UBOT,UIM1', 'UREQ', 'UGONE', 'UBOT', 'UIM1']);
    expect([...api.channels.get(opened.channel.id)!.members].sort()).toEqual(['UBOT', 'UIM1', 'UREQ']);
    // Only the unknown person is worth a warning (the bot itself is no failure); the channel
    // id is "channelId", not a second "channel" beside the child logger's platform field.
    expect(logged).toHaveLength(1);
    expect(logged[0]!.fields).toEqual({ channelId: opened.channel.id, user: 'UGONE', err: 'user_not_found' });
  });

  it('a refusal about the channel (not_in_channel, is_archived) refuses everyone, with that reason', async () => {
    const opened = await channels.open(request({ invite: [] }));
    api.refuseWhen('conversations.invite', () => true, 'is_archived');
    expect(await channels.invite(opened.channel, ['UREQ', 'UIM1'])).toEqual([
      { user: 'UREQ', reason: 'is_archived' },
      { user: 'UIM1', reason: 'is_archived' },
    ]);
  });

  it('tolerates people already in the channel', async () => {
    const opened = await channels.open(request({ invite: [] }));
    expect(await channels.invite(opened.channel, ['UREQ'])).toEqual([]);
    expect(await channels.invite(opened.channel, ['UREQ', 'UIM9'])).toEqual([]);
    expect([...api.channels.get(opened.channel.id)!.members].sort()).toEqual(['UBOT', 'UIM9', 'UREQ']);
    expect(logged).toEqual([]);
  });

  it('a card that could not be posted in passing fails the try; the retry posts it in the same channel, once', async () => {
    api.failNext('chat.postMessage', 500);
    await expect(channels.open(request())).rejects.toThrow();
    expect(api.of('conversations.create')).toHaveLength(1);
    // The retry (here, in this process) takes the channel up again: no "-2", one card.
    const opened = await channels.open(request({ maybeCreated: true }));
    expect(api.of('conversations.create')).toHaveLength(1);
    expect(opened.name).toBe(NAME);
    expect(opened.card).not.toBeNull();
    expect(api.succeeded('chat.postMessage').filter((p) => p.channel === opened.channel.id)).toHaveLength(1);
  });

  it('in another process, the retry finds the channel by name and posts the card there', async () => {
    api.failNext('chat.postMessage', 500);
    await expect(channels.open(request())).rejects.toThrow();
    const client = new WebClient('xoxb-test', { slackApiUrl: api.url, retryConfig: { retries: 0 } });
    const elsewhere = new SlackIncidentChannels(client, recordingLogger(logged));
    const opened = await elsewhere.open(request({ maybeCreated: true }));
    expect(opened.name).toBe(NAME);
    expect(api.channels.size).toBe(1);
    expect(api.succeeded('chat.postMessage').filter((p) => p.channel === opened.channel.id)).toHaveLength(1);
  });

  it('on the last chance, a card that could not be posted does not fail open(): the channel goes on without it', async () => {
    api.failNext('chat.postMessage', 500);
    const opened = await channels.open(request({ lastChance: true }));
    expect(opened.card).toBeNull();
    expect(api.channels.get(opened.channel.id)!.topic).toBe('TCK-000042 P1 assessing: Nobody can sign in');
    expect(logged.map((l) => l.message)).toEqual(['could not post the ticket card in the incident channel']);
  });

  it('sets the topic escaped and within 250 characters', async () => {
    const opened = await channels.open(request({ invite: [] }));
    expect(api.of('conversations.invite')).toEqual([]);
    await channels.setTopic(opened.channel, `<!channel> ${'x'.repeat(300)}`);
    const topic = api.channels.get(opened.channel.id)!.topic;
    expect(topic.length).toBeLessThanOrEqual(250);
    expect(topic.startsWith('&lt;!channel&gt; xxx')).toBe(true);
    await expect(
      channels.setTopic({ platform: 'slack', kind: 'channel', id: 'CNOPE' }, 'x'),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('archives the channel; archiving again is fine; an unknown channel is a PermanentDeliveryError', async () => {
    const opened = await channels.open(request());
    await channels.archive(opened.channel);
    expect(api.channels.get(opened.channel.id)!.archived).toBe(true);
    await expect(channels.archive(opened.channel)).resolves.toBeUndefined();
    expect(api.of('conversations.archive')).toEqual([
      { channel: opened.channel.id },
      { channel: opened.channel.id },
    ]);
    await expect(
      channels.archive({ platform: 'slack', kind: 'channel', id: 'CNOPE' }),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('Slack incident channel events on the wire', () => {
  let api: FakeSlackApi;
  let endpoint: SlackEndpoint;
  let http: Server;
  let url: string;
  const recorded: IncidentChannelEvent[] = [];

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    const logger = recordingLogger([]);
    endpoint = createSlackEndpoint(
      { signingSecret: SIGNING_SECRET, botToken: 'xoxb-test', appToken: null, apiUrl: api.url },
      {
        // Pins and reactions touch none of these.
        intake: {} as never,
        actions: {} as never,
        delivery: {} as never,
        clock: { now: () => Date.now() },
        logger,
        incidentEvents: {
          record: async (event) => {
            recorded.push(event);
            return true;
          },
        },
      },
    )!;
    await endpoint.start();
    http = createServer((req, res) => void endpoint.handle(req, res));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => http?.close(() => resolve()));
    await api?.stop();
  });
  beforeEach(() => {
    recorded.length = 0;
  });

  async function deliver(user: SlackUser, event: Record<string, unknown>, eventId: string): Promise<void> {
    const response = await user.send(user.eventBody(event, eventId), 'application/json');
    expect(response.status).toBe(200);
  }

  it('exposes the incident channels on the publisher’s client', () => {
    expect(endpoint.incidentChannels).toBeInstanceOf(SlackIncidentChannels);
    expect(endpoint.incidentChannels.platform).toBe('slack');
  });

  it('a signed pin_added event reaches the recorder with the pinned message’s text', async () => {
    const im = new SlackUser(url, api, 'UIM');
    await deliver(
      im,
      {
        type: 'pin_added',
        user: 'UIM',
        channel_id: 'CINC7',
        item: {
          type: 'message',
          channel: 'CINC7',
          created: 1_700_000_100,
          created_by: 'UIM',
          message: {
            type: 'message',
            user: 'UOPS',
            text: 'Root cause: expired certificate',
            ts: '1700000050.000100',
          },
        },
      },
      'EvPIN1',
    );
    expect(recorded).toEqual([
      {
        eventId: 'slack:EvPIN1',
        channelId: 'CINC7',
        kind: 'pinned',
        author: 'slack:UIM',
        text: 'Root cause: expired certificate',
      },
    ]);
  });

  it('the bot’s own pin (the ticket card) is not recorded', async () => {
    const bot = new SlackUser(url, api, 'UBOT');
    await deliver(
      bot,
      {
        type: 'pin_added',
        user: 'UBOT',
        channel_id: 'CINC7',
        item: { type: 'message', channel: 'CINC7', message: { text: 'card', ts: '1700000001.000100' } },
      },
      'EvPIN2',
    );
    expect(recorded).toEqual([]);
  });

  it('a reaction_added event on a channel message reaches the recorder with the text from conversations.history', async () => {
    api.addMessage('CINC8', { ts: '1700000010.000100', text: 'older message' });
    api.addMessage('CINC8', { ts: '1700000020.000100', text: 'Failover to region B done' });
    api.addMessage('CINC8', { ts: '1700000030.000100', text: 'newer message' });
    const before = api.calls.length;
    await deliver(
      new SlackUser(url, api, 'URESP'),
      {
        type: 'reaction_added',
        user: 'URESP',
        reaction: 'pushpin',
        item_user: 'UOPS',
        item: { type: 'message', channel: 'CINC8', ts: '1700000020.000100' },
      },
      'EvREACT1',
    );
    expect(recorded).toEqual([
      {
        eventId: 'slack:EvREACT1',
        channelId: 'CINC8',
        kind: 'reaction',
        author: 'slack:URESP',
        text: 'Failover to region B done',
        reaction: 'pushpin',
      },
    ]);
    expect(api.of('conversations.history', before)).toEqual([
      expect.objectContaining({
        channel: 'CINC8',
        latest: '1700000020.000100',
        inclusive: 'true',
        limit: '1',
      }),
    ]);
    expect(api.of('conversations.replies', before)).toEqual([]);
  });

  it('a reaction on a thread reply takes its text from conversations.replies', async () => {
    api.addMessage('CINC9', { ts: '1700000100.000100', text: 'Status update 1' });
    api.addMessage('CINC9', {
      ts: '1700000110.000100',
      text: 'Users confirm sign-in works',
      threadTs: '1700000100.000100',
    });
    const before = api.calls.length;
    await deliver(
      new SlackUser(url, api, 'UIM'),
      {
        type: 'reaction_added',
        user: 'UIM',
        reaction: 'white_check_mark',
        item: { type: 'message', channel: 'CINC9', ts: '1700000110.000100' },
      },
      'EvREACT2',
    );
    expect(recorded).toEqual([
      {
        eventId: 'slack:EvREACT2',
        channelId: 'CINC9',
        kind: 'reaction',
        author: 'slack:UIM',
        text: 'Users confirm sign-in works',
        reaction: 'white_check_mark',
      },
    ]);
    expect(api.of('conversations.replies', before)).toEqual([
      expect.objectContaining({ channel: 'CINC9', ts: '1700000110.000100' }),
    ]);
  });

  it('a reaction on a message that is gone, or on a file, records nothing', async () => {
    const user = new SlackUser(url, api, 'UIM');
    await deliver(
      user,
      {
        type: 'reaction_added',
        user: 'UIM',
        reaction: 'pushpin',
        item: { type: 'message', channel: 'CINC10', ts: '1.000100' },
      },
      'EvREACT3',
    );
    await deliver(
      user,
      { type: 'reaction_added', user: 'UIM', reaction: 'pushpin', item: { type: 'file', file: 'F1' } },
      'EvREACT4',
    );
    expect(recorded).toEqual([]);
  });

  it('an unsigned event is refused and never recorded', async () => {
    const user = new SlackUser(url, api, 'UIM');
    const body = user.eventBody(
      {
        type: 'pin_added',
        user: 'UIM',
        channel_id: 'CINC7',
        item: { type: 'message', message: { text: 'x' } },
      },
      'EvPIN9',
    );
    const response = await user.send(body, 'application/json', { signature: 'v0=deadbeef' });
    expect(response.status).toBe(401);
    expect(recorded).toEqual([]);
  });
});
