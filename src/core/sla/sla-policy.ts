import type { BusinessCalendar } from './business-calendar.js';
import type { Priority } from './priority.js';

export type ClockKind = 'business' | '24x7';

/** One target ("respond within 5 minutes of business time"). */
export interface SlaTarget {
  /** The ISO 8601 duration as written, kept for display and round-tripping. */
  readonly within: string;
  readonly withinMs: number;
  readonly clock: ClockKind;
  /** Share of tickets that must meet this target, when the policy sets one per target. */
  readonly goal: number | null;
}

export interface PriorityTargets {
  readonly response: SlaTarget | null;
  readonly resolution: SlaTarget | null;
}

/** A planned maintenance window: it does not move deadlines, only SLA-credit reports. */
export interface MaintenanceWindow {
  readonly weekday: string;
  readonly from: string;
  readonly to: string;
  readonly everyWeeks: number;
  readonly noticeDays: number;
}

/** How a policy's tickets get their priority (SPEC.md): impact x urgency, urgency alone, or an agent. */
export type PriorityModel = 'matrix' | 'urgency' | 'agent';
export const PRIORITY_MODELS: readonly PriorityModel[] = ['matrix', 'urgency', 'agent'];

export interface SlaPolicy {
  readonly name: string;
  readonly description: string;
  readonly calendar: BusinessCalendar;
  readonly targets: Readonly<Record<Priority, PriorityTargets>>;
  readonly goals: { readonly response: number | null; readonly resolution: number | null };
  readonly maintenance: readonly MaintenanceWindow[];
  /** What the policy's SLA credits exclude (seed 003), for reports. */
  readonly creditExclusions: readonly string[];
  /** "preset" for a shipped preset, otherwise the file it came from. */
  readonly source: string;
  readonly priorityModel: PriorityModel;
  /** How often the requester gets a status update while an escalation of that priority runs. */
  readonly cadence: Readonly<Partial<Record<Priority, { readonly within: string; readonly ms: number }>>>;
  /** Business time the requester has to verify a resolved ticket before it closes by itself. */
  readonly verifyWithin: { readonly within: string; readonly ms: number };
}

/** Without a policy's own verifyWithin: two business days of 8 hours. */
export const DEFAULT_VERIFY_WITHIN = 'PT16H';

/** The goal for one target: its own, else the policy-wide one. */
export function goalFor(
  policy: SlaPolicy,
  priority: Priority,
  kind: 'response' | 'resolution',
): number | null {
  return policy.targets[priority][kind]?.goal ?? policy.goals[kind];
}
