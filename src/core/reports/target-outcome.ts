import { instantWhenUsed, readClock, usedAt } from '../sla/sla-clock.js';
import type { ClockKind, SlaPolicy, SlaTarget } from '../sla/sla-policy.js';
import type { Ticket } from '../tickets/ticket.js';

export type TargetKind = 'response' | 'resolution';
export const TARGET_KINDS: readonly TargetKind[] = ['response', 'resolution'];

/**
 * met: done at or before its due time; breached: done after it, or still not done
 * past it (a cancelled ticket: cancelled past it); open: not done and not yet due;
 * uncounted: no target (dueAt null, a suspended target) or cancelled before it was due.
 */
export type Outcome = 'met' | 'breached' | 'open' | 'uncounted';

export interface TargetOutcome {
  readonly outcome: Outcome;
  readonly dueAt: number | null;
  readonly doneAt: number | null;
}

export function doneAt(ticket: Ticket, kind: TargetKind): number | null {
  return kind === 'response' ? ticket.respondedAt : ticket.resolvedAt;
}

/**
 * The due time of a target. A paused ticket stores no resolution due time (its
 * clock stands still), yet it may already have run out before the pause: the
 * clock tells which.
 */
function dueAtOf(ticket: Ticket, kind: TargetKind, policy: SlaPolicy | undefined): number | null | 'paused' {
  const stored = ticket[kind].dueAt;
  if (stored !== null || kind !== 'resolution' || ticket.status !== 'paused') return stored;
  const target = policy?.targets[ticket.priority].resolution;
  if (!target) return null;
  const input = { target, calendar: policy!.calendar, startedAt: ticket.createdAt, pauses: ticket.pauses };
  return instantWhenUsed(input, target.withinMs) ?? 'paused';
}

/** How one target of one ticket stands at `now`. */
export function targetOutcome(
  ticket: Ticket,
  kind: TargetKind,
  policy: SlaPolicy | undefined,
  now: number,
): TargetOutcome {
  const due = dueAtOf(ticket, kind, policy);
  const done = doneAt(ticket, kind);
  if (due === 'paused') return { outcome: 'open', dueAt: null, doneAt: null };
  if (due === null) return { outcome: 'uncounted', dueAt: null, doneAt: done };
  if (done !== null) return { outcome: done <= due ? 'met' : 'breached', dueAt: due, doneAt: done };
  // A cancelled ticket stopped waiting when it was cancelled (its last update).
  const waitedUntil = ticket.status === 'cancelled' ? ticket.updatedAt : now;
  if (waitedUntil > due) return { outcome: 'breached', dueAt: due, doneAt: null };
  if (ticket.status === 'cancelled') return { outcome: 'uncounted', dueAt: due, doneAt: null };
  return { outcome: 'open', dueAt: due, doneAt: null };
}

/** The clock a target counts on; business when the policy sets no target for the row. */
export function clockOf(target: SlaTarget | null): ClockKind {
  return target?.clock ?? 'business';
}

/** A clock reading needs a target; only its clock kind matters for elapsed time. */
function measuringTarget(clock: ClockKind): SlaTarget {
  return { within: 'PT0S', withinMs: 0, clock, goal: null };
}

/**
 * Time from creation until the target was done, on the target's clock (business time
 * of the policy's calendar, or elapsed time for 24x7); resolution excludes pauses.
 */
export function timeToDone(ticket: Ticket, kind: TargetKind, policy: SlaPolicy): number | null {
  const done = doneAt(ticket, kind);
  if (done === null) return null;
  const target = measuringTarget(clockOf(policy.targets[ticket.priority][kind]));
  const pauses = kind === 'resolution' ? ticket.pauses : [];
  return usedAt({ target, calendar: policy.calendar, startedAt: ticket.createdAt, pauses }, done);
}

/** Time spent paused on the resolution clock, an unfinished pause counted until `now`. */
export function pausedTime(ticket: Ticket, policy: SlaPolicy, now: number): number {
  if (ticket.pauses.length === 0) return 0;
  const target = measuringTarget(clockOf(policy.targets[ticket.priority].resolution));
  const until = ticket.resolvedAt ?? now;
  return readClock(
    { target, calendar: policy.calendar, startedAt: ticket.createdAt, pauses: ticket.pauses },
    until,
  ).pausedMs;
}
