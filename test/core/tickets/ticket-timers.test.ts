import { describe, expect, it } from 'vitest';
import { newIncident } from '../../../src/core/incidents/incident.js';
import { thresholdInstants } from '../../../src/core/sla/sla-clock.js';
import type { Ticket } from '../../../src/core/tickets/ticket.js';
import { type Actor, applyAction } from '../../../src/core/tickets/ticket-actions.js';
import { clockOf, withDeadlines } from '../../../src/core/tickets/ticket-deadlines.js';
import { planTimers, statusUpdatesDueAt, type TimerPlan } from '../../../src/core/tickets/ticket-timers.js';
import { ams, iso, preset } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const basic = preset('workspace365-basic');
// Monday 23 November 2026, 10:30 Amsterdam.
const CREATED = ams('2026-11-23T10:30');
const agent: Actor = { id: 'slack:UAGENT', name: 'Ann Agent', isAgent: true, isIncidentManager: false };

function opened(overrides: Partial<Ticket> = {}): Ticket {
  return withDeadlines(
    sampleTicket({ createdAt: CREATED, updatedAt: CREATED, respondedAt: null, ...overrides }),
    basic,
  );
}

function thresholds(
  plan: readonly TimerPlan[],
  target: 'response' | 'resolution',
): Array<[number, string | null]> {
  return plan
    .filter((p) => p.kind === 'threshold' && p.target === target)
    .map((p) => [p.fraction, iso(p.dueAt)]);
}

function act(ticket: Ticket, action: Parameters<typeof applyAction>[1], at: number): Ticket {
  const result = applyAction(ticket, action, agent, basic, at);
  if (!result.ok) throw new Error(result.reason);
  return result.ticket;
}

describe('planTimers', () => {
  it('plans 50/75/90/100% of each target at the SLA clock threshold instants', () => {
    const ticket = opened();
    const plan = planTimers(ticket, basic, CREATED);
    for (const target of ['response', 'resolution'] as const) {
      const expected = thresholdInstants(clockOf(ticket, target, basic)!).map((t) => [t.fraction, iso(t.at)]);
      expect(thresholds(plan, target)).toEqual(expected);
    }
    // P1 on workspace365-basic: 5 min response, 4 business hours resolution.
    expect(thresholds(plan, 'response')).toEqual([
      [0.5, '2026-11-23T10:32:30.000+01:00'],
      [0.75, '2026-11-23T10:33:45.000+01:00'],
      [0.9, '2026-11-23T10:34:30.000+01:00'],
      [1, '2026-11-23T10:35:00.000+01:00'],
    ]);
    expect(thresholds(plan, 'resolution')).toEqual([
      [0.5, '2026-11-23T12:30:00.000+01:00'],
      [0.75, '2026-11-23T13:30:00.000+01:00'],
      [0.9, '2026-11-23T14:06:00.000+01:00'],
      [1, '2026-11-23T14:30:00.000+01:00'],
    ]);
    // The 100% timer is the due time the ticket shows.
    expect(plan.find((p) => p.target === 'resolution' && p.fraction === 1)?.dueAt).toBe(
      ticket.resolution.dueAt,
    );
    expect(plan.every((p) => p.ticketId === ticket.id)).toBe(true);
  });

  it('follows business hours across a weekend', () => {
    // Friday 16:00, P1: 2 h Friday, the other 2 h on Monday morning.
    const ticket = opened({ createdAt: ams('2026-11-27T16:00') });
    expect(thresholds(planTimers(ticket, basic, ticket.createdAt), 'resolution')).toEqual([
      [0.5, '2026-11-27T18:00:00.000+01:00'],
      [0.75, '2026-11-30T09:00:00.000+01:00'],
      [0.9, '2026-11-30T09:36:00.000+01:00'],
      [1, '2026-11-30T10:00:00.000+01:00'],
    ]);
  });

  it('refreshes the card every 15 minutes only within 2 hours of a deadline', () => {
    const ticket = opened();
    const refresh = (now: number) =>
      planTimers(ticket, basic, now)
        .filter((p) => p.kind === 'refresh' && p.target === 'resolution')
        .map((p) => iso(p.dueAt));
    // Resolution due 14:30: the first refresh is at 12:30, then every 15 minutes.
    expect(refresh(CREATED)).toEqual(['2026-11-23T12:30:00.000+01:00']);
    expect(refresh(ams('2026-11-23T12:30'))).toEqual(['2026-11-23T12:45:00.000+01:00']);
    expect(refresh(ams('2026-11-23T14:16'))).toEqual([]);
    expect(planTimers(ticket, basic, CREATED).filter((p) => p.kind === 'refresh')).toHaveLength(1);
  });

  it('gives the same timer the same id, so re-planning never duplicates one', () => {
    const ticket = opened();
    const a = planTimers(ticket, basic, CREATED).map((p) => p.id);
    const b = planTimers({ ...ticket, version: 2, updatedAt: CREATED + 60_000 }, basic, CREATED + 60_000).map(
      (p) => p.id,
    );
    expect(new Set(a).size).toBe(a.length);
    expect(b).toEqual(a);
  });

  it('plans nothing for a met target', () => {
    const responded = act(
      opened(),
      { kind: 'respond', text: 'On it', expectedResolutionAt: null },
      CREATED + 2 * 60_000,
    );
    const plan = planTimers(responded, basic, CREATED + 2 * 60_000);
    expect(plan.filter((p) => p.target === 'response')).toEqual([]);
    expect(thresholds(plan, 'resolution')).toHaveLength(4);
  });

  it('plans nothing at all for a closed or cancelled ticket', () => {
    for (const status of ['closed', 'cancelled'] as const) {
      expect(planTimers(opened({ status }), basic, CREATED)).toEqual([]);
    }
  });

  it('plans only the verification deadline for a resolved ticket (verifyWithin business time)', () => {
    const resolvedAt = CREATED + 60_000;
    const resolved = act(opened(), { kind: 'resolve', text: 'Fixed' }, resolvedAt);
    const plan = planTimers(resolved, basic, resolvedAt);
    expect(plan.map((p) => p.kind)).toEqual(['verify']);
    // 16 business hours of an 08:00-18:00 calendar.
    expect(plan[0]!.dueAt).toBe(basic.calendar.addBusinessTime(resolvedAt, 16 * 3_600_000));
  });

  it('plans no resolution timers while the ticket waits on the requester', () => {
    const paused = act(
      opened(),
      { kind: 'pause', reason: 'Waiting for a screenshot' },
      ams('2026-11-23T11:00'),
    );
    const plan = planTimers(paused, basic, ams('2026-11-23T11:00'));
    expect(plan.filter((p) => p.target === 'resolution')).toEqual([]);
    // The response clock does not stop for it.
    expect(thresholds(plan, 'response')).toHaveLength(4);
    // Resumed an hour later: the same target, one hour later.
    const resumed = act(paused, { kind: 'resume' }, ams('2026-11-23T12:00'));
    expect(thresholds(planTimers(resumed, basic, ams('2026-11-23T12:00')), 'resolution')).toEqual([
      [0.5, '2026-11-23T13:30:00.000+01:00'],
      [0.75, '2026-11-23T14:30:00.000+01:00'],
      [0.9, '2026-11-23T15:06:00.000+01:00'],
      [1, '2026-11-23T15:30:00.000+01:00'],
    ]);
  });

  it('suspends the resolution timers of a P1 that needs a hotfix, and plans them again when cleared', () => {
    const marked = act(opened(), { kind: 'hotfix', reason: 'Needs a release' }, ams('2026-11-23T11:30'));
    expect(marked.resolution.dueAt).toBeNull();
    const plan = planTimers(marked, basic, ams('2026-11-23T11:30'));
    expect(plan.filter((p) => p.target === 'resolution')).toEqual([]);
    expect(thresholds(plan, 'response')).toHaveLength(4);
    const cleared = act(marked, { kind: 'unhotfix' }, ams('2026-11-23T13:00'));
    expect(thresholds(planTimers(cleared, basic, ams('2026-11-23T13:00')), 'resolution')).toHaveLength(4);
  });

  it('moves the timers when the priority changes', () => {
    const ticket = opened();
    const before = planTimers(ticket, basic, CREATED + 60_000);
    const lowered = act(
      ticket,
      { kind: 'changePriority', priority: 'P3', reason: 'One user only' },
      CREATED + 60_000,
    );
    const after = planTimers(lowered, basic, CREATED + 60_000);
    // P3: 24 business hours for both targets, from Monday 10:30 -> Wednesday 14:30 (10 h days).
    expect(thresholds(after, 'resolution').at(-1)).toEqual([1, '2026-11-25T14:30:00.000+01:00']);
    expect(thresholds(after, 'response').at(-1)).toEqual([1, '2026-11-25T14:30:00.000+01:00']);
    expect(lowered.resolution.dueAt).toBe(ams('2026-11-25T14:30'));
    const beforeIds = new Set(before.map((p) => p.id));
    expect(after.filter((p) => p.kind === 'threshold').some((p) => beforeIds.has(p.id))).toBe(false);
  });
});

describe('statusUpdatesDueAt', () => {
  const P1 = basic.cadence.P1!.ms;
  const running = (lastUpdateAt: number | null) =>
    sampleTicket({
      priority: 'P1',
      incident: {
        ...newIncident(CREATED),
        state: 'running',
        acceptedAt: CREATED,
        lastUpdateAt,
      },
    });

  it('the next update before it is due; while overdue, the period due now and the next one', () => {
    expect(statusUpdatesDueAt(running(null), basic, CREATED + P1 - 1)).toEqual([CREATED + P1]);
    expect(statusUpdatesDueAt(running(null), basic, CREATED + P1)).toEqual([CREATED + P1, CREATED + 2 * P1]);
    expect(statusUpdatesDueAt(running(null), basic, CREATED + 2.5 * P1)).toEqual([
      CREATED + 2 * P1,
      CREATED + 3 * P1,
    ]);
    // An update restarts the count from it.
    const updated = CREATED + 2.5 * P1;
    expect(statusUpdatesDueAt(running(updated), basic, updated + 1)).toEqual([updated + P1]);
  });

  it('none once the incident is not running', () => {
    const ticket = running(null);
    const resolved = { ...ticket, incident: { ...ticket.incident!, state: 'resolved' as const } };
    expect(statusUpdatesDueAt(resolved, basic, CREATED + 3 * P1)).toEqual([]);
  });
});
