import type { Priority } from './priority.js';
import { instantWhenUsed } from './sla-clock.js';
import type { SlaPolicy, SlaTarget } from './sla-policy.js';

export interface Deadlines {
  readonly response: number | null;
  readonly resolution: number | null;
}

function dueFor(policy: SlaPolicy, target: SlaTarget | null, openedAt: number): number | null {
  if (!target) return null;
  return instantWhenUsed({ target, calendar: policy.calendar, startedAt: openedAt }, target.withinMs);
}

/** Response and resolution due instants of a ticket opened at `openedAt` (null: no target). */
export function deadlinesFor(policy: SlaPolicy, priority: Priority, openedAt: number): Deadlines {
  const targets = policy.targets[priority];
  return {
    response: dueFor(policy, targets.response, openedAt),
    resolution: dueFor(policy, targets.resolution, openedAt),
  };
}
