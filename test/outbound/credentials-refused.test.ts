import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { MAX_ATTEMPTS } from '../../src/app/outbox-delivery.js';
import type { ChatAddress } from '../../src/ports/chat-address.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { JumpingClock } from '../helpers/jumping-clock.js';
import { runCli } from '../helpers/run-cli.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET } from '../helpers/slack-user.js';

// A revoked or rotated token refuses every message alike: a platform-wide outage, not a
// property of one message. The outbox holds the messages with its usual backoff, /readyz
// says which platform refuses the credentials, dead-letter notices do not go out through
// that platform, and everything is sent once the credentials work again.

let api: FakeSlackApi | undefined;
let connector: FakeConnector | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  await api?.stop();
  await connector?.stop();
  server = api = connector = undefined;
});

const START = Date.UTC(2026, 10, 24, 9, 0);
const USERS = ['U0000001', 'U0000002', 'U0000003', 'U0000004', 'U0000005'];

interface Row {
  key: string;
  status: string;
  attempts: number;
  due_at: number;
}

function rows(srv: RunningServer): Row[] {
  return (srv.context.store as SqliteStore).db
    .prepare<[], Row>('SELECT key, status, attempts, due_at FROM outbox ORDER BY seq')
    .all();
}

async function readyz(
  srv: RunningServer,
): Promise<{ status: number; problems: Array<Record<string, unknown>> }> {
  const response = await fetch(`${srv.url}/readyz`);
  const body = (await response.json()) as { problems?: Array<Record<string, unknown>> };
  return { status: response.status, problems: body.problems ?? [] };
}

/** The workers are driven by hand here (so /readyz also names them): only the other checks count. */
function platformProblems(problems: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return problems.filter((p) => p.check !== 'workers');
}

/** A Slack server whose token is refused while `revoked.now` is true, with 5 users' replies queued. */
async function bootRevoked(clock: JumpingClock, revoked: { now: boolean }): Promise<RunningServer> {
  api = await new FakeSlackApi().start();
  for (const method of ['conversations.open', 'chat.postMessage', 'conversations.history'])
    api.refuseWhen(method, () => revoked.now, 'invalid_auth');
  server = await startServer(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-rotated',
      SLACK_API_URL: api.url,
      SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
    },
    { clock, workers: false },
  );
  for (const user of USERS) {
    const to: ChatAddress = { platform: 'slack', kind: 'user', id: user };
    await server.context.store.commit({
      at: clock.now(),
      outbox: [{ key: `reply:${user}`, lane: `dm:${user}`, message: { kind: 'text', to, text: 'Noted.' } }],
    });
  }
  return server;
}

/** One worker pass at the moment the earliest pending entry is due. */
async function passWhenDue(srv: RunningServer, clock: JumpingClock): Promise<void> {
  const due = rows(srv).filter((r) => r.status === 'pending');
  if (due.length) clock.at = Math.max(clock.at, Math.min(...due.map((r) => r.due_at)));
  await srv.bot.delivery.runOnce();
}

const delivered = () =>
  api!
    .succeeded('chat.postMessage')
    .map((p) => String(p.channel))
    .sort();

describe('the platform refuses the bot token', () => {
  it('holds every message with the usual backoff, says so on /readyz, and sends them all once the token works again', async () => {
    const clock = new JumpingClock(START);
    const revoked = { now: true };
    const srv = await bootRevoked(clock, revoked);

    await passWhenDue(srv, clock);
    // Not given up: each reply waits for its next try, and nothing was told to the support channel.
    expect(rows(srv).map((r) => [r.status, r.attempts])).toEqual(USERS.map(() => ['pending', 1]));
    const ready = await readyz(srv);
    expect(ready.status).toBe(503);
    expect(platformProblems(ready.problems)).toEqual([
      {
        check: 'slack',
        error: `Slack refused the bot token (invalid_auth) at ${new Date(START).toISOString()}; messages are held and retried`,
      },
    ]);
    // The retry is logged with where the message goes.
    const retrying = srv.logs
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; key?: string; to?: string })
      .filter((line) => line.msg === 'delivery failed; retrying');
    expect(retrying.map((l) => [l.key, l.to])).toEqual(USERS.map((u) => [`reply:${u}`, `slack user ${u}`]));

    // Three more refused tries, the backoff growing.
    for (let i = 0; i < 3; i++) await passWhenDue(srv, clock);
    expect(rows(srv).map((r) => [r.status, r.attempts])).toEqual(USERS.map(() => ['pending', 4]));
    expect(clock.at - START).toBe(1_000 + 2_000 + 4_000);

    // The operator puts a working token in: the next try sends each reply, once.
    revoked.now = false;
    await passWhenDue(srv, clock);
    expect(rows(srv).map((r) => r.status)).toEqual(USERS.map(() => 'done'));
    expect(delivered()).toHaveLength(USERS.length);
    expect(api!.succeeded('chat.postMessage').filter((p) => p.channel === 'CSUPPORT')).toEqual([]);
    expect(platformProblems((await readyz(srv)).problems)).toEqual([]);
  }, 30_000);

  it('dead-letters only after the last try, announces nothing through the refusing platform, and "outbox retry --all" sends them after the fix', async () => {
    const clock = new JumpingClock(START);
    const revoked = { now: true };
    const srv = await bootRevoked(clock, revoked);

    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      await passWhenDue(srv, clock);
      expect(
        rows(srv).every((r) => r.status === 'pending'),
        `attempt ${attempt}`,
      ).toBe(true);
    }
    await passWhenDue(srv, clock);
    expect(rows(srv).map((r) => [r.key, r.status, r.attempts])).toEqual(
      USERS.map((u) => [`reply:${u}`, 'dead', MAX_ATTEMPTS]),
    );
    // Later passes report the dead letters, but not through Slack, which refuses the token:
    // no notice queued behind the same refusal, no dead letter about a dead letter.
    clock.at += 1;
    await srv.bot.delivery.runOnce();
    await srv.bot.delivery.runOnce();
    expect(rows(srv)).toHaveLength(USERS.length);
    const ready = await readyz(srv);
    expect(
      platformProblems(ready.problems)
        .map((p) => p.check)
        .sort(),
    ).toEqual(['outbox', 'slack']);

    revoked.now = false;
    const retried = await runCli(['outbox', 'retry', '--all'], {
      env: { DATA_DIR: srv.context.config.dataDir },
    });
    expect(retried).toMatchObject({ code: 0, stdout: `queued again: ${USERS.length} dead letters\n` });
    // Queued due now on the CLI's own clock (the real one, past this test's).
    await passWhenDue(srv, clock);
    expect(rows(srv).map((r) => r.status)).toEqual(USERS.map(() => 'done'));
    expect(delivered()).toHaveLength(USERS.length);
    expect(platformProblems((await readyz(srv)).problems)).toEqual([]);
  }, 30_000);

  it('the dead letters held back are announced once the token works, also after the restart that fixed it', async () => {
    const clock = new JumpingClock(START);
    const revoked = { now: true };
    const srv = await bootRevoked(clock, revoked);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) await passWhenDue(srv, clock);
    clock.at += 1;
    await srv.bot.delivery.runOnce();
    // Dead, and kept unannounced in the store (not in this process's memory).
    const reported = () =>
      (srv.context.store as SqliteStore).db
        .prepare<[], { key: string; reported: number }>(
          "SELECT key, reported FROM outbox WHERE status = 'dead'",
        )
        .all();
    expect(reported().map((r) => r.reported)).toEqual(USERS.map(() => 0));

    // The operator puts in a working token and restarts: the new process announces them.
    const dataDir = srv.context.config.dataDir;
    await srv.close();
    revoked.now = false;
    server = await startServer(
      {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-fixed',
        SLACK_API_URL: api!.url,
        SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
        DATA_DIR: dataDir,
      },
      { clock, workers: false },
    );
    for (let i = 0; i < 10; i++) await passWhenDue(server, clock);
    const toSupport = api!
      .succeeded('chat.postMessage')
      .filter((p) => p.channel === 'CSUPPORT')
      .map((p) => String(p.text));
    expect(toSupport).toHaveLength(USERS.length);
    for (const user of USERS)
      expect(toSupport.find((text) => text.includes(`Outbox key reply:${user}:`))).toContain(
        `ticketbot outbox retry reply:${user}`,
      );
  }, 30_000);

  it('a Teams connector answering 401: held and retried, shown on /readyz until a send goes through', async () => {
    connector = await new FakeConnector().start();
    const clock = new JumpingClock(START);
    server = await startServer(
      { TICKETBOT_DEV: '1', TEAMS_SERVICE_URL: connector.url },
      { clock, workers: false },
    );
    const id = 'a:refused-conversation';
    const to: ChatAddress = {
      platform: 'teams',
      kind: 'conversation',
      id,
      reference: {
        channelId: 'msteams',
        serviceUrl: connector.url,
        conversation: { id, conversationType: 'personal', tenantId: 't1' },
        bot: { id: '28:bot', name: 'ticketbot' },
        user: { id: '29:user', name: 'User' },
      },
    };
    await server.context.store.commit({
      at: clock.now(),
      outbox: [{ key: 'reply:teams', lane: 'teams:refused', message: { kind: 'text', to, text: 'Noted.' } }],
    });
    connector.failNext(2, 401);

    await passWhenDue(server, clock);
    await passWhenDue(server, clock);
    expect(rows(server)).toMatchObject([{ key: 'reply:teams', status: 'pending', attempts: 2 }]);
    const ready = await readyz(server);
    expect(platformProblems(ready.problems)).toEqual([
      {
        check: 'teams',
        error: expect.stringMatching(
          new RegExp(
            `^Teams refused the bot's credentials \\(401\\): .* at ${new Date(START + 1_000).toISOString()}; messages are held and retried$`,
          ),
        ),
      },
    ]);

    await passWhenDue(server, clock);
    expect(rows(server)).toMatchObject([{ status: 'done', attempts: 3 }]);
    expect(connector.delivered()).toHaveLength(1);
    expect(platformProblems((await readyz(server)).problems)).toEqual([]);
  }, 30_000);
});
