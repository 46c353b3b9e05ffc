import { formatIsoInstant } from '../sla/iso-instant.js';
import type { PolicyRegistry } from '../sla/policy-registry.js';
import { PRIORITIES, type Priority } from '../sla/priority.js';
import { goalFor, type MaintenanceWindow, type SlaPolicy } from '../sla/sla-policy.js';
import { zoneOffsets } from '../sla/zone-offsets.js';
import type { Ticket } from '../tickets/ticket.js';
import { percentile } from './percentile.js';
import { periodBounds } from './report-period.js';
import { pausedTime, TARGET_KINDS, type TargetKind, targetOutcome, timeToDone } from './target-outcome.js';

/** How one target fared over a row's tickets, against the row's goal. */
export interface TargetTally {
  readonly met: number;
  readonly breached: number;
  readonly open: number;
  /** met / (met + breached), 4 decimals; null when nothing is decided yet. */
  readonly metShare: number | null;
  readonly goal: number | null;
}

export interface ReportRow {
  readonly policy: string;
  readonly priority: Priority;
  readonly tickets: number;
  readonly response: TargetTally;
  readonly resolution: TargetTally;
  readonly medianResponseMs: number | null;
  readonly p90ResponseMs: number | null;
  readonly medianResolutionMs: number | null;
  readonly p90ResolutionMs: number | null;
  readonly pausedMs: number;
}

export interface ReportBreach {
  readonly id: string;
  readonly policy: string;
  readonly priority: Priority;
  readonly target: TargetKind;
  readonly dueAt: string;
  /** null: still not done at report time. */
  readonly doneAt: string | null;
}

/** What a policy defines for SLA credits; listed only, it never moves a deadline. */
export interface PolicyExclusions {
  readonly policy: string;
  readonly timeZone: string;
  readonly maintenance: readonly MaintenanceWindow[];
  readonly creditExclusions: readonly string[];
}

export interface SlaReport {
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly policy: string | null;
  readonly rows: ReportRow[];
  readonly breaches: ReportBreach[];
  readonly exclusions: PolicyExclusions[];
  readonly warnings: string[];
}

export interface ReportRequest {
  readonly tickets: readonly Ticket[];
  readonly policies: Pick<PolicyRegistry, 'get' | 'list'>;
  /** Inclusive local dates "YYYY-MM-DD", in each policy's zone. */
  readonly from: string;
  readonly to: string;
  /** Only this policy's tickets; null for all. */
  readonly policy: string | null;
  /** Report time: an unfinished target past its due time counts as breached. */
  readonly now: number;
}

export function roundShare(share: number): number {
  return Math.round(share * 10_000) / 10_000;
}

function tally(
  tickets: readonly Ticket[],
  kind: TargetKind,
  policy: SlaPolicy,
  priority: Priority,
  now: number,
) {
  const counts = { met: 0, breached: 0, open: 0 };
  for (const t of tickets) {
    const { outcome } = targetOutcome(t, kind, policy, now);
    if (outcome !== 'uncounted') counts[outcome]++;
  }
  const decided = counts.met + counts.breached;
  return {
    ...counts,
    metShare: decided === 0 ? null : roundShare(counts.met / decided),
    goal: goalFor(policy, priority, kind),
  };
}

function row(policy: SlaPolicy, priority: Priority, tickets: readonly Ticket[], now: number): ReportRow {
  const durations = (kind: TargetKind) =>
    tickets.map((t) => timeToDone(t, kind, policy)).filter((ms): ms is number => ms !== null);
  const response = durations('response');
  const resolution = durations('resolution');
  return {
    policy: policy.name,
    priority,
    tickets: tickets.length,
    response: tally(tickets, 'response', policy, priority, now),
    resolution: tally(tickets, 'resolution', policy, priority, now),
    medianResponseMs: percentile(response, 0.5),
    p90ResponseMs: percentile(response, 0.9),
    medianResolutionMs: percentile(resolution, 0.5),
    p90ResolutionMs: percentile(resolution, 0.9),
    pausedMs: tickets.reduce((sum, t) => sum + pausedTime(t, policy, now), 0),
  };
}

function breachesOf(
  policy: SlaPolicy,
  tickets: readonly Ticket[],
  now: number,
): Array<ReportBreach & { at: number }> {
  const out: Array<ReportBreach & { at: number }> = [];
  const zone = policy.calendar.zone;
  for (const t of tickets) {
    for (const target of TARGET_KINDS) {
      const o = targetOutcome(t, target, policy, now);
      if (o.outcome !== 'breached' || o.dueAt === null) continue;
      out.push({
        id: t.id,
        policy: policy.name,
        priority: t.priority,
        target,
        dueAt: formatIsoInstant(o.dueAt, zone),
        doneAt: o.doneAt === null ? null : formatIsoInstant(o.doneAt, zone),
        at: o.dueAt,
      });
    }
  }
  return out;
}

/**
 * SLA performance per policy and priority over tickets created in a period
 * (CONTRACTS.md section 9). Pure: tickets, policies and the report time come in.
 */
export function buildSlaReport(request: ReportRequest): SlaReport {
  const { now } = request;
  const byPolicy = new Map<string, Ticket[]>();
  const unknown = new Map<string, number>();
  // A ticket whose policy is gone has no zone: its period is read in UTC, only to count it.
  const utc = periodBounds(request.from, request.to, zoneOffsets('UTC'));
  for (const t of request.tickets) {
    if (request.policy !== null && t.policy !== request.policy) continue;
    if (!request.policies.get(t.policy)) {
      if (t.createdAt >= utc.start && t.createdAt < utc.end)
        unknown.set(t.policy, (unknown.get(t.policy) ?? 0) + 1);
    } else byPolicy.set(t.policy, [...(byPolicy.get(t.policy) ?? []), t]);
  }
  const reported = request.policies
    .list()
    .filter((p) => (request.policy === null ? byPolicy.has(p.name) : p.name === request.policy));
  const rows: ReportRow[] = [];
  const breaches: Array<ReportBreach & { at: number }> = [];
  for (const policy of reported) {
    const { start, end } = periodBounds(request.from, request.to, policy.calendar.zone);
    const inPeriod = (byPolicy.get(policy.name) ?? []).filter(
      (t) => t.createdAt >= start && t.createdAt < end,
    );
    for (const priority of PRIORITIES) {
      const tickets = inPeriod.filter((t) => t.priority === priority);
      rows.push(row(policy, priority, tickets, now));
      breaches.push(...breachesOf(policy, tickets, now));
    }
  }
  breaches.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  return {
    from: request.from,
    to: request.to,
    generatedAt: new Date(now).toISOString(),
    policy: request.policy,
    rows,
    breaches: breaches.map(({ at: _at, ...b }) => b),
    exclusions: reported.map((p) => ({
      policy: p.name,
      timeZone: p.calendar.definition.timeZone,
      maintenance: p.maintenance,
      creditExclusions: p.creditExclusions,
    })),
    warnings: [...unknown].map(
      ([name, count]) => `${count} ticket(s) with policy "${name}" left out: no such policy is in force`,
    ),
  };
}
