import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../../src/core/sla/policy-parser.js';
import type { SlaPolicy } from '../../../src/core/sla/sla-policy.js';

// An independent oracle: walk the calendar minute by minute with luxon, asking of
// each minute "is the wall clock inside an opening interval on a working day?".
// It shares no code with the engine; its holiday list is SPEC.md's, written out.
const NL_PUBLIC = new Set([
  '2025-01-01',
  '2025-04-20',
  '2025-04-21',
  '2025-04-26',
  '2025-05-29',
  '2025-06-08',
  '2025-06-09',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-05',
  '2026-04-06',
  '2026-04-27',
  '2026-05-14',
  '2026-05-24',
  '2026-05-25',
  '2026-12-25',
  '2026-12-26',
  '2027-01-01',
  '2027-03-28',
  '2027-03-29',
  '2027-04-27',
  '2027-05-06',
  '2027-05-16',
  '2027-05-17',
  '2027-12-25',
  '2027-12-26',
  '2028-01-01',
]);
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const MINUTE = 60_000;
const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'];

interface Spec {
  zone: string;
  hours: number[][][]; // per weekday, [startMinute, endMinute]
  holidays: Set<string>;
}

function oracleOpen(t: number, spec: Spec): boolean {
  const dt = DateTime.fromMillis(t, { zone: spec.zone });
  if (spec.holidays.has(dt.toISODate()!)) return false;
  const minute = dt.hour * 60 + dt.minute;
  return spec.hours[dt.weekday - 1]!.some(([s, e]) => minute >= s! && minute < e!);
}

function oracleDue(start: number, duration: number, spec: Spec): number | null {
  let t = start;
  let remaining = duration;
  for (let step = 0; step < 60 * 24 * 60; step++) {
    const minuteEnd = Math.floor(t / MINUTE) * MINUTE + MINUTE;
    if (oracleOpen(t, spec)) {
      const length = minuteEnd - t;
      if (length >= remaining) return t + remaining;
      remaining -= length;
    }
    t = minuteEnd;
  }
  return null;
}

const hhmm = (m: number) =>
  m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// 0-2 intervals a day on a 5-minute grid (DST gaps and repeats included).
const dayHours = fc
  .uniqueArray(fc.integer({ min: 0, max: 288 }), { minLength: 0, maxLength: 4 })
  .map((points) => {
    const sorted = points.sort((a, b) => a - b);
    const intervals: number[][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([sorted[i]! * 5, sorted[i + 1]! * 5]);
    return intervals;
  });

const weekHours = fc
  .array(dayHours, { minLength: 7, maxLength: 7 })
  .filter((week) => week.flat().reduce((sum, [s, e]) => sum + (e! - s!), 0) >= 8 * 60);

const RANGE_START = Date.parse('2025-01-01T00:00:00Z');
const RANGE_END = Date.parse('2027-12-20T00:00:00Z');
// Instants near DST changes are where calendars break, so a third of starts land there.
const DST_CHANGES = [
  '2025-03-30T01:00:00Z',
  '2025-10-26T01:00:00Z',
  '2026-03-08T07:00:00Z',
  '2026-10-04T16:00:00Z',
  '2027-03-28T01:00:00Z',
].map(Date.parse);
const FIVE_MINUTES = 5 * MINUTE;
const startInstant = fc.oneof(
  fc.integer({ min: RANGE_START, max: RANGE_END }),
  // On the same 5-minute grid as the intervals, so deadlines often land exactly on a close.
  fc.integer({ min: RANGE_START / FIVE_MINUTES, max: RANGE_END / FIVE_MINUTES }).map((n) => n * FIVE_MINUTES),
  fc
    .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -3 * 86_400_000, max: 86_400_000 }))
    .map(([a, b]) => a + b),
);

const specArbitrary = fc.record({
  zone: fc.constantFrom(...ZONES),
  hours: weekHours,
  dutchHolidays: fc.boolean(),
  extra: fc.uniqueArray(fc.integer({ min: 0, max: 1090 }), { maxLength: 12 }),
});

type RawSpec = { zone: string; hours: number[][][]; dutchHolidays: boolean; extra: number[] };

function build(raw: RawSpec): {
  spec: Spec;
  policy: SlaPolicy;
} {
  const extra = raw.extra.map((d) => new Date(RANGE_START + d * 86_400_000).toISOString().slice(0, 10));
  const holidays = new Set<string>(extra);
  if (raw.dutchHolidays) for (const h of NL_PUBLIC) holidays.add(h);
  const result = parsePolicyDocument(
    {
      policies: [
        {
          name: 'random',
          calendar: {
            timeZone: raw.zone,
            hours: Object.fromEntries(
              DAYS.map((d, i) => [d, raw.hours[i]!.map(([s, e]) => [hhmm(s!), hhmm(e!)])]),
            ),
            holidays: { country: raw.dutchHolidays ? 'NL' : null, types: ['public'], extra },
          },
          targets: {},
        },
      ],
    },
    'property',
  );
  if (result.errors.length) throw new Error(result.errors.join('\n'));
  return { spec: { zone: raw.zone, hours: raw.hours, holidays }, policy: result.policies[0]! };
}

const duration = fc.oneof(
  fc.integer({ min: 1, max: 10 * 3_600_000 }),
  fc.integer({ min: 1, max: 120 }).map((n) => n * FIVE_MINUTES),
);

describe('business deadlines agree with a minute-by-minute oracle', () => {
  it('for random calendars, zones, holidays, openings and targets', () => {
    fc.assert(
      fc.property(specArbitrary, startInstant, duration, (raw, start, ms) => {
        const { spec, policy } = build(raw);
        const due = policy.calendar.addBusinessTime(start, ms);
        expect(due).toBe(oracleDue(start, ms, spec));
      }),
      { numRuns: 150 },
    );
  });

  it('never puts a business deadline outside opening hours', () => {
    fc.assert(
      fc.property(specArbitrary, startInstant, duration, (raw, start, ms) => {
        const { spec, policy } = build(raw);
        const due = policy.calendar.addBusinessTime(start, ms);
        // The last millisecond counted before the deadline is open time.
        expect(due).not.toBeNull();
        expect(oracleOpen(due! - 1, spec)).toBe(true);
        expect(policy.calendar.businessTimeBetween(start, due!)).toBe(ms);
      }),
      { numRuns: 150 },
    );
  });

  it('is monotonic in the opening instant', () => {
    fc.assert(
      fc.property(
        specArbitrary,
        startInstant,
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        duration,
        (raw, a, gap, ms) => {
          const { policy } = build(raw);
          const first = policy.calendar.addBusinessTime(a, ms)!;
          const later = policy.calendar.addBusinessTime(a + gap, ms)!;
          expect(later).toBeGreaterThanOrEqual(first);
        },
      ),
      { numRuns: 200 },
    );
  });
});
