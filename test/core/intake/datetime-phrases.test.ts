import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseDateTimePhrase } from '../../../src/core/intake/datetime-phrases.js';
import { zoneOffsets } from '../../../src/core/sla/zone-offsets.js';

const zone = zoneOffsets('Europe/Amsterdam');
// Monday 23 November 2026, 10:30 in Amsterdam.
const NOW = DateTime.fromISO('2026-11-23T10:30', { zone: 'Europe/Amsterdam' }).toMillis();
const local = (ms: number) =>
  DateTime.fromMillis(ms, { zone: 'Europe/Amsterdam' }).toFormat("yyyy-MM-dd'T'HH:mm");

function read(text: string, now = NOW): string {
  const result = parseDateTimePhrase(text, now, zone);
  if (!result.ok) throw new Error(`${text}: ${result.reason}`);
  return local(result.at);
}

describe('date and time phrases (CONTRACTS.md section 5)', () => {
  it.each([
    ['now', '2026-11-23T10:30'],
    ['today 9:15', '2026-11-23T09:15'],
    ['this morning 9:15', '2026-11-23T09:15'],
    ['since 9:15 this morning', '2026-11-23T09:15'],
    ['yesterday 14:00', '2026-11-22T14:00'],
    ['yesterday at 2pm', '2026-11-22T14:00'],
    ['2 hours ago', '2026-11-23T08:30'],
    ['30 minutes ago', '2026-11-23T10:00'],
    ['an hour ago', '2026-11-23T09:30'],
    ['monday 10:00', '2026-11-23T10:00'],
    ['friday 16:45', '2026-11-20T16:45'],
    ['22-05-2026 14:00', '2026-05-22T14:00'],
    ['22/05/2026 14:00', '2026-05-22T14:00'],
    ['2026-05-22 14:00', '2026-05-22T14:00'],
    ['2026-05-22T14:00:00+02:00', '2026-05-22T14:00'],
    ['22 may 2026 14:00', '2026-05-22T14:00'],
    ['9:15', '2026-11-23T09:15'],
    ['this afternoon 2:30', '2026-11-23T14:30'],
    ['2026-11-22 at 14:30', '2026-11-22T14:30'],
    ['22/11/2026 at 14:30', '2026-11-22T14:30'],
    ['Today at 9:15am', '2026-11-23T09:15'],
    ['this morning around 9', '2026-11-23T09:00'],
    ['about 2 hours ago', '2026-11-23T08:30'],
    ['since 8am', '2026-11-23T08:00'],
    ['last friday at 3pm', '2026-11-20T15:00'],
    ['14:00 yesterday', '2026-11-22T14:00'],
  ])('English: %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each([
    ['nu', '2026-11-23T10:30'],
    ['vandaag 9:15', '2026-11-23T09:15'],
    ['vanochtend 9:15', '2026-11-23T09:15'],
    ['vanochtend om 9.15', '2026-11-23T09:15'],
    ['gisteren 14:00', '2026-11-22T14:00'],
    ['gisteren om 14u', '2026-11-22T14:00'],
    ['2 uur geleden', '2026-11-23T08:30'],
    ['10 minuten geleden', '2026-11-23T10:20'],
    ['maandag 10:00', '2026-11-23T10:00'],
    ['vrijdag 16:45', '2026-11-20T16:45'],
    ['22-05-2026 14:00', '2026-05-22T14:00'],
    ['sinds 22 mei 14:00', '2026-05-22T14:00'],
    ['eergisteren 8:00', '2026-11-21T08:00'],
    ['gisteren om 14.00 uur', '2026-11-22T14:00'],
    ['vanmiddag om 2 uur', '2026-11-23T14:00'],
    ['afgelopen vrijdag 16:00', '2026-11-20T16:00'],
  ])('Dutch: %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('takes the past weekday: on Monday 09:00, "monday 10:00" is last week', () => {
    const nineAm = DateTime.fromISO('2026-11-23T09:00', { zone: 'Europe/Amsterdam' }).toMillis();
    expect(read('monday 10:00', nineAm)).toBe('2026-11-16T10:00');
  });

  it('reads wall-clock times across DST in the user zone', () => {
    const spring = DateTime.fromISO('2026-03-30T12:00', { zone: 'Europe/Amsterdam' }).toMillis();
    const r = parseDateTimePhrase('yesterday 14:00', spring, zone);
    expect(r.ok && new Date(r.at).toISOString()).toBe('2026-03-29T12:00:00.000Z');
  });

  it.each([
    ['yesterday', 'needsTime'],
    ['gisteren', 'needsTime'],
    ['22-05-2026', 'needsTime'],
    ['31-02-2026 14:00', 'noSuchDate'],
    ['2026-02-30', 'noSuchDate'],
    ['2026-02-30T10:00', 'noSuchDate'],
    ['today 25:00', 'unreadable'],
    ['today 9:75', 'unreadable'],
    ['whenever', 'unreadable'],
    ['{"$gt": ""}', 'unreadable'],
    ['', 'unreadable'],
    ['yesterday 14:00 or so maybe', 'unreadable'],
  ])('refuses %j (%s)', (text, reason) => {
    const r = parseDateTimePhrase(text, NOW, zone);
    expect(r).toEqual({ ok: false, reason });
  });
});

describe('issue 9: more phrasings, bare hours and the DST gap', () => {
  it.each([
    ['gisteren half drie', '2026-11-22T02:30'],
    ['gisteren kwart over drie', '2026-11-22T03:15'],
    ['vanochtend kwart voor negen', '2026-11-23T08:45'],
    ['vorige week vrijdag 15:00', '2026-11-20T15:00'],
    ['last week tuesday 9:00', '2026-11-17T09:00'],
    ['22/11 14:00', '2026-11-22T14:00'],
    ['22-11 14:00', '2026-11-22T14:00'],
    ['yesterday at noon', '2026-11-22T12:00'],
    ['yesterday midnight', '2026-11-22T00:00'],
    ["gisteren om 3 uur 's middags", '2026-11-22T15:00'],
    ['yesterday at 3 in the afternoon', '2026-11-22T15:00'],
    ['yesterday half past two', '2026-11-22T02:30'],
  ])('%s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each([
    ['yesterday around half ten', '12h-or-24h', '2026-11-22T10:30'],
    ['yesterday half 10', '12h-or-24h', '2026-11-22T10:30'],
    ['gisteren half tien', '12h-or-24h', '2026-11-22T09:30'],
    ['gisteren half 10', '24h', '2026-11-22T09:30'],
    ['gisteren rond half tien', '24h', '2026-11-22T09:30'],
  ] as const)('"%s" (%s): half an hour past in English, before in Dutch', (text, habit, expected) => {
    const r = parseDateTimePhrase(text, NOW, zone, habit);
    expect(
      r.ok && DateTime.fromMillis(r.at, { zone: 'Europe/Amsterdam' }).toFormat("yyyy-MM-dd'T'HH:mm"),
    ).toBe(expected);
  });

  it('gives the pm reading of a bare hour as the alternative', () => {
    for (const text of [
      'last friday around 3',
      'yesterday around 3',
      'vrijdag rond 3',
      'gisteren 3 uur',
      'gisteren half drie',
    ]) {
      const r = parseDateTimePhrase(text, NOW, zone);
      expect(r.ok && r.alternativeAt !== undefined && r.alternativeAt - r.at, text).toBe(12 * 3_600_000);
    }
    const clear = parseDateTimePhrase('yesterday 14:00', NOW, zone);
    expect(clear.ok && clear.alternativeAt).toBeUndefined();
    const morning = parseDateTimePhrase('this morning around 9', NOW, zone);
    expect(morning.ok && morning.alternativeAt).toBeUndefined();
  });

  it('reads tomorrow, so the caller can refuse it as in the future', () => {
    expect(read('tomorrow 9:00')).toBe('2026-11-24T09:00');
    expect(read('morgen 9:00')).toBe('2026-11-24T09:00');
  });

  it('refuses a wall-clock time the clocks skip instead of shifting it', () => {
    expect(parseDateTimePhrase('29-03-2026 02:30', NOW, zone)).toEqual({ ok: false, reason: 'dstGap' });
    expect(parseDateTimePhrase('2026-03-29 02:30', NOW, zone)).toEqual({ ok: false, reason: 'dstGap' });
    expect(read('29-03-2026 03:30', NOW)).toBe('2026-03-29T03:30');
  });

  it('names the part of the day when only the time is missing', () => {
    expect(parseDateTimePhrase('sinds vanochtend', NOW, zone)).toEqual({
      ok: false,
      reason: 'needsTime',
      part: 'morning',
    });
    expect(parseDateTimePhrase('yesterday afternoon', NOW, zone)).toEqual({
      ok: false,
      reason: 'needsTime',
      part: 'afternoon',
    });
  });
});

describe('clock times with minutes', () => {
  it('gives no alternative for "02:30", nor for "2:30" on a 24-hour habit, but does for "2:30" otherwise', () => {
    for (const text of ['yesterday 02:30', '22-11-2026 02:30', '22/11 07:45']) {
      const r = parseDateTimePhrase(text, NOW, zone);
      expect(r.ok && r.alternativeAt, text).toBeUndefined();
    }
    const dutch = parseDateTimePhrase('gisteren 2:30', NOW, zone, '24h');
    expect(dutch.ok && dutch.alternativeAt).toBeUndefined();
    expect(read('gisteren 2:30')).toBe('2026-11-22T02:30');
    const either = parseDateTimePhrase('yesterday 2:30', NOW, zone);
    expect(either.ok && either.alternativeAt !== undefined && either.alternativeAt - either.at).toBe(
      12 * 3_600_000,
    );
    // A bare hour stays open on any habit.
    const bare = parseDateTimePhrase('gisteren 3 uur', NOW, zone, '24h');
    expect(bare.ok && bare.alternativeAt !== undefined).toBe(true);
  });
});
