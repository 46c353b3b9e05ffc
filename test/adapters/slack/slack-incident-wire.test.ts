import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { dmIntake, SIGNING_SECRET, SlackUser } from '../../helpers/slack-user.js';

let api: FakeSlackApi;
let server: RunningServer;

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  server = await startServer({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: api.url,
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
    TICKETBOT_AGENTS: 'slack:UAGENT',
    TICKETBOT_INCIDENT_MANAGERS: 'slack:UIM',
  });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

const ANSWERS: Array<[RegExp, string]> = [
  [/review your ticket/, 'button:Submit'],
  [/name of your company/, 'Acme BV'],
  [/environment\(s\) are affected/, 'https://acme.workspace365.net'],
  [/username\(s\)/, 'j.jansen'],
  [/When did the issue start/, 'yesterday 9:15'],
  [/describe the issue/, 'The documents app no longer loads since the update.'],
  [/security incident/, 'button:No'],
  [/What is the impact/, 'button:Organisation'],
  [/How urgent/, 'button:Low'],
  [/steps to reproduce/, 'skip'],
  [/error messages/, 'skip'],
  [/screenshots or log files/, 'done'],
  [/additional information/, 'skip'],
  // A second report about the same environment while a P1 runs there.
  [/already an open P1 incident/, 'button:Report separately'],
];

describe('Slack incident channel through the server', () => {
  it('the assign-role modal takes a bare Slack user id as the person', async () => {
    const requester = new SlackUser(server.url, api, 'UROLE');
    const id = await dmIntake(requester, ANSWERS);
    const { actions, store } = server.context;
    const raised = await actions.perform(
      id,
      { kind: 'changePriority', priority: 'P1', reason: 'the whole organisation is down' },
      actions.actor('slack', 'UAGENT', 'Agent'),
    );
    expect(raised.ok).toBe(true);
    const im = new SlackUser(server.url, api, 'UIM');
    const value = (v: string) => ({ value: { type: 'plain_text_input', value: v } });
    const submitted = await im.send(
      im.interaction({
        type: 'view_submission',
        trigger_id: 't-assign',
        view: {
          id: 'VASSIGN',
          callback_id: 'ticket_assignRole',
          private_metadata: id,
          state: { values: { role: value('responder'), person: value('UOPS') } },
        },
      }),
      'application/x-www-form-urlencoded',
    );
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).not.toContain('errors');
    const ticket = (await store.tickets.get(id))!;
    expect(ticket.incident!.responders).toEqual([{ id: 'slack:UOPS', name: 'UOPS' }]);
  });

  it('a ticket raised to P1 gets its Slack channel; pins and the timeline reaction there land on the incident timeline', async () => {
    const requester = new SlackUser(server.url, api, 'UJAN');
    const id = await dmIntake(requester, ANSWERS);
    const { actions, store } = server.context;
    const raised = await actions.perform(
      id,
      { kind: 'changePriority', priority: 'P1', reason: 'the whole organisation is down' },
      actions.actor('slack', 'UAGENT', 'Agent'),
    );
    expect(raised.ok).toBe(true);
    for (let i = 0; i < 5 && !(await store.tickets.get(id))?.incident?.channel; i++)
      await server.bot.delivery.runOnce();
    // The invitations, the pin and the notices are the outbox entries the opening wrote.
    for (let i = 0; i < 5 && (await server.bot.delivery.runOnce()) > 0; i++);

    // The channel, through SlackIncidentChannels on the real outbox.
    const ticket = (await store.tickets.get(id))!;
    const channelId = ticket.incident!.channel!.id;
    const channel = api.channels.get(channelId)!;
    expect(channel.name).toBe(`inc-${id.toLowerCase()}-acme`);
    expect(ticket.incident!.channel).toMatchObject({ platform: 'slack', name: channel.name });
    expect([...channel.members].sort()).toEqual(['UBOT', 'UIM', 'UJAN']);
    expect(channel.pins).toHaveLength(1);
    expect(channel.topic).toContain(`${id} P1`);
    const card = api.of('chat.postMessage').find((p) => p.channel === channelId)!;
    expect(JSON.stringify(card.attachments)).toContain(id);
    // The incident manager is sent to the channel that exists, by its real name and a link,
    // only once it exists.
    const created = api.calls.findIndex(
      (c) => c.method === 'conversations.create' && c.args.name === channel.name,
    );
    const notices = api.calls
      .map((c, i) => ({ i, ...c }))
      .filter(
        (c) => c.method === 'chat.postMessage' && String(c.args.text).includes(`New P1 escalation ${id}`),
      );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.i).toBeGreaterThan(created);
    expect(String(notices[0]!.args.channel)).toBe('DUIM');
    expect(String(notices[0]!.args.text)).toContain(
      `Assess it in #${channel.name} (https://acme.slack.com/archives/${channelId}/p${String(card.ts).replace('.', '')}).`,
    );

    // A person pins a message, another marks one with the timeline reaction (and one with another).
    const im = new SlackUser(server.url, api, 'UIM');
    const pinned = await im.send(
      im.eventBody(
        {
          type: 'pin_added',
          user: 'UIM',
          channel_id: channelId,
          item: {
            type: 'message',
            channel: channelId,
            message: {
              type: 'message',
              user: 'UOPS',
              text: 'Cause: the certificate expired',
              ts: '1800000000.000100',
            },
          },
        },
        'EvE2EPIN',
      ),
      'application/json',
    );
    expect(pinned.status).toBe(200);
    api.addMessage(channelId, { ts: '1800000100.000100', text: 'New certificate deployed' });
    for (const [reaction, eventId] of [
      ['pushpin', 'EvE2EREACT'],
      ['tada', 'EvE2EOTHER'],
      ['pushpin', 'EvE2EREACT'],
    ] as const) {
      const marked = await requester.send(
        requester.eventBody(
          {
            type: 'reaction_added',
            user: 'UJAN',
            reaction,
            item: { type: 'message', channel: channelId, ts: '1800000100.000100' },
          },
          eventId,
        ),
        'application/json',
      );
      expect(marked.status).toBe(200);
    }

    const timeline = await store.tickets.timeline(id);
    const entries = timeline
      .filter((e) => e.type === 'messagePinned' || e.type === 'messageMarked')
      .map((e) => ({ type: e.type, actor: e.actor, data: e.data }));
    // The redelivered reaction (same event id) is recorded once; the other reaction not at all.
    expect(entries).toEqual([
      { type: 'messagePinned', actor: 'slack:UIM', data: { text: 'Cause: the certificate expired' } },
      {
        type: 'messageMarked',
        actor: 'slack:UJAN',
        data: { text: 'New certificate deployed', reaction: 'pushpin' },
      },
    ]);
  });

  it('invitations through the outbox: a 500 is retried with backoff; someone Slack refuses is named to the incident manager and the support channel', async () => {
    const requester = new SlackUser(server.url, api, 'UGHOST');
    const id = await dmIntake(requester, ANSWERS);
    const { actions, store } = server.context;
    // The requester's account is gone by the time the channel opens; Slack fails once too.
    api.unknownUsers.add('UGHOST');
    api.failNext('conversations.invite', 500, 1);
    const raised = await actions.perform(
      id,
      { kind: 'changePriority', priority: 'P1', reason: 'the whole organisation is down' },
      actions.actor('slack', 'UAGENT', 'Agent'),
    );
    expect(raised.ok).toBe(true);
    const refusal = (to: string) =>
      api
        .succeeded('chat.postMessage')
        .filter((p) => p.channel === to && String(p.text).startsWith('Could not add User UGHOST (UGHOST)'));
    for (let i = 0; i < 100 && refusal('CSUPPORT').length === 0; i++) {
      await server.bot.delivery.runOnce();
      await new Promise((r) => setTimeout(r, 100));
    }
    const ticket = (await store.tickets.get(id))!;
    const channelId = ticket.incident!.channel!.id;
    const channel = api.channels.get(channelId)!;
    // The first call failed with a 500 and was retried; then UGHOST refused, the others added one by one.
    const invites = api.of('conversations.invite').filter((c) => c.channel === channelId);
    expect(invites.map((c) => c.users)).toEqual(['UGHOST,UIM', 'UGHOST,UIM', 'UGHOST', 'UIM']);
    expect([...channel.members].sort()).toEqual(['UBOT', 'UIM']);
    const said = `Could not add User UGHOST (UGHOST) to ${channel.name}, the incident channel of ${id}: user_not_found.`;
    expect(refusal('CSUPPORT').map((p) => String(p.text))).toEqual([`${said} Please add them by hand.`]);
    expect(refusal('DUIM').map((p) => String(p.text))).toEqual([`${said} Please add them by hand.`]);
    expect(channel.pins).toHaveLength(1);
  }, 20_000);
});
