import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { TicketFlows } from '../../src/app/ticket-flows.js';
import { TimerService } from '../../src/app/timer-service.js';
import type { Logger } from '../../src/ports/logger.js';
import {
  counts,
  createTickets,
  runChild,
  tinyPolicies,
  writeTinyPolicies,
} from '../helpers/lifecycle-processes.js';
import { quietIncidents } from '../helpers/quiet-incidents.js';

interface TimerReport {
  pid: number;
  fired: string[];
  outboxKeys: string[];
  reported: number;
  passes: number;
}

interface DeliveryReport {
  pid: number;
  sends: Array<{ kind: string; key?: string; to?: string; ticketId?: string; messageId?: string }>;
  completed: string[];
  failed: number;
}

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
const TICKETS = 25; // 4 thresholds x 2 targets each: 200 timers

function rows<T>(store: SqliteStore, sql: string): T[] {
  return store.db.prepare<[], T>(sql).all();
}

describe('two processes on one SQLite file', () => {
  it('fire each of 200 timers exactly once between them, and write each outbox entry once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-two-timers-'));
    const policiesFile = writeTinyPolicies(dir);
    const startAt = Date.now() + 1500;
    const store = SqliteStore.open(dir);
    // Opened just after both processes start: the timers fall due over a few seconds while both poll.
    await createTickets(store, TICKETS, (i) => startAt + 200 + i * 60);
    const timers = rows<{ id: string; status: string }>(store, 'SELECT id, status FROM timers');
    expect(timers).toHaveLength(200);
    expect(timers.every((t) => t.status === 'pending')).toBe(true);
    const creationKeys = rows<{ key: string }>(store, 'SELECT key FROM outbox').map((r) => r.key);
    expect(creationKeys).toHaveLength(TICKETS);
    await store.close();

    const runs = await Promise.all([
      runChild<TimerReport>('timers', dir, policiesFile, { startAt }),
      runChild<TimerReport>('timers', dir, policiesFile, { startAt }),
    ]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const [a, b] = runs.map((r) => r.report!);

    const fired = [...a!.fired, ...b!.fired];
    expect(a!.reported + b!.reported).toBe(200);
    expect(fired).toHaveLength(200);
    expect([...counts(fired).values()].every((n) => n === 1)).toBe(true);
    expect(new Set(fired)).toEqual(new Set(timers.map((t) => t.id)));

    const written = [...a!.outboxKeys, ...b!.outboxKeys];
    expect(written.length).toBeGreaterThanOrEqual(TICKETS * 3);
    expect([...counts(written).values()].every((n) => n === 1)).toBe(true);

    const after = SqliteStore.open(dir);
    const stored = rows<{ key: string }>(after, 'SELECT key FROM outbox').map((r) => r.key);
    expect(new Set(stored)).toEqual(new Set([...creationKeys, ...written]));
    expect(stored).toHaveLength(creationKeys.length + written.length);
    expect(rows<{ n: number }>(after, `SELECT COUNT(*) AS n FROM timers WHERE status <> 'fired'`)[0]!.n).toBe(
      0,
    );
    // Every ticket's response and resolution breach was announced once.
    const breaches = stored.filter((k) => /:1:\d+:support:slack$/.test(k));
    expect(breaches).toHaveLength(TICKETS * 2);
    await after.close();
    console.info(`timers fired: ${a!.fired.length} by one process, ${b!.fired.length} by the other`);
  });

  it('deliver each outbox entry exactly once between them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-two-outbox-'));
    const policiesFile = writeTinyPolicies(dir);
    const store = SqliteStore.open(dir);
    const opened = Date.now() - 60_000;
    await createTickets(store, TICKETS, (i) => opened + i * 100);
    const flows = new TicketFlows({ support: { slack: 'CSUPPORT', teams: null }, supportLanguage: 'en' });
    const service = new TimerService({
      store,
      policies: tinyPolicies(),
      flows,
      incidents: quietIncidents(),
      logger: quiet,
      owner: 'parent',
    });
    let fired = 0;
    for (let n = -1; n !== 0; ) {
      n = (await service.runOnce()).fired;
      fired += n;
    }
    expect(fired).toBe(200);
    const entries = rows<{ key: string; message: string }>(store, 'SELECT key, message FROM outbox');
    const kinds = counts(entries.map((e) => (JSON.parse(e.message) as { kind: string }).kind));
    // Per ticket: its card in the support channel, one card update and two breach notices.
    expect(Object.fromEntries(kinds)).toEqual({ postCard: TICKETS, updateCards: TICKETS, text: TICKETS * 2 });
    await store.close();

    const startAt = Date.now() + 1000;
    const runs = await Promise.all([
      runChild<DeliveryReport>('deliver', dir, policiesFile, { startAt }),
      runChild<DeliveryReport>('deliver', dir, policiesFile, { startAt }),
    ]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const [a, b] = runs.map((r) => r.report!);
    expect(a!.failed + b!.failed).toBe(0);

    const completed = [...a!.completed, ...b!.completed];
    expect(completed).toHaveLength(entries.length);
    expect(new Set(completed)).toEqual(new Set(entries.map((e) => e.key)));

    const sends = [...a!.sends, ...b!.sends];
    const keyed = sends.filter((s) => s.key !== undefined).map((s) => s.key!);
    expect(keyed).toHaveLength(TICKETS * 3);
    expect([...counts(keyed).values()].every((n) => n === 1)).toBe(true);
    // One card update per ticket at most (none when the update went out before the card was posted).
    const updates = counts(sends.filter((s) => s.kind === 'updateCard').map((s) => s.ticketId!));
    expect([...updates.values()].every((n) => n === 1)).toBe(true);

    const after = SqliteStore.open(dir);
    expect(rows<{ n: number }>(after, `SELECT COUNT(*) AS n FROM outbox WHERE status <> 'done'`)[0]!.n).toBe(
      0,
    );
    expect(rows<{ n: number }>(after, 'SELECT COUNT(*) AS n FROM card_copies')[0]!.n).toBe(TICKETS);
    await after.close();
    console.info(
      `entries delivered: ${a!.completed.length} by one process, ${b!.completed.length} by the other`,
    );
  });
});
