import type Database from 'better-sqlite3';
import type { TimerPlan } from '../../core/tickets/ticket-timers.js';
import {
  type StoredTimer,
  TimerAlreadyFiredError,
  type TimerRepository,
  type TimerStats,
} from '../../ports/timers.js';
import { sqliteClock } from './sqlite-clock.js';

interface TimerRow {
  id: string;
  ticket_id: string;
  kind: TimerPlan['kind'];
  target: TimerPlan['target'];
  fraction: number;
  due_at: number;
}

function toTimer(row: TimerRow): StoredTimer {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    kind: row.kind,
    target: row.target,
    fraction: row.fraction,
    dueAt: row.due_at,
  };
}

/**
 * Durable timers on SQLite; leases are taken in IMMEDIATE transactions and run on
 * SQLite's clock, so a process whose clock is off never takes over a live lease.
 */
export class SqliteTimers implements TimerRepository {
  private readonly insert;
  private readonly pendingIds;
  private readonly removePending;
  private readonly fire;
  private readonly due;
  private readonly lease;
  private readonly unlease;
  private readonly ofTicket;
  private readonly counts;
  private readonly storeNow;

  constructor(private readonly db: Database.Database) {
    this.storeNow = sqliteClock(db);
    this.insert = db.prepare(
      `INSERT INTO timers (id, ticket_id, kind, target, fraction, due_at) VALUES (@id, @ticketId, @kind, @target, @fraction, @dueAt)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.pendingIds = db.prepare<[string], { id: string }>(
      `SELECT id FROM timers WHERE ticket_id = ? AND status = 'pending'`,
    );
    this.removePending = db.prepare(`DELETE FROM timers WHERE id = ? AND status = 'pending'`);
    this.fire = db.prepare(
      `UPDATE timers SET status = 'fired', fired_at = ?, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND status = 'pending'`,
    );
    this.due = db.prepare<{ now: number; storeNow: number; limit: number }, TimerRow>(
      `SELECT * FROM timers WHERE status = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @storeNow)
       ORDER BY due_at LIMIT @limit`,
    );
    this.lease = db.prepare('UPDATE timers SET lease_owner = ?, lease_until = ? WHERE id = ?');
    this.unlease = db.prepare(
      'UPDATE timers SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
    );
    this.ofTicket = db.prepare<[string], TimerRow>(
      `SELECT * FROM timers WHERE ticket_id = ? AND status = 'pending' ORDER BY due_at`,
    );
    // Named: better-sqlite3 binds a numbered parameter (?1) only by name, so get(now) threw a RangeError.
    this.counts = db.prepare<
      { now: number },
      { pending: number; due: number; fired: number; next: number | null }
    >(
      `SELECT SUM(status = 'pending') AS pending, SUM(status = 'pending' AND due_at <= @now) AS due,
              SUM(status = 'fired') AS fired, MIN(CASE WHEN status = 'pending' THEN due_at END) AS next FROM timers`,
    );
  }

  /** Inside a commit: the ticket's pending timers become exactly `plan` (fired ones stay fired). */
  replace(ticketId: string, plan: readonly TimerPlan[]): void {
    const keep = new Set(plan.map((p) => p.id));
    for (const { id } of this.pendingIds.all(ticketId)) if (!keep.has(id)) this.removePending.run(id);
    for (const timer of plan) this.insert.run(timer);
  }

  /** Inside a commit: a timer no longer pending aborts the unit, so nothing fires twice. */
  markFired(id: string, at: number): void {
    if (this.fire.run(at, id).changes !== 1) throw new TimerAlreadyFiredError(id);
  }

  /** Due by `now` (the caller asks the store's time, see now()); leased by the store's clock. */
  async claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<StoredTimer[]> {
    const take = this.db.transaction(() => {
      const storeNow = this.storeNow();
      const rows = this.due.all({ now, storeNow, limit });
      for (const row of rows) this.lease.run(owner, storeNow + leaseMs, row.id);
      return rows.map(toTimer);
    });
    return take.immediate();
  }

  async release(ids: readonly string[], owner: string): Promise<void> {
    for (const id of ids) this.unlease.run(id, owner);
  }

  async pendingOf(ticketId: string): Promise<StoredTimer[]> {
    return this.ofTicket.all(ticketId).map(toTimer);
  }

  async stats(now: number): Promise<TimerStats> {
    const row = this.counts.get({ now })!;
    return {
      pending: row.pending ?? 0,
      dueNow: row.due ?? 0,
      fired: row.fired ?? 0,
      nextDueAt: row.next ?? null,
    };
  }

  async now(): Promise<number> {
    // One machine, one clock: SQLite's, the same for every process on this file.
    return this.storeNow();
  }
}
