import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/adapters/teams/graph-client.js';
import {
  TeamsIncidentChannels,
  type TeamsIncidentChannelsOptions,
  teamsChannelName,
} from '../../../src/adapters/teams/teams-incident-channels.js';
import { type CardRendering, PermanentDeliveryError } from '../../../src/ports/chat-publisher.js';
import type { IncidentChannelRequest, IncidentChannels } from '../../../src/ports/incident-channels.js';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { FakeGraph, type GraphCall } from '../../helpers/fake-graph.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';

const APP_ID = '00000000-1111-2222-3333-444444444444';
const TENANT = '99999999-8888-7777-6666-555555555555';
const TEAM = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ESCALATION = '19:escalation@thread.tacv2';

let connector: FakeConnector;
let graph: FakeGraph;
const tokenRequests: Array<{ path: string; body: URLSearchParams }> = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  connector = await new FakeConnector().start();
  graph = await new FakeGraph().start();
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  // Entra ID, for both the bot's connector token and its Graph token (told apart by scope).
  nock('https://login.microsoftonline.com')
    .persist()
    .get(/\/discovery\/instance/)
    .reply(200, (uri) => ({
      tenant_discovery_endpoint: `https://login.microsoftonline.com/${uri.split('/')[1]}/v2.0/.well-known/openid-configuration`,
      metadata: [
        {
          preferred_network: 'login.microsoftonline.com',
          preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com'],
        },
      ],
    }))
    .get(/\/v2\.0\/\.well-known\/openid-configuration/)
    .reply(200, (uri) => {
      const tenant = uri.split('/')[1];
      return {
        token_endpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        jwks_uri: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
        end_session_endpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/logout`,
      };
    })
    .post(/\/oauth2\/v2\.0\/token/)
    .reply(200, (uri, body) => {
      const form = new URLSearchParams(String(body));
      tokenRequests.push({ path: uri.split('?')[0]!, body: form });
      const forGraph = form.get('scope')?.includes('graph.microsoft.com');
      return {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: forGraph ? 'graph-app-token' : 'bot-outbound-token',
      };
    });
});

afterEach(async () => {
  graph.taken.clear();
  graph.refuse = null;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await connector?.stop();
  await graph?.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

/** The Teams incident channels of a real server started with this environment. */
async function teamsWith(env: Record<string, string>): Promise<IncidentChannels> {
  const server = await startServer({
    TEAMS_SERVICE_URL: connector.url,
    GRAPH_API_URL: graph.url,
    ...env,
  });
  servers.push(server);
  const channels = server.bot.teams?.incidentChannels;
  if (!channels) throw new Error('Teams is not configured');
  return channels;
}

const authenticated = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'app-secret',
  MicrosoftAppType: 'SingleTenant',
  MicrosoftAppTenantId: TENANT,
};

const rendering: CardRendering = {
  now: Date.now(),
  policy: undefined,
  actions: [],
  timeZone: 'Europe/Amsterdam',
};

function request(overrides: Partial<IncidentChannelRequest> = {}): IncidentChannelRequest {
  return {
    ticket: sampleTicket(),
    name: 'inc-tck-000042-acme',
    topic: 'TCK-000042 P1 assessing: Nobody can sign in',
    invite: [],
    rendering,
    key: `open:${Math.random()}`,
    ...overrides,
  };
}

/** Threads the bot started in channels (POST /v3/conversations), from a given index on. */
function threadsStarted(from: number): Array<{ body: any; authorization: string | undefined }> {
  return connector.calls.slice(from).filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
}

function graphCallsFrom(from: number): GraphCall[] {
  return graph.calls.slice(from);
}

describe('Teams incident channels through Microsoft Graph', () => {
  it('creates a standard channel with the bot app token and posts the ticket card as its first message', async () => {
    const channels = await teamsWith({ ...authenticated, TEAMS_INCIDENT_TEAM_ID: TEAM });
    const [g, c] = [graph.calls.length, connector.calls.length];
    const opened = await channels.open(request());

    expect(graphCallsFrom(g)).toEqual([
      {
        method: 'POST',
        path: `/v1.0/teams/${TEAM}/channels`,
        body: {
          displayName: 'inc-tck-000042-acme',
          description: 'TCK-000042 P1 assessing: Nobody can sign in',
          membershipType: 'standard',
        },
        authorization: 'Bearer graph-app-token',
      },
    ]);
    const graphToken = tokenRequests.find((r) => r.body.get('scope')?.includes('graph.microsoft.com'));
    expect(graphToken?.path).toBe(`/${TENANT}/oauth2/v2.0/token`);
    expect(graphToken?.body.get('client_id')).toBe(APP_ID);
    expect(graphToken?.body.get('client_secret')).toBe('app-secret');
    expect(graphToken?.body.get('grant_type')).toBe('client_credentials');
    expect(graphToken?.body.get('scope')).toBe('https://graph.microsoft.com/.default');

    const [thread] = threadsStarted(c);
    const channelId = graph.created.at(-1)!;
    expect(thread?.authorization).toBe('Bearer bot-outbound-token');
    expect(thread?.body.channelData).toEqual({ channel: { id: channelId }, tenant: { id: TENANT } });
    expect(thread?.body.activity.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(thread?.body.activity)).toContain('TCK-000042');

    expect(opened.name).toBe('inc-tck-000042-acme');
    expect(opened.fallbackReason).toBeUndefined();
    expect(opened.channel).toMatchObject({
      platform: 'teams',
      kind: 'conversation',
      id: expect.stringMatching(new RegExp(`^${channelId};messageid=channel-act-\\d+$`)),
      reference: {
        serviceUrl: connector.url,
        conversation: { id: opened.channel.id },
        graphChannel: { teamId: TEAM, channelId },
      },
    });
    expect(opened.card?.conversationId).toBe(opened.channel.id);
    expect(opened.card?.messageId).toBe(/;messageid=(.+)$/.exec(opened.channel.id)?.[1]);

    // No topic in Teams: nothing is sent. Archive goes through Graph, never a delete.
    const [g2, c2] = [graph.calls.length, connector.calls.length];
    await channels.setTopic(opened.channel, 'TCK-000042 P1 running');
    expect([graph.calls.length, connector.calls.length]).toEqual([g2, c2]);
    await channels.archive(opened.channel);
    expect(graphCallsFrom(g2)).toEqual([
      {
        method: 'POST',
        path: `/v1.0/teams/${TEAM}/channels/${channelId}/archive`,
        body: {},
        authorization: 'Bearer graph-app-token',
      },
    ]);
  });

  it('takes the next free name when the name is taken, within the 50 characters of a Teams channel', async () => {
    const channels = await teamsWith({ ...authenticated, TEAMS_INCIDENT_TEAM_ID: TEAM });
    graph.taken.add('inc-tck-000042-acme');
    graph.taken.add('inc-tck-000042-acme-2');
    const g = graph.calls.length;
    const opened = await channels.open(request());
    expect(graphCallsFrom(g).map((call) => call.body.displayName)).toEqual([
      'inc-tck-000042-acme',
      'inc-tck-000042-acme-2',
      'inc-tck-000042-acme-3',
    ]);
    expect(opened.name).toBe('inc-tck-000042-acme-3');
    expect(opened.fallbackReason).toBeUndefined();

    const long = `inc-tck-000043-${'x'.repeat(70)}`;
    graph.taken.add(teamsChannelName(long, 0));
    const g2 = graph.calls.length;
    const second = await channels.open(request({ name: long }));
    const names = graphCallsFrom(g2).map((call) => String(call.body.displayName));
    expect(names.map((n) => n.length)).toEqual([50, 50]);
    expect(names[1]).toBe(`${long.slice(0, 48)}-2`);
    expect(second.name).toBe(names[1]);
  });

  it.each([
    [403, 'Forbidden', 'Missing role permissions on the request.', '403 Forbidden: Forbidden'],
    [404, 'NotFound', 'No team found with Group Id', '404 Not Found: NotFound'],
  ])(
    'Graph %i: the incident runs in a new thread of the escalation channel, saying why',
    async (status, code, message, said) => {
      const channels = await teamsWith({
        ...authenticated,
        TEAMS_INCIDENT_TEAM_ID: TEAM,
        TEAMS_ESCALATION_CHANNEL: ESCALATION,
      });
      graph.refuse = { status, code, message };
      const c = connector.calls.length;
      const opened = await channels.open(request());
      expect(opened.fallbackReason).toBe(`Graph refused channel creation (${said}: ${message})`);
      const threads = threadsStarted(c);
      expect(threads).toHaveLength(1);
      expect(threads[0]?.body.channelData).toEqual({ channel: { id: ESCALATION }, tenant: { id: TENANT } });
      expect(opened.channel.id).toMatch(/^19:escalation@thread\.tacv2;messageid=channel-act-\d+$/);
      expect(opened.card?.conversationId).toBe(opened.channel.id);
      expect(opened.channel.reference).not.toHaveProperty('graphChannel');

      // A thread in the escalation channel is never archived.
      const g = graph.calls.length;
      await channels.archive(opened.channel);
      expect(graph.calls.length).toBe(g);
    },
  );

  it('Graph 5xx, 429 or no answer: retried by the outbox (a non-permanent error); the last chance falls back to the escalation channel', async () => {
    const channels = await teamsWith({
      ...authenticated,
      TEAMS_INCIDENT_TEAM_ID: TEAM,
      TEAMS_ESCALATION_CHANNEL: ESCALATION,
    });
    const c = connector.calls.length;
    for (const status of [503, 500, 429]) {
      graph.refuse = { status, code: 'ServiceUnavailable', message: 'Try again later.' };
      const error = await channels.open(request()).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    }
    expect(threadsStarted(c)).toEqual([]);
    const opened = await channels.open(request({ lastChance: true }));
    expect(opened.fallbackReason).toBe(
      'Graph refused channel creation (429 Too Many Requests: ServiceUnavailable: Try again later.)',
    );
    expect(threadsStarted(c)).toHaveLength(1);
  });

  it('a channel creation whose answer was lost: the retry adopts the channel Graph made (found by its name), no "-2"', async () => {
    const channels = await teamsWith({ ...authenticated, TEAMS_INCIDENT_TEAM_ID: TEAM });
    graph.loseNext = 1;
    const made = graph.created.length;
    const key = `open:${Math.random()}`;
    const lost = await channels.open(request({ key })).catch((err: unknown) => err);
    expect(lost).not.toBeInstanceOf(PermanentDeliveryError);
    expect(graph.created).toHaveLength(made + 1);
    const id = graph.created.at(-1)!;
    const g = graph.calls.length;
    const opened = await channels.open(request({ key, maybeCreated: true }));
    expect(opened.fallbackReason).toBeUndefined();
    expect(opened.name).toBe('inc-tck-000042-acme');
    expect(opened.channel.reference).toMatchObject({
      graphChannel: { teamId: TEAM, channelId: id },
    });
    expect(graph.created).toHaveLength(made + 1);
    expect(graphCallsFrom(g).map((call) => `${call.method} ${call.path}`)).toEqual([
      `POST /v1.0/teams/${TEAM}/channels`,
      `GET /v1.0/teams/${TEAM}/channels?$filter=displayName eq 'inc-tck-000042-acme'`,
    ]);
    // A deep link to the card's thread in that channel, for the incident managers.
    const link = await channels.link(opened.channel, opened.card);
    expect(link).toContain('https://teams.microsoft.com/l/message/');
    expect(link).toContain(encodeURIComponent(id));
  });

  it('without TEAMS_INCIDENT_TEAM_ID: a thread in the escalation channel, without calling Graph', async () => {
    const channels = await teamsWith({ ...authenticated, TEAMS_ESCALATION_CHANNEL: ESCALATION });
    const [g, c] = [graph.calls.length, connector.calls.length];
    const opened = await channels.open(request());
    expect(opened.fallbackReason).toBe('TEAMS_INCIDENT_TEAM_ID is not set');
    expect(graph.calls.length).toBe(g);
    const threads = threadsStarted(c);
    expect(threads.map((t) => t.body.channelData.channel.id)).toEqual([ESCALATION]);
    expect(opened.channel.id.startsWith(`${ESCALATION};messageid=`)).toBe(true);
  });

  it('with neither route: a permanent failure naming both reasons (never a silent drop)', async () => {
    const refused = await teamsWith({ ...authenticated, TEAMS_INCIDENT_TEAM_ID: TEAM });
    graph.refuse = { status: 403, code: 'Forbidden', message: 'Missing role permissions on the request.' };
    const c = connector.calls.length;
    const error = await refused.open(request()).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe(
      'no Teams incident channel for TCK-000042: Graph refused channel creation (403 Forbidden: Forbidden: Missing role permissions on the request.), and TEAMS_ESCALATION_CHANNEL is not set',
    );

    const unconfigured = await teamsWith({ ...authenticated });
    await expect(unconfigured.open(request())).rejects.toThrow(
      new PermanentDeliveryError(
        'no Teams incident channel for TCK-000042: TEAMS_INCIDENT_TEAM_ID is not set, and TEAMS_ESCALATION_CHANNEL is not set',
      ),
    );
    expect(threadsStarted(c)).toEqual([]);
  });

  it('a refused archive is a permanent failure (the dead letter tells the support channel)', async () => {
    const channels = await teamsWith({ ...authenticated, TEAMS_INCIDENT_TEAM_ID: TEAM });
    const opened = await channels.open(request());
    graph.refuse = { status: 403, code: 'Forbidden', message: 'Missing role permissions on the request.' };
    await expect(channels.archive(opened.channel)).rejects.toThrow(PermanentDeliveryError);
    graph.refuse = { status: 503, code: 'ServiceUnavailable', message: 'Try again later.' };
    const error = await channels.archive(opened.channel).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('without MicrosoftAppTenantId there is no Graph token: the fallback says so', async () => {
    const channels = await teamsWith({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'app-secret',
      TEAMS_INCIDENT_TEAM_ID: TEAM,
      TEAMS_ESCALATION_CHANNEL: ESCALATION,
    });
    const g = graph.calls.length;
    const opened = await channels.open(request());
    expect(opened.fallbackReason).toMatch(
      /^Graph refused channel creation \(MicrosoftAppTenantId is not set/,
    );
    expect(graph.calls.length).toBe(g);
  });
});

describe('Teams incident channels in local development mode', () => {
  it('calls Graph without a token when there are no credentials', async () => {
    const channels = await teamsWith({ TICKETBOT_DEV: '1', TEAMS_INCIDENT_TEAM_ID: TEAM });
    const tokens = tokenRequests.length;
    const [g, c] = [graph.calls.length, connector.calls.length];
    const opened = await channels.open(request());
    const calls = graphCallsFrom(g);
    expect(calls.map((call) => [call.method, call.path, call.authorization])).toEqual([
      ['POST', `/v1.0/teams/${TEAM}/channels`, undefined],
    ]);
    expect(tokenRequests.length).toBe(tokens);
    expect(opened.fallbackReason).toBeUndefined();
    const threads = threadsStarted(c);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.authorization).toBeUndefined();
  });
});

describe('Teams incident channels when the card cannot be posted in the new channel', () => {
  const ticket = sampleTicket();
  const posted = (channelId: string) => ({
    conversationId: `${channelId};messageid=m-1`,
    messageId: 'm-1',
    reference: { conversation: { id: `${channelId};messageid=m-1` } },
  });
  const incidentChannels = (publisher: TeamsIncidentChannelsOptions['publisher']) =>
    new TeamsIncidentChannels({
      publisher,
      graph: new GraphClient({ baseUrl: graph.url, token: async () => null }),
      incidentTeamId: TEAM,
      escalationChannel: ESCALATION,
      serviceUrl: connector.url,
      tenantId: TENANT,
    });

  it('a retry of the same outbox entry posts in the channel already made, not a second one', async () => {
    const targets: string[] = [];
    let failures = 1;
    const channels = incidentChannels({
      async postCard(to) {
        targets.push(to.id);
        if (failures-- > 0) throw Object.assign(new Error('connector timed out'), { statusCode: 502 });
        return posted(to.id);
      },
    });
    const g = graph.calls.length;
    const req = request({ ticket });
    await expect(channels.open(req)).rejects.toThrow('connector timed out');
    const opened = await channels.open(req);
    expect(graphCallsFrom(g).filter((call) => call.path.endsWith('/channels'))).toHaveLength(1);
    expect(targets).toEqual([graph.created.at(-1), graph.created.at(-1)]);
    expect(opened.fallbackReason).toBeUndefined();
    expect(opened.channel.reference).toMatchObject({ graphChannel: { channelId: graph.created.at(-1) } });
  });

  it('the bot is refused in the new channel (not in the team): the escalation channel, saying why', async () => {
    const targets: string[] = [];
    const channels = incidentChannels({
      async postCard(to) {
        targets.push(to.id);
        if (to.id !== ESCALATION) {
          throw Object.assign(new Error('BotNotInConversationRoster'), { statusCode: 403 });
        }
        return posted(to.id);
      },
    });
    const opened = await channels.open(request({ ticket }));
    expect(targets).toEqual([graph.created.at(-1), ESCALATION]);
    expect(opened.fallbackReason).toBe(
      'the bot could not post in the new channel inc-tck-000042-acme (BotNotInConversationRoster)',
    );
    expect(opened.channel.id).toBe(`${ESCALATION};messageid=m-1`);
  });
});
