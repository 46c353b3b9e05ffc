import { describe, expect, it } from 'vitest';
import { isReportDate, nextDate, periodBounds } from '../../../src/core/reports/report-period.js';
import { zoneOffsets } from '../../../src/core/sla/zone-offsets.js';

describe('report period', () => {
  it('accepts only real dates', () => {
    expect(isReportDate('2026-11-30')).toBe(true);
    expect(isReportDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-11-31', '2026-1-01', '01-11-2026', '']) {
      expect(isReportDate(bad), bad).toBe(false);
    }
  });

  it('steps over month and year ends', () => {
    expect(nextDate('2026-11-30')).toBe('2026-12-01');
    expect(nextDate('2026-12-31')).toBe('2027-01-01');
  });

  it("spans whole local days in the policy's zone, 25 hours on the day the clocks go back", () => {
    const { start, end } = periodBounds('2026-10-25', '2026-10-25', zoneOffsets('Europe/Amsterdam'));
    expect(new Date(start).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    const ny = periodBounds('2026-11-01', '2026-11-30', zoneOffsets('America/New_York'));
    expect(new Date(ny.start).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(ny.end).toISOString()).toBe('2026-12-01T05:00:00.000Z');
  });
});
