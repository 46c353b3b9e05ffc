import { describe, expect, it } from 'vitest';
import { deadlinesFor } from '../../../src/core/sla/deadlines.js';
import { AMS, ams, iso, policyFrom, preset } from '../../helpers/policies.js';

const basic = preset('workspace365-basic');
const extended = preset('workspace365-extended');
const partner = preset('workspace365-partner');

const due = (name: string, priority: 'P1' | 'P2' | 'P3' | 'P4', opened: string) => {
  const d = deadlinesFor(preset(name), priority, ams(opened));
  return { response: iso(d.response), resolution: iso(d.resolution) };
};

describe('business time on the workspace365-basic calendar', () => {
  it('counts 4 h from 14:00 on an 08:00-18:00 day as 18:00 the same day (earliest instant)', () => {
    expect(due('workspace365-basic', 'P1', '2026-05-20T14:00').resolution).toBe(
      '2026-05-20T18:00:00.000+02:00',
    );
  });

  it('carries a P1 opened Friday 16:00 over the weekend: Monday 10:00, or Tuesday after Whit Monday', () => {
    // 2026-05-22 is the Friday before Whit Monday (2026-05-25): Monday is closed.
    expect(due('workspace365-basic', 'P1', '2026-05-22T16:00')).toEqual({
      response: '2026-05-22T16:05:00.000+02:00',
      resolution: '2026-05-26T10:00:00.000+02:00',
    });
    expect(due('workspace365-basic', 'P1', '2026-06-05T16:00').resolution).toBe(
      '2026-06-08T10:00:00.000+02:00',
    );
  });

  it('starts the clock at the next opening for a ticket opened at night or on a weekend', () => {
    expect(due('workspace365-basic', 'P2', '2026-06-06T11:00')).toEqual({
      response: '2026-06-08T08:05:00.000+02:00',
      resolution: '2026-06-08T16:00:00.000+02:00',
    });
    expect(due('workspace365-basic', 'P1', '2026-06-09T23:30').response).toBe(
      '2026-06-10T08:05:00.000+02:00',
    );
    expect(due('workspace365-basic', 'P1', '2026-06-10T06:00').response).toBe(
      '2026-06-10T08:05:00.000+02:00',
    );
  });

  it('treats an opening exactly at closing time as opened at the next opening', () => {
    expect(due('workspace365-basic', 'P1', '2026-06-12T18:00').response).toBe(
      '2026-06-15T08:05:00.000+02:00',
    );
    expect(due('workspace365-basic', 'P1', '2026-06-12T17:59:59.999').response).toBe(
      '2026-06-15T08:04:59.999+02:00',
    );
  });

  it('keeps seconds and milliseconds of the opening instant', () => {
    expect(due('workspace365-basic', 'P1', '2026-06-10T09:12:34.567')).toEqual({
      response: '2026-06-10T09:17:34.567+02:00',
      resolution: '2026-06-10T13:12:34.567+02:00',
    });
  });

  it('counts a P4 over Christmas, Boxing Day and New Year (2026)', () => {
    expect(due('workspace365-basic', 'P4', '2026-12-24T17:00')).toEqual({
      response: '2027-01-04T15:00:00.000+01:00',
      resolution: '2026-12-31T17:00:00.000+01:00',
    });
  });

  // Every Dutch public holiday that falls on a weekday in 2025-2027: a P3 opened at
  // 17:00 the working day before uses 1 h that day; the holiday counts nothing; two
  // full working days add 20 h; the last 3 h end at 11:00 on the third working day.
  const weekdayHolidays: Array<[string, string, string]> = [
    ['2025-01-01', '2024-12-31', '2025-01-06T11:00:00.000+01:00'],
    ['2025-04-21', '2025-04-18', '2025-04-24T11:00:00.000+02:00'],
    ['2025-05-29', '2025-05-28', '2025-06-03T11:00:00.000+02:00'],
    ['2025-06-09', '2025-06-06', '2025-06-12T11:00:00.000+02:00'],
    ['2025-12-25', '2025-12-24', '2025-12-31T11:00:00.000+01:00'],
    ['2026-01-01', '2025-12-31', '2026-01-06T11:00:00.000+01:00'],
    ['2026-04-06', '2026-04-03', '2026-04-09T11:00:00.000+02:00'],
    ['2026-04-27', '2026-04-24', '2026-04-30T11:00:00.000+02:00'],
    ['2026-05-14', '2026-05-13', '2026-05-19T11:00:00.000+02:00'],
    ['2026-05-25', '2026-05-22', '2026-05-28T11:00:00.000+02:00'],
    ['2026-12-25', '2026-12-24', '2026-12-30T11:00:00.000+01:00'],
    ['2027-01-01', '2026-12-31', '2027-01-06T11:00:00.000+01:00'],
    ['2027-03-29', '2027-03-26', '2027-04-01T11:00:00.000+02:00'],
    ['2027-04-27', '2027-04-26', '2027-04-30T11:00:00.000+02:00'],
    ['2027-05-06', '2027-05-05', '2027-05-11T11:00:00.000+02:00'],
    ['2027-05-17', '2027-05-14', '2027-05-20T11:00:00.000+02:00'],
  ];
  it.each(weekdayHolidays)('closes on the public holiday %s', (holiday, dayBefore, expected) => {
    expect(basic.calendar.isHoliday(holiday)).toBe(true);
    expect(basic.calendar.isOpen(ams(`${holiday}T12:00`))).toBe(false);
    expect(due('workspace365-basic', 'P3', `${dayBefore}T17:00`).resolution).toBe(expected);
  });

  it('is open on Good Friday and Liberation Day (not public holidays)', () => {
    expect(basic.calendar.isOpen(ams('2026-04-03T12:00'))).toBe(true);
    expect(basic.calendar.isOpen(ams('2025-05-05T12:00'))).toBe(true);
    expect(basic.calendar.isOpen(ams('2030-05-06T12:00'))).toBe(true);
  });

  it('closes on Boxing Day 2025 and 2028 (weekdays) but not on the days around them', () => {
    expect(basic.calendar.isOpen(ams('2025-12-26T12:00'))).toBe(false);
    expect(basic.calendar.isOpen(ams('2028-12-26T12:00'))).toBe(false);
    expect(basic.calendar.isOpen(ams('2028-12-27T12:00'))).toBe(true);
  });
});

describe("King's Day on a Sunday moves to Saturday", () => {
  const sevenDays = policyFrom({
    name: 'seven-days',
    calendar: {
      timeZone: AMS,
      hours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]),
      ),
      holidays: { country: 'NL', types: ['public'] },
    },
    targets: { P1: { response: { within: 'PT1H' }, resolution: { within: 'PT8H' } } },
  });

  it('closes Saturday 2025-04-26 and opens Sunday 2025-04-27', () => {
    expect(sevenDays.calendar.isOpen(ams('2025-04-26T12:00'))).toBe(false);
    expect(sevenDays.calendar.isOpen(ams('2025-04-27T12:00'))).toBe(true);
    const d = deadlinesFor(sevenDays, 'P1', ams('2025-04-25T16:30'));
    expect(iso(d.response)).toBe('2025-04-27T09:30:00.000+02:00');
  });

  it('closes Tuesday 2027-04-27 on its own date', () => {
    expect(sevenDays.calendar.isOpen(ams('2027-04-27T12:00'))).toBe(false);
    expect(sevenDays.calendar.isOpen(ams('2027-04-26T12:00'))).toBe(true);
  });
});

describe('daylight saving time', () => {
  it('keeps opening hours on the wall clock across the spring change (CET to CEST)', () => {
    // Friday 2026-03-27 17:00 CET; clocks go forward on Sunday 2026-03-29.
    expect(due('workspace365-basic', 'P1', '2026-03-27T17:00')).toEqual({
      response: '2026-03-27T17:05:00.000+01:00',
      resolution: '2026-03-30T11:00:00.000+02:00',
    });
  });

  it('keeps opening hours on the wall clock across the autumn change (CEST to CET)', () => {
    expect(due('workspace365-basic', 'P1', '2026-10-23T17:00').resolution).toBe(
      '2026-10-26T11:00:00.000+01:00',
    );
  });

  it('counts 24x7 targets as elapsed time across both DST changes', () => {
    const spring = deadlinesFor(extended, 'P1', ams('2026-03-29T01:30'));
    expect(iso(spring.resolution)).toBe('2026-03-29T06:30:00.000+02:00');
    const autumn = deadlinesFor(extended, 'P1', ams('2026-10-25T01:30'));
    expect(iso(autumn.resolution)).toBe('2026-10-25T04:30:00.000+01:00');
  });

  it('counts a DST day of an around-the-clock business calendar as 23 h and 25 h', () => {
    const allDay = policyFrom({
      name: 'all-day',
      calendar: {
        timeZone: AMS,
        hours: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
        ),
      },
      targets: {},
    });
    expect(allDay.calendar.businessTimeBetween(ams('2026-03-29T00:00'), ams('2026-03-30T00:00'))).toBe(
      23 * 3_600_000,
    );
    expect(allDay.calendar.businessTimeBetween(ams('2026-10-25T00:00'), ams('2026-10-26T00:00'))).toBe(
      25 * 3_600_000,
    );
  });

  it('opens an interval that starts inside the spring-forward gap when the clock reaches it', () => {
    const night = policyFrom({
      name: 'night-shift',
      calendar: { timeZone: AMS, hours: { sun: [['02:30', '04:00']] } },
      targets: {},
    });
    // 02:00 CET jumps to 03:00 CEST: readings 03:00-04:00 are open (1 h).
    const day = night.calendar.businessTimeBetween(ams('2026-03-29T00:00'), ams('2026-03-30T00:00'));
    expect(day).toBe(3_600_000);
    expect(night.calendar.isOpen(ams('2026-03-29T03:00'))).toBe(true);
    // In autumn 03:00 CEST falls back to 02:00 CET: 02:30-03:00 CEST (30 min), then
    // 02:30-04:00 CET (1.5 h) are open, and the repeated 02:00-02:30 is not.
    const autumn = night.calendar.businessTimeBetween(ams('2026-10-25T00:00'), ams('2026-10-26T00:00'));
    expect(autumn).toBe(2 * 3_600_000);
    expect(night.calendar.isOpen(Date.parse('2026-10-25T00:45:00Z'))).toBe(true);
    expect(night.calendar.isOpen(Date.parse('2026-10-25T01:15:00Z'))).toBe(false);
    expect(night.calendar.isOpen(Date.parse('2026-10-25T01:45:00Z'))).toBe(true);
  });
});

describe('calendars with several intervals a day', () => {
  const lunch = policyFrom({
    name: 'lunch-break',
    calendar: {
      timeZone: AMS,
      hours: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        tue: [
          ['13:00', '17:00'],
          ['09:00', '12:00'],
        ],
        wed: [],
        thu: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
        fri: [
          ['09:00', '12:00'],
          ['13:00', '17:00'],
        ],
      },
      holidays: { country: 'NL', types: ['public'] },
    },
    targets: {
      P1: { response: { within: 'PT2H' }, resolution: { within: 'PT7H' } },
      P2: { response: { within: 'PT3H' }, resolution: { within: 'PT8H' } },
    },
  });

  it('skips the lunch break', () => {
    const d = deadlinesFor(lunch, 'P1', ams('2026-06-08T11:00'));
    expect(iso(d.response)).toBe('2026-06-08T14:00:00.000+02:00');
    expect(iso(d.resolution)).toBe('2026-06-09T11:00:00.000+02:00');
  });

  it('starts a ticket opened during lunch at 13:00 and skips a closed Wednesday', () => {
    const d = deadlinesFor(lunch, 'P2', ams('2026-06-09T12:30'));
    expect(iso(d.response)).toBe('2026-06-09T16:00:00.000+02:00');
    expect(iso(d.resolution)).toBe('2026-06-11T14:00:00.000+02:00');
  });

  it('lands exactly at the start of lunch, not after it', () => {
    expect(iso(deadlinesFor(lunch, 'P1', ams('2026-06-08T10:00')).response)).toBe(
      '2026-06-08T12:00:00.000+02:00',
    );
  });
});

describe('other presets', () => {
  it('partner P1: 8 h = one business day of 09:00-17:00', () => {
    const d = deadlinesFor(partner, 'P1', ams('2026-06-10T13:00'));
    expect(iso(d.response)).toBe('2026-06-10T13:05:00.000+02:00');
    expect(iso(d.resolution)).toBe('2026-06-11T13:00:00.000+02:00');
  });

  it('spinpanel has no targets; seed-003 only a P1 response of 1 h', () => {
    expect(deadlinesFor(preset('spinpanel'), 'P1', ams('2026-06-10T13:00'))).toEqual({
      response: null,
      resolution: null,
    });
    const s = deadlinesFor(preset('seed-003'), 'P1', ams('2026-06-10T16:30'));
    expect(iso(s.response)).toBe('2026-06-11T09:30:00.000+02:00');
    expect(s.resolution).toBeNull();
    expect(deadlinesFor(preset('seed-003'), 'P2', ams('2026-06-10T13:00')).response).toBeNull();
  });

  it('spinpanel opens 08:30-17:00', () => {
    const c = preset('spinpanel').calendar;
    expect(c.isOpen(ams('2026-06-10T08:29'))).toBe(false);
    expect(c.isOpen(ams('2026-06-10T08:30'))).toBe(true);
    expect(c.isOpen(ams('2026-06-10T17:00'))).toBe(false);
  });

  it('never finds a deadline on a calendar without opening hours', () => {
    const closed = policyFrom({
      name: 'closed',
      calendar: { timeZone: AMS, hours: {} },
      targets: { P1: { response: { within: 'PT1H' }, resolution: { within: 'PT1H', clock: '24x7' } } },
    });
    const d = deadlinesFor(closed, 'P1', ams('2026-06-10T10:00'));
    expect(d.response).toBeNull();
    expect(iso(d.resolution)).toBe('2026-06-10T11:00:00.000+02:00');
    expect(closed.calendar.nextOpening(ams('2026-06-10T10:00'))).toBeNull();
  });

  it('finds the next opening', () => {
    expect(iso(basic.calendar.nextOpening(ams('2026-06-12T19:00')))).toBe('2026-06-15T08:00:00.000+02:00');
    expect(iso(basic.calendar.nextOpening(ams('2026-06-12T10:00')))).toBe('2026-06-12T10:00:00.000+02:00');
  });
});
