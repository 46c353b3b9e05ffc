import { describe, expect, it } from 'vitest';
import { openTicketsByDeadline } from '../../../src/core/reports/open-deadlines.js';
import { weeklyPerformance } from '../../../src/core/reports/weekly-performance.js';
import { zoneOffsets } from '../../../src/core/sla/zone-offsets.js';
import { ams, presets } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';
import { basicWeek, REPORT_NOW } from './report-fixtures.js';

const zone = zoneOffsets('Europe/Amsterdam');

describe('weeklyPerformance', () => {
  it('gives eight weeks from Monday, the current one last, with met shares and averaged goals', () => {
    // The report fixtures' week (2 - 6 November) is the current week at REPORT_NOW.
    const weeks = weeklyPerformance(basicWeek, presets, zone, REPORT_NOW);
    expect(weeks.map((w) => w.weekStart)).toEqual([
      '2026-09-14',
      '2026-09-21',
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
    ]);
    expect(weeks[0]!.response).toEqual({ met: 0, decided: 0, metShare: null, goal: null });
    // In the week: TCK-000009 (P4, created Monday 00:00) and the week's P1/P2 tickets;
    // TCK-000008 (Sunday 23:59) belongs to the week before, TCK-000007 (Saturday) to this one.
    // Responses decided: 1 met, 2 breached, 3 met (P1, goal 99%), 4 breached (P1), 6 met
    // (P2, goal 90%), 9 met (P4, no goal) = 4 of 6; goal (4 x 0.99 + 0.9) / 5 = 0.972.
    expect(weeks[7]!.response).toEqual({ met: 4, decided: 6, metShare: 0.6667, goal: 0.972 });
    // Resolutions decided: 1 met, 2 met, 3 breached (P1, goal 99%), 9 met (P4, no goal).
    expect(weeks[7]!.resolution).toEqual({ met: 3, decided: 4, metShare: 0.75, goal: 0.99 });
    // TCK-000008: created Sunday 1 November, no response by now (due Wed 12:00): breached.
    expect(weeks[6]!.response).toEqual({ met: 0, decided: 1, metShare: 0, goal: null });
  });

  it('puts a ticket in its local week across the DST change', () => {
    // The clocks go back on Sunday 25 October 2026; local Monday 26 00:00 starts the next week.
    const sunday = sampleTicket({ createdAt: ams('2026-10-25T23:30'), respondedAt: ams('2026-10-25T23:31') });
    const monday = sampleTicket({ createdAt: ams('2026-10-26T00:30'), respondedAt: ams('2026-10-26T00:31') });
    const weeks = weeklyPerformance([sunday, monday], presets, zone, ams('2026-10-28T12:00'), 2);
    expect(weeks.map((w) => [w.weekStart, w.response.decided])).toEqual([
      ['2026-10-19', 1],
      ['2026-10-26', 1],
    ]);
  });
});

describe('openTicketsByDeadline', () => {
  it('orders open tickets by their nearest pending deadline, without one last', () => {
    const entries = openTicketsByDeadline(basicWeek);
    expect(entries.map((e) => [e.ticket.id, e.next?.target ?? null])).toEqual([
      ['TCK-000008', 'response'],
      ['TCK-000003', 'resolution'],
      ['TCK-000004', 'response'],
      ['TCK-000005', 'response'],
      ['TCK-000007', 'response'],
      ['TCK-000006', null],
    ]);
    expect(entries[0]!.next?.dueAt).toBe(ams('2026-11-04T12:00'));
  });
});
