import type { Priority } from '../sla/priority.js';
import { type ClockInput, instantWhenUsed } from '../sla/sla-clock.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { Ticket } from './ticket.js';

export type TargetKind = 'response' | 'resolution';

/** The clock of one target of a ticket, or null when the policy sets no target. */
export function clockOf(
  ticket: Ticket,
  kind: TargetKind,
  policy: SlaPolicy,
  priority: Priority = ticket.priority,
): ClockInput | null {
  const target = policy.targets[priority][kind];
  if (!target) return null;
  // Waiting on the requester and a hotfix stop only the resolution clock (SPEC.md).
  if (kind === 'response') return { target, calendar: policy.calendar, startedAt: ticket.createdAt };
  return {
    target,
    calendar: policy.calendar,
    startedAt: ticket.createdAt,
    pauses: ticket.pauses,
    suspendedAt: ticket.hotfixSince ?? null,
  };
}

/**
 * The due instants of a ticket as it stands: a met response keeps its due time, a
 * paused or suspended resolution has none until the clock runs again.
 */
export function dueInstants(
  ticket: Ticket,
  policy: SlaPolicy,
  priority: Priority = ticket.priority,
): { response: number | null; resolution: number | null } {
  const due = (kind: TargetKind): number | null => {
    const clock = clockOf(ticket, kind, policy, priority);
    if (!clock) return null;
    if (kind === 'resolution' && clock.suspendedAt != null) return null;
    return instantWhenUsed(clock, clock.target.withinMs);
  };
  return {
    // A response already given keeps the due time it was measured against.
    response: ticket.respondedAt !== null ? ticket.response.dueAt : due('response'),
    resolution: due('resolution'),
  };
}

/** The ticket with its due instants recomputed (after a pause, priority change or hotfix mark). */
export function withDeadlines(ticket: Ticket, policy: SlaPolicy): Ticket {
  const due = dueInstants(ticket, policy);
  return { ...ticket, response: { dueAt: due.response }, resolution: { dueAt: due.resolution } };
}
