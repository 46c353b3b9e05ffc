import { describe, expect, it } from 'vitest';
import { buildSlaReport } from '../../../src/core/reports/sla-report.js';
import { targetOutcome } from '../../../src/core/reports/target-outcome.js';
import { ams, preset, presets } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';
import { basicWeek, REPORT_NOW } from './report-fixtures.js';

const emptyTally = (goal: number | null) => ({ met: 0, breached: 0, open: 0, metShare: null, goal });

describe('buildSlaReport', () => {
  const report = buildSlaReport({
    tickets: basicWeek,
    policies: presets,
    from: '2026-11-02',
    to: '2026-11-06',
    policy: null,
    now: REPORT_NOW,
  });

  it('counts met, breached and open per priority row against the row goal', () => {
    expect(report.rows.map((r) => [r.policy, r.priority, r.tickets])).toEqual([
      ['workspace365-basic', 'P1', 4],
      ['workspace365-basic', 'P2', 2],
      ['workspace365-basic', 'P3', 0],
      ['workspace365-basic', 'P4', 1],
    ]);
    const [p1, p2, p3, p4] = report.rows;
    expect(p1!.response).toEqual({ met: 2, breached: 2, open: 0, metShare: 0.5, goal: 0.99 });
    expect(p1!.resolution).toEqual({ met: 2, breached: 1, open: 1, metShare: 0.6667, goal: 0.99 });
    expect(p2!.response).toEqual({ met: 1, breached: 0, open: 1, metShare: 1, goal: 0.9 });
    expect(p2!.resolution).toEqual({ met: 0, breached: 0, open: 2, metShare: null, goal: 0.9 });
    expect(p3!.response).toEqual(emptyTally(null));
    expect(p4!.response).toEqual({ met: 1, breached: 0, open: 0, metShare: 1, goal: null });
    expect(p4!.resolution).toEqual({ met: 1, breached: 0, open: 0, metShare: 1, goal: null });
  });

  it('measures response and resolution in business time, pauses left out of resolution', () => {
    const [p1, p2, p3, p4] = report.rows;
    // Responses 3, 10 and 4 min; resolutions 3 h and 3 h 30 min (pause excluded).
    expect(p1).toMatchObject({
      medianResponseMs: 240_000,
      p90ResponseMs: 528_000,
      medianResolutionMs: 11_700_000,
      p90ResolutionMs: 12_420_000,
      pausedMs: 5_400_000,
    });
    expect(p2).toMatchObject({
      medianResponseMs: 120_000,
      p90ResponseMs: 120_000,
      medianResolutionMs: null,
      pausedMs: 79_200_000,
    });
    expect(p3).toMatchObject({ medianResponseMs: null, p90ResolutionMs: null, pausedMs: 0 });
    // Opened Monday 00:00: the clock starts at 08:00.
    expect(p4).toMatchObject({ medianResponseMs: 7_200_000, medianResolutionMs: 140_400_000 });
  });

  it('lists each breach with its due and done time in the policy zone', () => {
    expect(report.breaches).toEqual([
      {
        id: 'TCK-000002',
        policy: 'workspace365-basic',
        priority: 'P1',
        target: 'response',
        dueAt: '2026-11-02T17:05:00.000+01:00',
        doneAt: '2026-11-02T17:10:00.000+01:00',
      },
      {
        id: 'TCK-000003',
        policy: 'workspace365-basic',
        priority: 'P1',
        target: 'resolution',
        dueAt: '2026-11-05T14:00:00.000+01:00',
        doneAt: null,
      },
      {
        id: 'TCK-000004',
        policy: 'workspace365-basic',
        priority: 'P1',
        target: 'response',
        dueAt: '2026-11-06T11:05:00.000+01:00',
        doneAt: null,
      },
    ]);
  });

  it('lists maintenance windows and credit exclusions apart', () => {
    expect(report.exclusions).toEqual([
      {
        policy: 'workspace365-basic',
        timeZone: 'Europe/Amsterdam',
        maintenance: [{ weekday: 'thu', from: '22:00', to: '24:00', everyWeeks: 3, noticeDays: 7 }],
        creditExclusions: [],
      },
    ]);
    expect(report).toMatchObject({ from: '2026-11-02', to: '2026-11-06', warnings: [] });
  });

  it('counts an open ticket as breached once the report is run after its due time', () => {
    const later = buildSlaReport({
      tickets: basicWeek,
      policies: presets,
      from: '2026-11-02',
      to: '2026-11-06',
      policy: null,
      now: ams('2026-11-09T10:00'),
    });
    // TCK-000004 resolution (due Fri 15:00) and TCK-000005 response and resolution.
    expect(later.rows[0]!.resolution).toMatchObject({ met: 2, breached: 2, open: 0 });
    expect(later.rows[1]!.response).toMatchObject({ met: 1, breached: 1, open: 0, metShare: 0.5 });
    expect(later.rows[1]!.resolution).toMatchObject({ breached: 1, open: 1 });
  });

  it('measures a 24x7 P1 in elapsed time and other rows in business time (workspace365-extended)', () => {
    const weekend = [
      // Saturday 22:00: response due 22:05 (24x7), given 22:07 = 7 min late; resolved 01:00 = 3 h.
      sampleTicket({
        id: 'TCK-000010',
        policy: 'workspace365-extended',
        priority: 'P1',
        status: 'resolved',
        createdAt: ams('2026-11-07T22:00'),
        response: { dueAt: ams('2026-11-07T22:05') },
        resolution: { dueAt: ams('2026-11-08T02:00') },
        respondedAt: ams('2026-11-07T22:07'),
        resolvedAt: ams('2026-11-08T01:00'),
        pauses: [],
      }),
      // A P2 on the same Saturday waits for Monday 08:00: responded 08:03 = 3 min, met.
      sampleTicket({
        id: 'TCK-000011',
        policy: 'workspace365-extended',
        priority: 'P2',
        status: 'acknowledged',
        createdAt: ams('2026-11-07T22:00'),
        response: { dueAt: ams('2026-11-09T08:05') },
        resolution: { dueAt: ams('2026-11-09T16:00') },
        respondedAt: ams('2026-11-09T08:03'),
        resolvedAt: null,
        pauses: [],
      }),
      // Another policy's ticket: not in a report for extended only.
      basicWeek[0]!,
    ];
    const r = buildSlaReport({
      tickets: weekend,
      policies: presets,
      from: '2026-11-07',
      to: '2026-11-08',
      policy: 'workspace365-extended',
      now: ams('2026-11-09T09:00'),
    });
    expect(r.rows).toHaveLength(4);
    expect(r.rows[0]).toMatchObject({
      policy: 'workspace365-extended',
      priority: 'P1',
      tickets: 1,
      response: { met: 0, breached: 1, metShare: 0, goal: 0.99 },
      resolution: { met: 1, breached: 0, metShare: 1 },
      medianResponseMs: 420_000,
      medianResolutionMs: 10_800_000,
    });
    expect(r.rows[1]).toMatchObject({
      priority: 'P2',
      response: { met: 1, metShare: 1, goal: 0.9 },
      resolution: { open: 1 },
      medianResponseMs: 180_000,
    });
    expect(r.breaches.map((b) => [b.id, b.target, b.dueAt, b.doneAt])).toEqual([
      ['TCK-000010', 'response', '2026-11-07T22:05:00.000+01:00', '2026-11-07T22:07:00.000+01:00'],
    ]);
  });

  it('gives a selected policy its four rows even without tickets, and says which tickets it could not place', () => {
    const r = buildSlaReport({
      tickets: [sampleTicket({ policy: 'retired-gold', createdAt: ams('2026-11-03T10:00') })],
      policies: presets,
      from: '2026-11-02',
      to: '2026-11-06',
      policy: null,
      now: REPORT_NOW,
    });
    expect(r.rows).toEqual([]);
    expect(r.warnings).toEqual([
      '1 ticket(s) with policy "retired-gold" left out: no such policy is in force',
    ]);
    const seed003 = buildSlaReport({
      tickets: [],
      policies: presets,
      from: '2026-11-02',
      to: '2026-11-02',
      policy: 'seed-003',
      now: REPORT_NOW,
    });
    expect(seed003.rows.map((row) => [row.priority, row.tickets, row.response.metShare])).toEqual([
      ['P1', 0, null],
      ['P2', 0, null],
      ['P3', 0, null],
      ['P4', 0, null],
    ]);
    expect(seed003.exclusions[0]!.creditExclusions).toHaveLength(5);
  });
});

describe('targetOutcome', () => {
  const basic = preset('workspace365-basic');
  const base = {
    priority: 'P1' as const,
    createdAt: ams('2026-11-02T09:00'),
    response: { dueAt: ams('2026-11-02T09:05') },
    respondedAt: null,
    pauses: [],
  };

  it('meets a target done exactly at its due time', () => {
    const t = sampleTicket({ ...base, respondedAt: ams('2026-11-02T09:05') });
    expect(targetOutcome(t, 'response', basic, REPORT_NOW).outcome).toBe('met');
  });

  it('does not count a ticket cancelled before its due time, but does one cancelled after it', () => {
    const early = sampleTicket({ ...base, status: 'cancelled', updatedAt: ams('2026-11-02T09:02') });
    const late = sampleTicket({ ...base, status: 'cancelled', updatedAt: ams('2026-11-02T09:30') });
    expect(targetOutcome(early, 'response', basic, REPORT_NOW).outcome).toBe('uncounted');
    expect(targetOutcome(late, 'response', basic, REPORT_NOW).outcome).toBe('breached');
  });

  it('finds the breach of a paused ticket whose time ran out before the pause', () => {
    // 4 h resolution from Mon 09:00 runs out at 13:00; paused from 14:00 on.
    const t = sampleTicket({
      ...base,
      status: 'paused',
      resolution: { dueAt: null },
      resolvedAt: null,
      pauses: [{ from: ams('2026-11-02T14:00'), to: null }],
    });
    expect(targetOutcome(t, 'resolution', basic, REPORT_NOW)).toEqual({
      outcome: 'breached',
      dueAt: ams('2026-11-02T13:00'),
      doneAt: null,
    });
  });

  it('does not count a target the policy does not set', () => {
    const t = sampleTicket({ ...base, response: { dueAt: null } });
    expect(targetOutcome(t, 'response', preset('spinpanel'), REPORT_NOW).outcome).toBe('uncounted');
  });
});
