import type { PolicyRegistry } from '../sla/policy-registry.js';
import { goalFor } from '../sla/sla-policy.js';
import type { ZoneOffsets } from '../sla/zone-offsets.js';
import type { Ticket } from '../tickets/ticket.js';
import { roundShare } from './sla-report.js';
import { TARGET_KINDS, type TargetKind, targetOutcome } from './target-outcome.js';

const DAY_MS = 86_400_000;

export interface WeeklyShare {
  readonly met: number;
  /** Targets met or breached; open ones are not decided yet. */
  readonly decided: number;
  readonly metShare: number | null;
  /**
   * The goal the decided targets had to meet, averaged over those that have one: a
   * week of P1 (99%) and P2 (90%) tickets has a goal between the two.
   */
  readonly goal: number | null;
}

export interface WeekPerformance {
  /** Monday of the week, local date "YYYY-MM-DD". */
  readonly weekStart: string;
  readonly response: WeeklyShare;
  readonly resolution: WeeklyShare;
}

/** Monday 00:00 (local) of the week that holds `at`, as a local day number. */
function mondayOf(at: number, zone: ZoneOffsets): number {
  const day = Math.floor(zone.toLocalMs(at) / DAY_MS);
  // 1970-01-01 was a Thursday; index 0 = Monday.
  return day - ((((day + 3) % 7) + 7) % 7);
}

function share(
  tickets: readonly Ticket[],
  kind: TargetKind,
  policies: Pick<PolicyRegistry, 'get'>,
  now: number,
) {
  let met = 0;
  let decided = 0;
  const goals: number[] = [];
  for (const t of tickets) {
    const policy = policies.get(t.policy);
    if (!policy) continue;
    const { outcome } = targetOutcome(t, kind, policy, now);
    if (outcome !== 'met' && outcome !== 'breached') continue;
    decided++;
    if (outcome === 'met') met++;
    const goal = goalFor(policy, t.priority, kind);
    if (goal !== null) goals.push(goal);
  }
  return {
    met,
    decided,
    metShare: decided ? roundShare(met / decided) : null,
    goal: goals.length ? roundShare(goals.reduce((a, b) => a + b, 0) / goals.length) : null,
  };
}

/**
 * Response and resolution met share per week (tickets by creation week, weeks from
 * Monday in `zone`), the current week last, `weeks` weeks in all.
 */
export function weeklyPerformance(
  tickets: readonly Ticket[],
  policies: Pick<PolicyRegistry, 'get'>,
  zone: ZoneOffsets,
  now: number,
  weeks = 8,
): WeekPerformance[] {
  const thisMonday = mondayOf(now, zone);
  const out: WeekPerformance[] = [];
  for (let w = weeks - 1; w >= 0; w--) {
    const startDay = thisMonday - 7 * w;
    const start = zone.toUtcMs(startDay * DAY_MS);
    const end = zone.toUtcMs((startDay + 7) * DAY_MS);
    const inWeek = tickets.filter((t) => t.createdAt >= start && t.createdAt < end);
    const [response, resolution] = TARGET_KINDS.map((kind) => share(inWeek, kind, policies, now)) as [
      WeeklyShare,
      WeeklyShare,
    ];
    out.push({ weekStart: new Date(startDay * DAY_MS).toISOString().slice(0, 10), response, resolution });
  }
  return out;
}
