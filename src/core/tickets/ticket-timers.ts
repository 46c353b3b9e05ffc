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
  readonly kind: 'threshold' | 'refresh';
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
  return plans;
}
