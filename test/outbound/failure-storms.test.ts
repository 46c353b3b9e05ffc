import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { MAX_ATTEMPTS, retryDelayMs } from '../../src/app/outbox-delivery.js';
import type { ChatAddress } from '../../src/ports/chat-address.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { runCli } from '../helpers/run-cli.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET } from '../helpers/slack-user.js';

// Outbound storms that do not end: Slack answering 429 (with Retry-After) and 5xx, the Teams
// connector answering 5xx. Each failure is logged and retried with a growing backoff; after
// the last try the message is a dead letter, told to the support channel, shown on /readyz
// and listed by `ticketbot outbox dead`. The worker's passes are driven with a clock that
// jumps to each retry time, so the twenty minutes of backing off take a few seconds.

let api: FakeSlackApi | undefined;
let connector: FakeConnector | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await api?.stop();
  await connector?.stop();
  server = api = connector = undefined;
});

class JumpingClock {
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
}

interface OutboxRow {
  status: string;
  attempts: number;
  due_at: number;
  last_error: string | null;
}

function row(store: SqliteStore, key: string): OutboxRow {
  return store.db
    .prepare<[string], OutboxRow>('SELECT status, attempts, due_at, last_error FROM outbox WHERE key = ?')
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

async function boot(clock: JumpingClock, env: Record<string, string> = {}): Promise<RunningServer> {
  api = await new FakeSlackApi().start();
  server = await startServer(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-storm',
      SLACK_API_URL: api.url,
      SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
      ...env,
    },
    { clock, workers: false },
  );
  return server;
}

async function queue(srv: RunningServer, clock: JumpingClock, key: string, to: ChatAddress): Promise<void> {
  await srv.context.store.commit({
    at: clock.now(),
    outbox: [{ key, lane: `storm:${key}`, message: { kind: 'text', to, text: 'The printer works again.' } }],
  });
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

/** The dead-letter notice the support channel got, once the worker's next pass delivered it. */
async function noticesInSupport(srv: RunningServer, clock: JumpingClock): Promise<string[]> {
  clock.at += 1;
  await srv.bot.delivery.runOnce();
  return api!
    .succeeded('chat.postMessage')
    .filter((p) => p.channel === 'CSUPPORT')
    .map((p) => String(p.text));
}

async function readiness(srv: RunningServer): Promise<{ status: number; body: string }> {
  const response = await fetch(`${srv.url}/readyz`);
  return { status: response.status, body: await response.text() };
}

describe('outbound failure storms', () => {
  it('Slack 429s (Retry-After) then 5xx without end: backoff, a dead letter after the last try, told and shown', async () => {
    const clock = new JumpingClock(Date.UTC(2026, 10, 24, 9, 0));
    const srv = await boot(clock);
    const key = 'storm:slack';
    await queue(srv, clock, key, { platform: 'slack', kind: 'channel', id: 'CTEAM' });
    // Retry-After 2 s once (the client waits it out, and the next try waits at least as long),
    // then 429s with no wait and 503s for every try that is left.
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
    waits[0] = rows[0]!.due_at - Date.UTC(2026, 10, 24, 9, 0);
    expect(waits).toEqual([
      2_000,
      ...Array.from({ length: MAX_ATTEMPTS - 2 }, (_, i) => retryDelayMs(i + 2)),
    ]);
    // A 429 is certainly not sent, and said so; a 503 may have been.
    expect(rows[0]!.last_error).toBe('Slack rate limited the call (Retry-After 2 s)');
    expect(rows[1]!.last_error).toBe('Slack rate limited the call (Retry-After 0 s)');
    expect(rows.at(-1)!.last_error).toMatch(/^may have been sent: .*503/);
    // Every try reached Slack; every try after the first looked for an earlier copy first.
    expect(api!.of('chat.postMessage').filter((m) => m.channel === 'CTEAM')).toHaveLength(MAX_ATTEMPTS);
    expect(api!.of('conversations.history').filter((m) => m.channel === 'CTEAM')).toHaveLength(
      MAX_ATTEMPTS - 1,
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
    connector = await new FakeConnector().start();
    const clock = new JumpingClock(Date.UTC(2026, 10, 24, 9, 0));
    const srv = await boot(clock, { TICKETBOT_DEV: '1', TEAMS_SERVICE_URL: connector.url });
    const key = 'storm:teams';
    const conversation = 'a:storm-conversation';
    await queue(srv, clock, key, {
      platform: 'teams',
      kind: 'conversation',
      id: conversation,
      reference: {
        channelId: 'msteams',
        serviceUrl: connector.url,
        conversation: { id: conversation, conversationType: 'personal', tenantId: 't1' },
        bot: { id: '28:bot', name: 'ticketbot' },
        user: { id: '29:user', name: 'User' },
      },
    });
    // 500s, which the connector client itself retries three times within one try of the
    // outbox; then 501s, which it does not (so the ten tries take seconds, not a minute).
    connector.failNext(4, 500);
    connector.failNext(MAX_ATTEMPTS - 1, 501);

    const rows = await failUntilDead(srv, clock, key);

    expect(rows.map((r) => r.status)).toEqual([
      ...Array.from({ length: MAX_ATTEMPTS - 1 }, () => 'pending'),
      'dead',
    ]);
    const sends = connector.calls.filter((c) =>
      c.path.startsWith(`/v3/conversations/${encodeURIComponent(conversation)}/`),
    );
    expect(sends).toHaveLength(4 + MAX_ATTEMPTS - 1);
    expect(connector.delivered()).toEqual([]);
    const waits = rows.slice(1, -1).map((r, i) => r.due_at - rows[i]!.due_at);
    expect(waits).toEqual(Array.from({ length: MAX_ATTEMPTS - 2 }, (_, i) => retryDelayMs(i + 2)));
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
});
