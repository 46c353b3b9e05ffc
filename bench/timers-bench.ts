import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/adapters/sqlite/sqlite-store.js';
import { TicketFlows } from '../src/app/ticket-flows.js';
import { TimerService } from '../src/app/timer-service.js';
import { PolicyRegistry } from '../src/core/sla/policy-registry.js';
import type { SlaPolicy } from '../src/core/sla/sla-policy.js';
import { openTicket } from '../src/core/tickets/open-ticket.js';
import type { TicketSubmission } from '../src/core/tickets/ticket.js';
import { planTimers } from '../src/core/tickets/ticket-timers.js';
import type { Logger } from '../src/ports/logger.js';
import type { UnitOfWork } from '../src/ports/unit-of-work.js';
import { PollingWorker } from '../src/workers/polling-worker.js';
import { progress, quietIncidents, rate, seededRandom } from './bench-util.js';

const MINUTE = 60_000;
const EVERY_DAY = [['00:00', '23:59']];
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };

// Around the clock, so the figures do not depend on the hour the bench runs at.
const target = (response: string, resolution: string) => ({
  response: { within: response, clock: '24x7' },
  resolution: { within: resolution, clock: '24x7' },
});
const POLICIES = {
  policies: [
    {
      name: 'bench-hour',
      description: 'P1 response within 1 h, resolution within 4 h',
      calendar: {
        timeZone: 'Europe/Amsterdam',
        hours: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, EVERY_DAY]),
        ),
      },
      targets: {
        P1: target('PT1H', 'PT4H'),
        P2: target('PT1H', 'PT4H'),
        P3: target('PT1H', 'PT4H'),
        P4: target('PT1H', 'PT4H'),
      },
    },
  ],
};
const SECONDS_POLICY = {
  ...POLICIES.policies[0]!,
  name: 'bench-seconds',
  description: 'Targets of 1 and 2 seconds',
  targets: {
    P1: target('PT1S', 'PT2S'),
    P2: target('PT1S', 'PT2S'),
    P3: target('PT1S', 'PT2S'),
    P4: target('PT1S', 'PT2S'),
  },
};

function submission(i: number): TicketSubmission {
  return {
    intakeId: `bench-${i}`,
    title: `Nobody can sign in (${i})`,
    company: 'Acme BV',
    environments: ['https://acme.workspace365.net'],
    usernames: ['j.jansen'],
    startedAt: 0,
    description: 'Nobody can sign in after the Microsoft login. The page stays blank for everyone.',
    stepsToReproduce: null,
    errorMessages: null,
    additionalInfo: null,
    attachments: [],
    security: false,
    impact: 'organisation',
    urgency: 'high',
    priority: 'P1',
    priorityReason: 'organisation x high',
    language: 'en',
    requester: { platform: 'slack', id: `U${i}`, name: `User ${i}` },
  };
}

/** Stores tickets and their planned timers in one transaction (set-up, not measured). */
function seedTickets(
  store: SqliteStore,
  policy: SlaPolicy,
  from: number,
  openedAt: (i: number) => number,
  count: number,
): Map<string, number> {
  const dueOf = new Map<string, number>();
  store.db.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const at = openedAt(i);
      const { ticket } = store.tickets.createIn(
        { ...openTicket({ ...submission(i), startedAt: at }, policy, at), requesterAddress: null },
        { at, actor: `slack:U${i}`, type: 'created', data: {} },
      );
      const plan = planTimers(ticket, policy, at);
      store.timers.replace(ticket.id, plan);
      for (const p of plan) dueOf.set(p.id, p.dueAt);
    }
  })();
  // The set-up's large write is checkpointed here, not during the measurements.
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return dueOf;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The least durable timers need without the app: the same number of rows in a table of
 * the same shape, a batch claimed in one transaction, then one fsynced commit per ticket
 * marking its due rows fired.
 */
function plainBaseline(store: SqliteStore, rows: number, dueTickets: number, perTicket: number): number {
  const db = store.db;
  db.exec(`CREATE TABLE plain_timers (id TEXT PRIMARY KEY, ticket INTEGER NOT NULL, due_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', lease_owner TEXT, lease_until INTEGER, fired_at INTEGER) WITHOUT ROWID;
    CREATE INDEX plain_due ON plain_timers (status, due_at);`);
  const now = Date.now();
  const insert = db.prepare('INSERT INTO plain_timers (id, ticket, due_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const ticket = Math.floor(i / perTicket);
      insert.run(`plain-${i}`, ticket, ticket < dueTickets ? now - MINUTE : now + 60 * MINUTE);
    }
  })();
  const select = db.prepare<{ now: number }, { id: string; ticket: number }>(
    `SELECT id, ticket FROM plain_timers WHERE status = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
     ORDER BY due_at LIMIT 200`,
  );
  const lease = db.prepare('UPDATE plain_timers SET lease_owner = ?, lease_until = ? WHERE id = ?');
  const fire = db.prepare(
    `UPDATE plain_timers SET status = 'fired', fired_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?`,
  );
  const claim = db.transaction((at: number) => {
    const batch = select.all({ now: at });
    for (const row of batch) lease.run('plain', at + 30_000, row.id);
    return batch;
  });
  const fireTicket = db.transaction((ids: string[], at: number) => {
    for (const id of ids) fire.run(at, id);
  });
  const started = performance.now();
  let fired = 0;
  for (;;) {
    const at = Date.now();
    const batch = claim.immediate(at);
    if (batch.length === 0) break;
    const byTicket = new Map<number, string[]>();
    for (const row of batch) byTicket.set(row.ticket, [...(byTicket.get(row.ticket) ?? []), row.id]);
    for (const ids of byTicket.values()) {
      fireTicket.immediate(ids, at);
      fired += ids.length;
    }
  }
  if (fired !== dueTickets * perTicket)
    throw new Error(`baseline fired ${fired} of ${dueTickets * perTicket}`);
  return (performance.now() - started) / 1000;
}

export async function timersBench(tickets: number, due: number, lagTickets: number): Promise<void> {
  console.log(
    `\n## SLA timers: ${tickets.toLocaleString('en-US')} open tickets with durable timers in one SQLite file (WAL, synchronous=FULL)`,
  );
  const registry = PolicyRegistry.create({
    document: { policies: [...POLICIES.policies, SECONDS_POLICY] },
    source: 'bench',
  });
  const hour = registry.get('bench-hour')!;
  const seconds = registry.get('bench-seconds')!;
  const dir = mkdtempSync(join(tmpdir(), 'ticketbot-bench-timers-'));
  const store = SqliteStore.open(dir);
  const random = seededRandom(7);

  progress(`storing ${tickets.toLocaleString('en-US')} tickets and their timers`);
  let started = performance.now();
  const base = Date.now();
  // `due` tickets opened 31 min ago: their 50% response timer (30 min) and a card refresh are due,
  // nothing else for 14 min.
  // The rest opened in the last 10 min: nothing of theirs falls due for 5 min (their first card refresh).
  seedTickets(
    store,
    hour,
    0,
    (i) => (i < due ? base - 31 * MINUTE : base - Math.floor(random() * 10 * MINUTE)),
    tickets,
  );
  const seedSeconds = (performance.now() - started) / 1000;
  const stats = await store.timers.stats(Date.now());
  const dueTimers = stats.dueNow;
  if (dueTimers !== 2 * due) throw new Error(`expected ${2 * due} due timers, found ${dueTimers}`);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const afterSeed = process.memoryUsage();
  console.log(
    `Set-up: ${tickets.toLocaleString('en-US')} tickets, ${stats.pending.toLocaleString('en-US')} pending timers, stored in ${seedSeconds.toFixed(1)} s (one transaction; not measured below).`,
  );

  // 1. Throughput: the due timers fired through TimerService (one commit per ticket: fired mark, re-plan, outbox).
  progress(
    `firing ${dueTimers.toLocaleString('en-US')} due timers of ${due.toLocaleString('en-US')} tickets through TimerService`,
  );
  const flows = new TicketFlows({ support: { slack: 'CSUPPORT', teams: null }, supportLanguage: 'en' });
  const service = new TimerService({
    store,
    policies: registry,
    flows,
    incidents: quietIncidents(),
    logger: quiet,
    owner: 'bench',
  });
  started = performance.now();
  let fired = 0;
  for (;;) {
    const report = await service.runOnce();
    if (report.fired === 0) break;
    fired += report.fired;
  }
  const appSeconds = (performance.now() - started) / 1000;
  if (fired !== dueTimers) throw new Error(`fired ${fired} of ${dueTimers}`);
  const outboxRows = (await store.outbox.stats(Date.now())).pending;

  progress('baseline: the same number of plain SELECT + UPDATE rows, without the app');
  const plainSeconds = plainBaseline(store, stats.pending, due, 2);
  console.log('| what | timers | seconds | timers/s |');
  console.log('|---|---|---|---|');
  console.log(
    `| plain SELECT+UPDATE rows, one commit per ticket (baseline) | ${dueTimers} | ${plainSeconds.toFixed(2)} | ${rate(dueTimers, plainSeconds)} |`,
  );
  console.log(
    `| TimerService.runOnce (ticket read, re-plan, outbox; ${outboxRows} outbox rows) | ${dueTimers} | ${appSeconds.toFixed(2)} | ${rate(dueTimers, appSeconds)} |`,
  );
  console.log(
    `Ratio: TimerService takes ${(appSeconds / plainSeconds).toFixed(2)}x the baseline's time per timer.`,
  );

  // 2. Idle CPU: the worker polling every 250 ms (the server's default) while nothing is due.
  progress('idle CPU over 5 s, without and with the timer worker');
  const idleWindow = async (run: () => Promise<void>): Promise<number> => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / (performance.now() - t0);
  };
  const quietCpu = await idleWindow(() => sleep(5000));
  let passes = 0;
  const idleWorker = new PollingWorker(
    'timers',
    async () => {
      passes++;
      return (await service.runOnce()).fired;
    },
    { intervalMs: 250, logger: quiet, now: () => Date.now() },
  );
  const workerCpu = await idleWindow(async () => {
    idleWorker.start();
    await sleep(5000);
    await idleWorker.stop();
  });
  console.log('| idle, 5 s | CPU (of one core) |');
  console.log('|---|---|');
  console.log(`| process without the worker (baseline) | ${(quietCpu * 100).toFixed(2)}% |`);
  console.log(
    `| timer worker polling every 250 ms (${passes} passes, nothing due) | ${(workerCpu * 100).toFixed(2)}% |`,
  );

  // 3. Firing lag: timers falling due over a few seconds, fired by the polling worker as the server runs it.
  progress(`firing lag: ${lagTickets} tickets whose ${lagTickets * 8} timers fall due over ~5 s`);
  const lagStart = Date.now() + 1000;
  const spreadMs = 3000;
  const dueOf = seedTickets(
    store,
    seconds,
    tickets,
    (i) => lagStart + Math.floor(((i - tickets) * spreadMs) / lagTickets),
    lagTickets,
  );
  const lags: number[] = [];
  const commit = store.commit.bind(store);
  store.commit = async (unit: UnitOfWork) => {
    const result = await commit(unit);
    const at = Date.now();
    for (const id of unit.firedTimers ?? []) {
      const dueAt = dueOf.get(id);
      if (dueAt !== undefined) lags.push(at - dueAt);
    }
    return result;
  };
  const worker = new PollingWorker('timers', async () => (await service.runOnce()).fired, {
    intervalMs: 250,
    logger: quiet,
    now: () => Date.now(),
  });
  started = performance.now();
  worker.start();
  const deadline = Date.now() + 60_000;
  while (lags.length < dueOf.size && Date.now() < deadline) await sleep(50);
  await worker.stop();
  store.commit = commit;
  if (lags.length !== dueOf.size) throw new Error(`only ${lags.length} of ${dueOf.size} lag timers fired`);
  lags.sort((a, b) => a - b);
  console.log('| firing lag (due -> committed) | timers | p50 | p99 | max |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| polling worker, 250 ms interval | ${lags.length} | ${percentile(lags, 0.5)} ms | ${percentile(lags, 0.99)} ms | ${lags.at(-1)} ms |`,
  );

  gc?.();
  const end = process.memoryUsage();
  console.log(`| memory${gc ? ' (after gc)' : ''} | RSS | heap used |`);
  console.log('|---|---|---|');
  console.log(`| after storing the tickets | ${mb(afterSeed.rss)} | ${mb(afterSeed.heapUsed)} |`);
  console.log(`| after firing and idling | ${mb(end.rss)} | ${mb(end.heapUsed)} |`);
  await store.close();
}
