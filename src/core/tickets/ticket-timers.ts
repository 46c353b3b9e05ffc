import { thresholdInstants } from '../sla/sla-clock.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { Ticket } from './ticket.js';
import { clockOf, type TargetKind } from './ticket-deadlines.js';
import { isFinal } from './ticket-permissions.js';

/** A durable timer of a ticket: a threshold of a target, or a countdown refresh near a deadline. */
export interface TimerPlan {
  /** Deterministic: the same instant of the same target is the same timer. */
  readonly id: string;
  readonly ticketId: string;
  /**
   * threshold / refresh: an SLA target's; verify: a resolved ticket closes unverified;
   * statusUpdate: a running incident's next status update is due.
   */
  readonly kind: 'threshold' | 'refresh' | 'verify' | 'statusUpdate';
  readonly target: TargetKind;
  /** 0.5, 0.75, 0.9 or 1 for thresholds; 0 for refreshes. */
  readonly fraction: number;
  readonly dueAt: number;
}

const MINUTE = 60_000;
/** While a deadline is less than this far off, cards are refreshed every REFRESH_EVERY. */
export const REFRESH_WINDOW_MS = 120 * MINUTE;
export const REFRESH_EVERY_MS = 15 * MINUTE;

function nextRefresh(dueAt: number, now: number): number | null {
  for (let before = REFRESH_WINDOW_MS; before >= REFRESH_EVERY_MS; before -= REFRESH_EVERY_MS) {
    if (dueAt - before > now) return dueAt - before;
  }
  return null;
}

/**
 * The timers a ticket needs now: 50/75/90/100% of each target still running, and the
 * next coarse refresh of its card while a deadline is near. A met, paused or
 * suspended target has none; a finished ticket has none at all.
 */
export function planTimers(ticket: Ticket, policy: SlaPolicy, now: number): TimerPlan[] {
  if (isFinal(ticket) || !ticket.id) return [];
  const plans: TimerPlan[] = [];
  for (const target of ['response', 'resolution'] as const) {
    const done = target === 'response' ? ticket.respondedAt : ticket.resolvedAt;
    const clock = clockOf(ticket, target, policy);
    if (!clock || done !== null) continue;
    for (const { fraction, at } of thresholdInstants(clock)) {
      if (at === null) continue;
      plans.push({
        id: `${ticket.id}:${target}:${fraction}:${at}`,
        ticketId: ticket.id,
        kind: 'threshold',
        target,
        fraction,
        dueAt: at,
      });
    }
    const dueAt = ticket[target].dueAt;
    const refresh = dueAt === null ? null : nextRefresh(dueAt, now);
    if (refresh !== null) {
      plans.push({
        id: `${ticket.id}:${target}:refresh:${refresh}`,
        ticketId: ticket.id,
        kind: 'refresh',
        target,
        fraction: 0,
        dueAt: refresh,
      });
    }
  }
  plans.push(...lifecycleTimers(ticket, policy, now));
  return plans;
}

/** When a resolved ticket closes without its requester's answer. */
export function verifyDueAt(ticket: Ticket, policy: SlaPolicy): number | null {
  if (ticket.status !== 'resolved' || ticket.resolvedAt === null) return null;
  const { ms } = policy.verifyWithin;
  // Business time of the policy's calendar; a calendar without hours counts plain time.
  return policy.calendar.hasOpeningHours
    ? policy.calendar.addBusinessTime(ticket.resolvedAt, ms)
    : ticket.resolvedAt + ms;
}

/**
 * When status updates of a running incident are due (the policy's cadence, from the last
 * update or the acceptance): the reminder of the period that is due now, if one is, and
 * the next one. While no update is posted, every period brings its own reminder; once one
 * is posted, the cadence counts from it.
 */
export function statusUpdatesDueAt(ticket: Ticket, policy: SlaPolicy, now: number): number[] {
  const incident = ticket.incident;
  const cadence = policy.cadence[ticket.priority];
  if (incident?.state !== 'running' || !cadence || cadence.ms <= 0) return [];
  const from = incident.lastUpdateAt ?? incident.acceptedAt ?? incident.openedAt;
  const periods = Math.floor((now - from) / cadence.ms);
  if (periods < 1) return [from + cadence.ms];
  // The period due now stays in the plan while it fires (a fired timer stays fired).
  return [from + periods * cadence.ms, from + (periods + 1) * cadence.ms];
}

// Verification and status updates are not SLA targets; they hang off "resolution" for the record.
function lifecycleTimers(ticket: Ticket, policy: SlaPolicy, now: number): TimerPlan[] {
  const plans: TimerPlan[] = [];
  const verify = verifyDueAt(ticket, policy);
  if (verify !== null) {
    plans.push({
      id: `${ticket.id}:verify:${verify}`,
      ticketId: ticket.id,
      kind: 'verify',
      target: 'resolution',
      fraction: 0,
      dueAt: verify,
    });
  }
  for (const update of statusUpdatesDueAt(ticket, policy, now)) {
    plans.push({
      id: `${ticket.id}:statusUpdate:${update}`,
      ticketId: ticket.id,
      kind: 'statusUpdate',
      target: 'resolution',
      fraction: 0,
      dueAt: update,
    });
  }
  return plans;
}
