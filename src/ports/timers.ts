import type { TimerPlan } from '../core/tickets/ticket-timers.js';

export interface StoredTimer extends TimerPlan {}

export interface TimerStats {
  readonly pending: number;
  readonly dueNow: number;
  readonly fired: number;
  readonly nextDueAt: number | null;
}

/** Durable SLA timers: planned with each ticket change (in its commit), fired once by one process. */
export interface TimerRepository {
  /**
   * Leases up to `limit` due timers (due_at <= now, not leased) to `owner`, oldest first.
   * The lease runs `leaseMs` on the store's own clock (not `now`), so a process whose
   * clock is ahead never takes over another's live lease.
   */
  claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<StoredTimer[]>;
  /** Gives a lease back without firing (the ticket could not be handled now). */
  release(ids: readonly string[], owner: string): Promise<void>;
  pendingOf(ticketId: string): Promise<StoredTimer[]>;
  stats(now: number): Promise<TimerStats>;
  /** The store's notion of now (leases across processes use it, not each process's clock). */
  now(): Promise<number>;
}

/**
 * A timer a unit of work fires was fired (or re-planned away) by someone else first,
 * e.g. after this process's lease ran out: the whole unit is not applied.
 */
export class TimerAlreadyFiredError extends Error {
  override readonly name = 'TimerAlreadyFiredError';
  constructor(readonly timerId: string) {
    super(`timer ${timerId} is no longer pending`);
  }
}
