import { describe, expect, it } from 'vitest';
import { type ClockInput, readClock, thresholdInstants, usedAt } from '../../../src/core/sla/sla-clock.js';
import { ams, iso, preset } from '../../helpers/policies.js';

const basic = preset('workspace365-basic');
const HOUR = 3_600_000;

function resolutionClock(
  priority: 'P1' | 'P2' | 'P3' | 'P4',
  opened: string,
  extra: Partial<ClockInput> = {},
): ClockInput {
  const target = basic.targets[priority].resolution!;
  return { target, calendar: basic.calendar, startedAt: ams(opened), ...extra };
}

describe('SLA clock', () => {
  it('reads elapsed, remaining and fraction on business time', () => {
    const clock = resolutionClock('P1', '2026-06-10T16:00');
    const reading = readClock(clock, ams('2026-06-11T09:00'));
    expect(reading.elapsedMs).toBe(3 * HOUR);
    expect(reading.remainingMs).toBe(1 * HOUR);
    expect(reading.fractionUsed).toBeCloseTo(0.75);
    expect(reading.state).toBe('running');
    expect(iso(reading.dueAt)).toBe('2026-06-11T10:00:00.000+02:00');
  });

  it('reports a breach once the due instant has passed', () => {
    const reading = readClock(resolutionClock('P1', '2026-06-10T16:00'), ams('2026-06-11T10:12'));
    expect(reading.state).toBe('breached');
    expect(reading.remainingMs).toBe(-12 * 60_000);
  });

  it('gives the 50/75/90/100% instants', () => {
    const at = thresholdInstants(resolutionClock('P1', '2026-06-10T16:00')).map((t) => iso(t.at));
    expect(at).toEqual([
      '2026-06-10T18:00:00.000+02:00',
      '2026-06-11T09:00:00.000+02:00',
      '2026-06-11T09:36:00.000+02:00',
      '2026-06-11T10:00:00.000+02:00',
    ]);
  });

  it('moves the due instant by the business time of a pause that spans a weekend', () => {
    // P2 (8 h) opened Friday 2026-06-12 14:00; paused Friday 16:00 to Monday 10:00.
    const clock = resolutionClock('P2', '2026-06-12T14:00', {
      pauses: [{ from: ams('2026-06-12T16:00'), to: ams('2026-06-15T10:00') }],
    });
    const reading = readClock(clock, ams('2026-06-15T12:00'));
    // Used: Fri 14-16 (2 h) + Mon 10-12 (2 h); paused: Fri 16-18 + Mon 08-10 = 4 h.
    expect(reading.elapsedMs).toBe(4 * HOUR);
    expect(reading.pausedMs).toBe(4 * HOUR);
    expect(iso(reading.dueAt)).toBe('2026-06-15T16:00:00.000+02:00');
  });

  it('has no due instant while paused, and says so', () => {
    const clock = resolutionClock('P2', '2026-06-12T14:00', {
      pauses: [{ from: ams('2026-06-12T15:00'), to: null }],
    });
    const reading = readClock(clock, ams('2026-06-15T12:00'));
    expect(reading.state).toBe('paused');
    expect(reading.dueAt).toBeNull();
    expect(reading.elapsedMs).toBe(1 * HOUR);
    expect(thresholdInstants(clock).map((t) => t.at === null)).toEqual([true, true, true, true]);
  });

  it('ignores a pause that started before the ticket and counts only its overlap', () => {
    const clock = resolutionClock('P1', '2026-06-10T09:00', {
      pauses: [{ from: ams('2026-06-10T08:00'), to: ams('2026-06-10T10:00') }],
    });
    expect(usedAt(clock, ams('2026-06-10T11:00'))).toBe(1 * HOUR);
    expect(iso(readClock(clock, ams('2026-06-10T11:00')).dueAt)).toBe('2026-06-10T14:00:00.000+02:00');
  });

  it('suspends a P1 resolution target when a hotfix is required', () => {
    const clock = resolutionClock('P1', '2026-06-10T09:00', { suspendedAt: ams('2026-06-10T11:00') });
    const reading = readClock(clock, ams('2026-06-10T15:00'));
    expect(reading.state).toBe('suspended');
    expect(reading.dueAt).toBeNull();
    expect(reading.elapsedMs).toBe(2 * HOUR);
    expect(thresholdInstants(clock).every((t) => t.at === null)).toBe(true);
  });

  it('counts 24x7 targets in plain elapsed time', () => {
    const extended = preset('workspace365-extended');
    const clock: ClockInput = {
      target: extended.targets.P1.resolution!,
      calendar: extended.calendar,
      startedAt: ams('2026-06-13T22:00'),
      pauses: [{ from: ams('2026-06-13T23:00'), to: ams('2026-06-14T00:30') }],
    };
    expect(iso(readClock(clock, ams('2026-06-14T01:00')).dueAt)).toBe('2026-06-14T03:30:00.000+02:00');
  });
});
