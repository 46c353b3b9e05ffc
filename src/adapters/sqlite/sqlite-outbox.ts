import type Database from 'better-sqlite3';
import type { OutboxDraft, OutboxEntry, OutboxRepository, OutboxStats } from '../../ports/outbox.js';
import { withoutFsync } from './bookkeeping-sync.js';
import { SQLITE_NOW, sqliteClock } from './sqlite-clock.js';
import { WriteLeases } from './write-leases.js';

interface OutboxRow {
  seq: number;
  key: string;
  lane: string;
  message: string;
  attempts: number;
  created_at: number;
  last_error: string | null;
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    seq: row.seq,
    key: row.key,
    lane: row.lane,
    message: JSON.parse(row.message) as OutboxEntry['message'],
    attempts: row.attempts,
    createdAt: row.created_at,
    lastError: row.last_error,
  };
}

// The first undelivered entry of each lane only: one conversation's messages go out in order.
// Due by the caller's now (retries are scheduled on it); leases by SQLite's clock (@storeNow).
const DELIVERABLE = `status = 'pending' AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @storeNow)
  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.lane = o.lane AND p.status = 'pending' AND p.seq < o.seq)`;

/**
 * Outbox bookkeeping on SQLite: leases taken in IMMEDIATE transactions and timed by
 * SQLite's clock, so processes never share one, whatever their own clocks say.
 */
export class SqliteOutbox implements OutboxRepository {
  private readonly insert;
  private readonly claimAny;
  private readonly lease;
  private readonly renew;
  private readonly done;
  private readonly again;
  private readonly dead;
  private readonly counts;
  private readonly unreported;
  private readonly markReported;
  private readonly claimByKeys = new Map<number, Database.Statement<unknown[], OutboxRow>>();
  private readonly storeNow;
  private readonly claimTx;
  private readonly giveBack;
  private writeLeases: WriteLeases | null = null;

  constructor(
    private readonly db: Database.Database,
    /** Completes in the next group commit (with other events' work): no transaction of its own. */
    private readonly completeInBatch?: (key: string, owner: string) => Promise<void>,
  ) {
    this.storeNow = sqliteClock(db);
    this.claimTx = db.transaction(
      (owner: string, now: number, leaseMs: number, limit: number, keys: readonly string[] | undefined) =>
        this.take(owner, now, leaseMs, limit, keys),
    );
    // A new entry is due at once (due_at 0), whichever clock reads it: a process whose
    // clock is behind the writer's must not leave it waiting.
    this.insert = db.prepare(
      `INSERT INTO outbox (key, lane, message, created_at, due_at) VALUES (@key, @lane, @message, @at, 0)
       ON CONFLICT (key) DO NOTHING`,
    );
    this.claimAny = db.prepare<{ now: number; storeNow: number; limit: number }, OutboxRow>(
      `SELECT * FROM outbox o WHERE ${DELIVERABLE} ORDER BY seq LIMIT @limit`,
    );
    this.lease = db.prepare(
      'UPDATE outbox SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1 WHERE key = @key',
    );
    this.renew = db.prepare(
      `UPDATE outbox SET lease_until = ${SQLITE_NOW} + @leaseMs
       WHERE key = @key AND lease_owner = @owner AND status = 'pending'`,
    );
    this.done = db.prepare(
      `UPDATE outbox SET status = 'done', lease_owner = NULL, lease_until = NULL WHERE key = ? AND lease_owner = ?`,
    );
    this.giveBack = db.prepare(
      `UPDATE outbox SET lease_owner = NULL, lease_until = NULL, attempts = attempts - 1
       WHERE key = ? AND lease_owner = ? AND status = 'pending'`,
    );
    this.again = db.prepare(
      `UPDATE outbox SET due_at = @retryAt, last_error = @error, lease_owner = NULL, lease_until = NULL
       WHERE key = @key AND lease_owner = @owner`,
    );
    this.dead = db.prepare(
      `UPDATE outbox SET status = 'dead', last_error = @error, lease_owner = NULL, lease_until = NULL
       WHERE key = @key AND lease_owner = @owner`,
    );
    this.counts = db.prepare<[], { pending: number; dead: number; oldest: number | null }>(
      `SELECT SUM(status = 'pending') AS pending, SUM(status = 'dead') AS dead,
              MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest FROM outbox`,
    );
    this.unreported = db.prepare<[number], OutboxRow>(
      `SELECT * FROM outbox WHERE status = 'dead' AND reported = 0 ORDER BY seq LIMIT ?`,
    );
    this.markReported = db.prepare('UPDATE outbox SET reported = 1 WHERE key = ?');
  }

  /** One prepared statement per number of keys: preparing on every claim cost more than the claim. */
  private claimKeys(count: number): Database.Statement<unknown[], OutboxRow> {
    let statement = this.claimByKeys.get(count);
    if (!statement) {
      const placeholders = Array.from({ length: count }, () => '?').join(',');
      statement = this.db.prepare<unknown[], OutboxRow>(
        // "+status": looked up by key, never by scanning every pending entry (outbox_due).
        // No ORDER BY: SQLite's sorter for these few rows cost 150 us, more than the lookup.
        `SELECT * FROM outbox o WHERE ${DELIVERABLE.replaceAll('@now', '?').replaceAll('@storeNow', '?').replace('status =', '+status =')} AND key IN (${placeholders})`,
      );
      if (this.claimByKeys.size < 64) this.claimByKeys.set(count, statement);
    }
    return statement;
  }

  /** Inside a commit's transaction. */
  add(draft: OutboxDraft, at: number): void {
    this.insert.run({ key: draft.key, lane: draft.lane, message: JSON.stringify(draft.message), at });
  }

  /**
   * From now on, an entry first of its lane is leased to `owner` in the commit that writes
   * it, and that owner's next claim hands it over without a transaction of its own.
   */
  leaseOnWrite(owner: string, leaseMs: number): void {
    this.writeLeases = new WriteLeases(owner, leaseMs);
  }

  /** Inside a commit's transaction, after add(): the new entries leased to the write-lease owner. */
  leaseWritten(keys: readonly string[], at: number): OutboxEntry[] {
    const leases = this.writeLeases;
    if (!leases || leases.stopped || keys.length === 0) return [];
    return this.take(leases.owner, at, leases.leaseMs, keys.length, keys);
  }

  /** Once their commit (which leased them at `leasedAt`) is durable: they wait for their owner's claim. */
  keepWritten(entries: readonly OutboxEntry[], leasedAt: number): void {
    const leases = this.writeLeases;
    if (leases) this.giveBackKeys(leases, leases.keep(entries, leasedAt));
  }

  /** A clean stop begins: commits from now on lease nothing on write. */
  stopLeasingOnWrite(): void {
    if (this.writeLeases) this.writeLeases.stopped = true;
  }

  /** At a clean stop, once commits are answered: leases taken on write and never claimed go back. */
  giveBackWritten(): void {
    const leases = this.writeLeases;
    if (leases) this.giveBackKeys(leases, leases.drain());
  }

  /** As if never leased: free at once for any process, and not counted as a try. */
  private giveBackKeys(leases: WriteLeases, keys: readonly string[]): void {
    for (const key of keys) withoutFsync(this.db, () => this.giveBack.run(key, leases.owner));
  }

  async claim(
    owner: string,
    now: number,
    leaseMs: number,
    limit: number,
    keys?: readonly string[],
  ): Promise<OutboxEntry[]> {
    if (keys?.length === 0) return [];
    const leases = this.writeLeases?.owner === owner ? this.writeLeases : undefined;
    const handOver = (count: number) =>
      leases && count > 0 ? leases.take(keys, count, (key) => this.renewQuietly(key, owner, leaseMs)) : [];
    // A worker pass takes at most half its fill from those waiting in memory, so older due
    // entries (retries, other processes' lapsed leases) are never crowded out of it.
    const waiting = handOver(keys ? limit : Math.ceil(limit / 2));
    // One event's entries: those not leased on write wait behind these in their lane (or
    // elsewhere), so the transaction that looks for them waits for the caller's next claim.
    if (keys && waiting.length > 0) return waiting;
    const claimed = withoutFsync(this.db, () =>
      this.claimTx.immediate(owner, now, leaseMs, limit - waiting.length, keys),
    );
    const more = keys ? [] : handOver(limit - waiting.length - claimed.length);
    return waiting.length + more.length > 0 ? [...waiting, ...claimed, ...more] : claimed;
  }

  /** Inside claim's transaction (made once: a transaction function per call cost time on every event). */
  private take(
    owner: string,
    now: number,
    leaseMs: number,
    limit: number,
    keys: readonly string[] | undefined,
  ): OutboxEntry[] {
    const storeNow = this.storeNow();
    const rows = keys
      ? this.claimKeys(keys.length)
          .all(now, storeNow, ...keys)
          .sort((a, b) => a.seq - b.seq)
          .slice(0, limit)
      : this.claimAny.all({ now, storeNow, limit });
    for (const row of rows) this.lease.run({ owner, until: storeNow + leaseMs, key: row.key });
    return rows.map((r) => ({ ...toEntry(r), attempts: r.attempts + 1 }));
  }

  async renewLease(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.renewNow(key, owner, leaseMs);
  }

  /** A renewal that failed (the database busy past its timeout) keeps nothing: the lease runs out. */
  private renewQuietly(key: string, owner: string, leaseMs: number): boolean {
    try {
      return this.renewNow(key, owner, leaseMs);
    } catch {
      return false;
    }
  }

  private renewNow(key: string, owner: string, leaseMs: number): boolean {
    return withoutFsync(this.db, () => this.renew.run({ key, owner, leaseMs }).changes === 1);
  }

  async complete(key: string, owner: string): Promise<void> {
    if (this.completeInBatch) return this.completeInBatch(key, owner);
    withoutFsync(this.db, () => this.done.run(key, owner));
  }

  /** Inside a group commit's transaction. */
  completeIn(key: string, owner: string): void {
    this.done.run(key, owner);
  }

  async retry(key: string, owner: string, retryAt: number, error: string): Promise<void> {
    withoutFsync(this.db, () => this.again.run({ key, owner, retryAt, error: error.slice(0, 1000) }));
  }

  async deadLetter(key: string, owner: string, error: string): Promise<void> {
    this.dead.run({ key, owner, error: error.slice(0, 1000) });
  }

  async stats(_now?: number): Promise<OutboxStats> {
    const row = this.counts.get()!;
    return { pending: row.pending ?? 0, dead: row.dead ?? 0, oldestPendingAt: row.oldest ?? null };
  }

  async deadLetters(limit: number): Promise<OutboxEntry[]> {
    return this.db
      .prepare<[number], OutboxRow>(`SELECT * FROM outbox WHERE status = 'dead' ORDER BY seq LIMIT ?`)
      .all(limit)
      .map(toEntry);
  }

  async requeue(key: string, now: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE outbox SET status = 'pending', attempts = 0, due_at = ?, lease_owner = NULL, lease_until = NULL, reported = 0
         WHERE key = ? AND status = 'dead'`,
      )
      .run(now, key);
    return result.changes === 1;
  }

  async discard(key: string): Promise<boolean> {
    return (
      this.db.prepare(`UPDATE outbox SET status = 'done' WHERE key = ? AND status = 'dead'`).run(key)
        .changes === 1
    );
  }

  async takeUnreportedDead(limit: number): Promise<OutboxEntry[]> {
    const take = this.db.transaction(() => {
      const rows = this.unreported.all(limit);
      for (const row of rows) this.markReported.run(row.key);
      return rows.map(toEntry);
    });
    return take.immediate();
  }
}
