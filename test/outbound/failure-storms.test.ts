import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { MAX_ATTEMPTS, retryDelayMs } from '../../src/app/outbox-delivery.js';
import { newIncident } from '../../src/core/incidents/incident.js';
import type { ChatAddress } from '../../src/ports/chat-address.js';
import type { OutboxMessage } from '../../src/ports/outbox.js';
import type { ServerTuning } from '../../src/wiring/server.js';
import { FakeConnector, type RecordedCall } from '../helpers/fake-connector.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { JumpingClock } from '../helpers/jumping-clock.js';
import { runCli } from '../helpers/run-cli.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET } from '../helpers/slack-user.js';
import { newTicket } from '../helpers/store-contract.js';

// Outbound storms that do not end: Slack answering 429 (with Retry-After) and 5xx, the Teams
// connector answering 5xx. Each failure is logged and retried with a growing backoff; after
// the last try the message is a dead letter, told to the support channel, shown on /readyz
// and listed by `ticketbot outbox dead`. The worker's passes are driven with a clock that
// jumps to each retry time, so the twenty minutes of backing off take a few seconds.

let api: FakeSlackApi | undefined;
let connector: FakeConnector | undefined;
let graph: FakeGraph | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await api?.stop();
  await connector?.stop();
  await graph?.stop();
  server = api = connector = graph = undefined;
});

/** Where every storm starts (the worker's clock then jumps to each retry time). */
const START = Date.UTC(2026, 10, 24, 9, 0);
const TEAM = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ESCALATION = '19:escalation@thread.tacv2';

interface OutboxRow {
  status: string;
  attempts: number;
  due_at: number;
  last_error: string | null;
  lease_owner: string | null;
}

function row(store: SqliteStore, key: string): OutboxRow {
  return store.db
    .prepare<[string], OutboxRow>(
      'SELECT status, attempts, due_at, last_error, lease_owner FROM outbox WHERE key = ?',
    )
    .get(key)!;
}

/** The server's JSON log lines about one outbox key. */
function logLinesAbout(
  srv: RunningServer,
  key: string,
): Array<{ msg: string; attempts: number; err: string }> {
  return srv.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg: string; key?: string; attempts: number; err: string })
    .filter((line) => line.key === key);
}

async function boot(
  clock: JumpingClock,
  env: Record<string, string> = {},
  tuning: ServerTuning = {},
): Promise<RunningServer> {
  api = await new FakeSlackApi().start();
  server = await startServer(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-storm',
      SLACK_API_URL: api.url,
      SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
      ...env,
    },
    { clock, workers: false, ...tuning },
  );
  return server;
}

async function queue(srv: RunningServer, clock: JumpingClock, key: string, to: ChatAddress): Promise<void> {
  await queueMessage(srv, clock, key, { kind: 'text', to, text: 'The printer works again.' });
}

async function queueMessage(
  srv: RunningServer,
  clock: JumpingClock,
  key: string,
  message: OutboxMessage,
): Promise<void> {
  await srv.context.store.commit({ at: clock.now(), outbox: [{ key, lane: `storm:${key}`, message }] });
}

/** A Teams conversation the bot has talked in before (its stored reference). */
function teamsConversation(connectorUrl: string, id: string): ChatAddress {
  return {
    platform: 'teams',
    kind: 'conversation',
    id,
    reference: {
      channelId: 'msteams',
      serviceUrl: connectorUrl,
      conversation: { id, conversationType: 'personal', tenantId: 't1' },
      bot: { id: '28:bot', name: 'ticketbot' },
      user: { id: '29:user', name: 'User' },
    },
  };
}

/**
 * Runs the worker's pass at each retry time until the message is a dead letter; returns
 * what each failed attempt left behind.
 */
async function failUntilDead(srv: RunningServer, clock: JumpingClock, key: string): Promise<OutboxRow[]> {
  const store = srv.context.store as SqliteStore;
  const seen: OutboxRow[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    expect(await srv.bot.delivery.runOnce(), `attempt ${attempt}`).toBeGreaterThanOrEqual(1);
    const after = row(store, key);
    seen.push(after);
    if (after.status === 'dead') break;
    // Not a moment before its time: a pass just before the retry time leaves it alone.
    clock.at = after.due_at - 1;
    expect(await srv.bot.delivery.runOnce()).toBe(0);
    clock.at = after.due_at;
  }
  return seen;
}

/** A server with Teams (development mode) talking to a fresh fake connector, its clock at START. */
async function bootTeams(
  env: Record<string, string> = {},
  tuning: ServerTuning = {},
): Promise<{ srv: RunningServer; clock: JumpingClock; connector: FakeConnector }> {
  const started = await new FakeConnector().start();
  connector = started;
  const clock = new JumpingClock(START);
  const srv = await boot(clock, { TICKETBOT_DEV: '1', TEAMS_SERVICE_URL: started.url, ...env }, tuning);
  return { srv, clock, connector: started };
}

/** Every try but the last left the entry pending, the last dead, with the backoff between tries. */
function expectRetriedUntilDead(rows: OutboxRow[]): void {
  expect(rows.map((r) => r.status)).toEqual([
    ...Array.from({ length: MAX_ATTEMPTS - 1 }, () => 'pending'),
    'dead',
  ]);
  const waits = rows.slice(1, -1).map((r, i) => r.due_at - rows[i]!.due_at);
  expect(waits).toEqual(Array.from({ length: MAX_ATTEMPTS - 2 }, (_, i) => retryDelayMs(i + 2)));
}

/** The sends the connector got for one conversation (POSTs of activities to it). */
function sendsTo(fake: FakeConnector, conversation: string): RecordedCall[] {
  return fake.calls.filter((c) =>
    c.path.startsWith(`/v3/conversations/${encodeURIComponent(conversation)}/`),
  );
}

/** The dead-letter notice the support channel got, once the worker's next pass delivered it. */
async function noticesInSupport(srv: RunningServer, clock: JumpingClock): Promise<string[]> {
  clock.at += 1;
  await srv.bot.delivery.runOnce();
  return api!
    .succeeded('chat.postMessage')
    .filter((p) => p.channel === 'CSUPPORT')
    .map((p) => String(p.text));
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const giveUp = Date.now() + ms;
  while (!check()) {
    if (Date.now() > giveUp) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function readiness(srv: RunningServer): Promise<{ status: number; body: string }> {
  const response = await fetch(`${srv.url}/readyz`);
  return { status: response.status, body: await response.text() };
}

describe('outbound failure storms', () => {
  it('Slack 429s (Retry-After) then 5xx without end: backoff, a dead letter after the last try, told and shown', async () => {
    const clock = new JumpingClock(START);
    const srv = await boot(clock);
    const key = 'storm:slack';
    await queue(srv, clock, key, { platform: 'slack', kind: 'channel', id: 'CTEAM' });
    // Retry-After 2 s once (handed back at once by the client; the next try waits at least as
    // long), then 429s with no wait and 503s for every try that is left.
    api!.failNext('chat.postMessage', 429, 1, 2);
    api!.failNext('chat.postMessage', 429, 3, 0);
    api!.failNext('chat.postMessage', 503, MAX_ATTEMPTS - 4);
    // The workers are driven by hand here, so /readyz says they are not running; but no dead letters yet.
    expect((await readiness(srv)).body).not.toContain('dead letters');

    const rows = await failUntilDead(srv, clock, key);

    expect(rows).toHaveLength(MAX_ATTEMPTS);
    expect(rows.map((r) => r.attempts)).toEqual(Array.from({ length: MAX_ATTEMPTS }, (_, i) => i + 1));
    expect(rows.at(-1)).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    expect(rows.slice(0, -1).every((r) => r.status === 'pending')).toBe(true);
    // The waits between tries: Retry-After (2 s) where it is longer than the backoff, then 2 s, 4 s, 8 s ...
    const waits = rows.slice(0, -1).map((r, i) => r.due_at - (i === 0 ? 0 : rows[i - 1]!.due_at));
    waits[0] = rows[0]!.due_at - START;
    expect(waits).toEqual([
      2_000,
      ...Array.from({ length: MAX_ATTEMPTS - 2 }, (_, i) => retryDelayMs(i + 2)),
    ]);
    // A 429 is certainly not sent, and said so; a 503 may have been.
    expect(rows[0]!.last_error).toBe('not sent (try 1): Slack rate limited the call (Retry-After 2 s)');
    expect(rows[1]!.last_error).toBe('not sent (try 2): Slack rate limited the call (Retry-After 0 s)');
    expect(rows.at(-1)!.last_error).toMatch(/^may have been sent: .*503/);
    // Every try reached Slack; a try after a 503 looked for an earlier copy first, a try
    // after a 429 did not (the four 429s sent nothing, so tries 2-5 send straight away).
    expect(api!.of('chat.postMessage').filter((m) => m.channel === 'CTEAM')).toHaveLength(MAX_ATTEMPTS);
    expect(api!.of('conversations.history').filter((m) => m.channel === 'CTEAM')).toHaveLength(
      MAX_ATTEMPTS - 5,
    );

    // Never silent: a log line for every failed try, the last one an error.
    const lines = logLinesAbout(srv, key);
    expect(lines.map((l) => l.msg)).toEqual([
      ...Array.from({ length: MAX_ATTEMPTS - 1 }, () => 'delivery failed; retrying'),
      'message dead-lettered',
    ]);
    expect(lines.map((l) => l.attempts)).toEqual(Array.from({ length: MAX_ATTEMPTS }, (_, i) => i + 1));

    const notices = await noticesInSupport(srv, clock);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      new RegExp(
        `^ticketbot could not deliver a message \\(text to slack channel CTEAM\\) after ${MAX_ATTEMPTS} attempts: may have been sent: .*503`,
      ),
    );
    // Told once: later passes do not repeat it.
    expect(await noticesInSupport(srv, clock)).toHaveLength(1);

    const ready = await readiness(srv);
    expect(ready.status).toBe(503);
    expect(ready.body).toContain('1 message(s) could not be delivered (dead letters)');

    const dead = await runCli(['outbox', 'dead'], { env: { DATA_DIR: srv.context.config.dataDir } });
    expect(dead.code, dead.stderr).toBe(0);
    expect(dead.stdout).toContain(
      `${key}\ttext\tslack channel CTEAM\t${MAX_ATTEMPTS} attempts\tmay have been sent:`,
    );
  }, 30_000);

  it('a Teams connector answering 5xx to every try: the same, and the Slack support channel is told', async () => {
    const { srv, clock, connector } = await bootTeams();
    const key = 'storm:teams';
    const conversation = 'a:storm-conversation';
    await queue(srv, clock, key, teamsConversation(connector.url, conversation));
    // 500s and 503s: the connector client never repeats a post itself (it did, three
    // times per try, showing a user each copy a failing connector had taken): one per try.
    connector.failNext(5, 500);
    connector.failNext(MAX_ATTEMPTS - 5, 503);

    const rows = await failUntilDead(srv, clock, key);

    expectRetriedUntilDead(rows);
    const sends = sendsTo(connector, conversation);
    expect(sends).toHaveLength(MAX_ATTEMPTS);
    expect(connector.delivered()).toEqual([]);
    // Every try failed on the wire and was counted as failed (none taken for sent).
    expect(rows.every((r) => r.last_error?.startsWith('may have been sent: connector failure (test)'))).toBe(
      true,
    );
    expect(logLinesAbout(srv, key)).toHaveLength(MAX_ATTEMPTS);

    const notices = await noticesInSupport(srv, clock);
    expect(notices).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ticketbot could not deliver a message \\(text to teams conversation ${conversation}\\) after ${MAX_ATTEMPTS} attempts: `,
        ),
      ),
    ]);
    expect((await readiness(srv)).status).toBe(503);
  }, 30_000);

  it('a Teams connector that never answers: each request times out, counts as perhaps sent, and the same backoff and dead letter follow', async () => {
    const timeout = 300;
    const { srv, clock, connector } = await bootTeams({}, { connectorTimeoutMs: timeout });
    const key = 'storm:teams-hanging';
    const conversation = 'a:hanging-conversation';
    await queue(srv, clock, key, teamsConversation(connector.url, conversation));
    // Every send hangs for a minute (then fails): far longer than the timeout.
    connector.holdNext(MAX_ATTEMPTS, 60_000);
    connector.failNext(MAX_ATTEMPTS, 504);
    // A Slack message in another lane is not held up by the hang.
    await queue(srv, clock, 'storm:slack-beside', { platform: 'slack', kind: 'channel', id: 'CTEAM' });

    const started = Date.now();
    const rows = await failUntilDead(srv, clock, key);
    const took = Date.now() - started;

    expect(api!.succeeded('chat.postMessage').filter((p) => p.channel === 'CTEAM')).toHaveLength(1);
    expectRetriedUntilDead(rows);
    // Each try ended at the timeout, not when the connector gave up.
    expect(took).toBeLessThan(MAX_ATTEMPTS * timeout + 10_000);
    expect(rows.map((r) => r.last_error)).toEqual(
      rows.map(
        () => `may have been sent: the Teams connector did not answer within ${timeout / 1000} s (timeout)`,
      ),
    );
    // One request per try, each cut off (the connector client does not retry it by itself).
    expect(sendsTo(connector, conversation)).toHaveLength(MAX_ATTEMPTS);
    expect(logLinesAbout(srv, key).map((l) => l.msg)).toEqual([
      ...Array.from({ length: MAX_ATTEMPTS - 1 }, () => 'delivery failed; retrying'),
      'message dead-lettered',
    ]);
    const notices = await noticesInSupport(srv, clock);
    expect(notices).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ticketbot could not deliver a message \\(text to teams conversation ${conversation}\\) after ${MAX_ATTEMPTS} attempts: may have been sent: the Teams connector did not answer`,
        ),
      ),
    ]);
    expect((await readiness(srv)).body).toContain('1 message(s) could not be delivered (dead letters)');
  }, 60_000);

  it('a Slack Web API that never answers: the call times out, counts as perhaps sent, and the next try looks before it sends', async () => {
    const timeout = 300;
    const clock = new JumpingClock(START);
    const srv = await boot(clock, {}, { slackTimeoutMs: timeout });
    const store = srv.context.store as SqliteStore;
    const key = 'storm:slack-hanging';
    await queue(srv, clock, key, { platform: 'slack', kind: 'channel', id: 'CHANG' });
    api!.delayNext('chat.postMessage', 60_000);

    const started = Date.now();
    expect(await srv.bot.delivery.runOnce()).toBe(1);
    expect(Date.now() - started).toBeLessThan(timeout + 2_000);
    const failed = row(store, key);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lease_owner: null });
    expect(failed.last_error).toMatch(/^may have been sent: .*did not answer within 0\.3 s \(timeout\)/);

    // The next try finds no copy of the message (the hung call never reached the channel) and sends it.
    clock.at = failed.due_at;
    expect(await srv.bot.delivery.runOnce()).toBe(1);
    expect(row(store, key)).toMatchObject({ status: 'done', attempts: 2 });
    expect(api!.of('conversations.history').filter((c) => c.channel === 'CHANG')).toHaveLength(1);
    expect(api!.succeeded('chat.postMessage').filter((p) => p.channel === 'CHANG')).toHaveLength(1);
    expect(logLinesAbout(srv, key).map((l) => l.msg)).toEqual(['delivery failed; retrying']);
  }, 30_000);

  it('a slow platform holds a pass at most the send deadline; its try finishes in the background and is sent once', async () => {
    const deadline = 300;
    const { srv, clock, connector } = await bootTeams({}, { sendDeadlineMs: deadline });
    const store = srv.context.store as SqliteStore;
    const key = 'storm:teams-slow';
    const conversation = 'a:slow-conversation';
    await queue(srv, clock, key, teamsConversation(connector.url, conversation));
    await queue(srv, clock, 'storm:slack-beside', { platform: 'slack', kind: 'channel', id: 'CTEAM' });
    connector.holdNext(1, 2_500);

    const started = Date.now();
    expect(await srv.bot.delivery.runOnce()).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(api!.succeeded('chat.postMessage').filter((p) => p.channel === 'CTEAM')).toHaveLength(1);
    // Still leased to this process while its answer is awaited: no pass sends it again.
    expect(row(store, key)).toMatchObject({ status: 'pending', attempts: 1 });
    clock.at += 60_000 - 1;
    expect(await srv.bot.delivery.runOnce()).toBe(0);
    await until('the slow try to finish', () => row(store, key).status === 'done', 10_000);

    const sends = sendsTo(connector, conversation);
    expect(sends).toHaveLength(1);
    expect(row(store, key)).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(logLinesAbout(srv, key).map((l) => l.msg)).toEqual([
      'no answer yet; the try goes on in the background',
    ]);
  }, 30_000);

  it('a try that outlasts its lease keeps it renewed: no other process starts the same send beside it', async () => {
    const lease = 1_000;
    const { srv, clock, connector } = await bootTeams({}, { sendDeadlineMs: 100, outboxLeaseMs: lease });
    const store = srv.context.store as SqliteStore;
    const key = 'storm:teams-very-slow';
    const conversation = 'a:very-slow-conversation';
    await queue(srv, clock, key, teamsConversation(connector.url, conversation));
    connector.holdNext(1, 4_000);

    expect(await srv.bot.delivery.runOnce()).toBe(1);
    // Three leases' time later, on the store's clock, the try still holds the entry:
    // another replica's worker finds nothing to send.
    await new Promise((resolve) => setTimeout(resolve, 3 * lease));
    expect(row(store, key)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await store.outbox.claim('another-replica', clock.now(), lease, 10)).toEqual([]);
    await until('the slow try to finish', () => row(store, key).status === 'done', 10_000);

    expect(sendsTo(connector, conversation)).toHaveLength(1);
    expect(row(store, key)).toMatchObject({ status: 'done', attempts: 1, lease_owner: null });
    expect(logLinesAbout(srv, key).map((l) => l.msg)).toEqual([
      'no answer yet; the try goes on in the background',
    ]);
  }, 30_000);

  it('Slack refusing the incident channel with no support channel to fall back to: the incident manager hears why in a direct message', async () => {
    const clock = new JumpingClock(START);
    const srv = await boot(clock, { SLACK_SUPPORT_CHANNEL: '', TICKETBOT_INCIDENT_MANAGERS: 'slack:UIM' });
    api!.refuseWhen('conversations.create', () => true, 'restricted_action');
    const created = await srv.context.store.commit({
      at: clock.now(),
      createTicket: {
        ticket: newTicket({ company: 'Nowhere BV', incident: newIncident(clock.now()) }),
        event: { at: clock.now(), actor: 'slack:U123', type: 'created', data: { priority: 'P1' } },
      },
    });
    const id = created.ticket!.id;
    const key = `incident:${id}:open`;
    await queueMessage(srv, clock, key, {
      kind: 'openIncident',
      platform: 'slack',
      ticketId: id,
      invite: [],
    });
    await srv.bot.delivery.runOnce();
    expect(row(srv.context.store as SqliteStore, key)).toMatchObject({ status: 'dead' });
    clock.at += 1;
    await srv.bot.delivery.runOnce();
    const dms = api!
      .succeeded('chat.postMessage')
      .filter((m) => m.channel !== 'CSUPPORT')
      .map((m) => String(m.text));
    expect(dms).toEqual([expect.stringContaining(`New P1 escalation ${id}`)]);
    expect(dms[0]).toContain(
      'No incident channel could be opened for it: Slack refused conversations.create: restricted_action; and no slack support channel to fall back to.',
    );
    expect(dms[0]).toContain(`ticketbot outbox retry ${key}`);
    expect(api!.of('conversations.open').map((m) => m.users)).toEqual(['UIM']);
  }, 30_000);

  it('Graph refusing: a refused channel runs the incident in the escalation channel, saying why; archives refused without end are retried, then dead-lettered and told', async () => {
    graph = await new FakeGraph().start();
    const { srv, clock, connector } = await bootTeams({
      GRAPH_API_URL: graph.url,
      TEAMS_INCIDENT_TEAM_ID: TEAM,
      TEAMS_ESCALATION_CHANNEL: ESCALATION,
    });
    const store = srv.context.store;
    const incidentTicket = async (company: string) => {
      const created = await store.commit({
        at: clock.now(),
        createTicket: {
          ticket: newTicket({ company, incident: newIncident(clock.now()) }),
          event: { at: clock.now(), actor: 'slack:U123', type: 'created', data: { priority: 'P1' } },
        },
      });
      return created.ticket!.id;
    };

    // Creation refused (no permission): the incident opens at once in a thread of the
    // escalation channel, and the incident managers (here: the support channel) hear why.
    graph.refuse = { status: 403, code: 'Forbidden', message: 'Missing role permissions on the request.' };
    const refusedId = await incidentTicket('Refused BV');
    await queueMessage(srv, clock, 'storm:open-refused', {
      kind: 'openIncident',
      platform: 'teams',
      ticketId: refusedId,
      invite: [],
    });
    await srv.bot.delivery.runOnce();
    const refused = await store.tickets.get(refusedId);
    expect(refused?.incident?.channel).toMatchObject({
      platform: 'teams',
      fallbackReason: expect.stringContaining('Graph refused channel creation (403 Forbidden: Forbidden'),
    });
    expect(
      connector.calls.filter(
        (c) =>
          c.path === '/v3/conversations' &&
          (c.body.channelData as { channel?: { id?: string } }).channel?.id === ESCALATION,
      ),
    ).toHaveLength(1);
    // Sent there once it exists: the thread's deep link, and why it is not a channel (one
    // after the other in the support channel's lane).
    await noticesInSupport(srv, clock);
    expect(await noticesInSupport(srv, clock)).toEqual([
      expect.stringMatching(
        /Assess it in .*\(thread in the escalation channel\) \(https:\/\/teams\.microsoft\.com\/l\/message\//,
      ),
      expect.stringContaining('Graph refused channel creation (403 Forbidden'),
    ]);

    // A channel made through Graph, whose archive Graph then answers 503 on every try.
    graph.refuse = null;
    const madeId = await incidentTicket('Made BV');
    await queueMessage(srv, clock, 'storm:open-made', {
      kind: 'openIncident',
      platform: 'teams',
      ticketId: madeId,
      invite: [],
    });
    await srv.bot.delivery.runOnce();
    expect((await store.tickets.get(madeId))?.incident?.channel?.fallbackReason).toBeUndefined();
    graph.refuse = { status: 503, code: 'ServiceUnavailable', message: 'Try again later.' };
    const key = 'storm:archive';
    await queueMessage(srv, clock, key, { kind: 'archiveIncident', ticketId: madeId });
    const archives = () => graph!.calls.filter((c) => c.path.endsWith('/archive')).length;

    const rows = await failUntilDead(srv, clock, key);

    expectRetriedUntilDead(rows);
    expect(archives()).toBe(MAX_ATTEMPTS);
    expect(rows.at(-1)!.last_error).toMatch(/503 Service Unavailable: ServiceUnavailable/);
    const notices = await noticesInSupport(srv, clock);
    expect(notices.at(-1)).toMatch(
      new RegExp(
        `^ticketbot could not deliver a message \\(archiveIncident .*\\) after ${MAX_ATTEMPTS} attempts: .*503`,
      ),
    );
    expect((await readiness(srv)).body).toContain('1 message(s) could not be delivered (dead letters)');

    // Refused for good (403): dead at the first try, told the same way.
    graph.refuse = { status: 403, code: 'Forbidden', message: 'Missing role permissions on the request.' };
    await queueMessage(srv, clock, 'storm:archive-forbidden', { kind: 'archiveIncident', ticketId: madeId });
    clock.at += 1;
    await srv.bot.delivery.runOnce();
    expect(row(store as SqliteStore, 'storm:archive-forbidden')).toMatchObject({
      status: 'dead',
      attempts: 1,
    });
    expect((await noticesInSupport(srv, clock)).at(-1)).toContain(
      'Graph refused to archive the incident channel',
    );
  }, 60_000);
});
