import { daysInMonth, InstantParseError, parseIsoInstant } from '../sla/iso-instant.js';
import type { ZoneOffsets } from '../sla/zone-offsets.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export type DateTimeParse =
  | { readonly ok: true; readonly at: number }
  | { readonly ok: false; readonly reason: 'unreadable' | 'needsTime' | 'noSuchDate' };

// Words around a time that carry no meaning for us ("since", "at about", "om").
const FILLER =
  /\b(since|sinds|vanaf|from|started|starting|begonnen|begon|at|om|on|op|around|about|approximately|approx|ongeveer|rond|omstreeks|the|de|het|o'clock|clock)\b/g;

const WEEKDAYS: Readonly<Record<string, number>> = {
  monday: 1,
  mon: 1,
  maandag: 1,
  ma: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  dinsdag: 2,
  di: 2,
  wednesday: 3,
  wed: 3,
  woensdag: 3,
  wo: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  donderdag: 4,
  do: 4,
  friday: 5,
  fri: 5,
  vrijdag: 5,
  vr: 5,
  saturday: 6,
  sat: 6,
  zaterdag: 6,
  za: 6,
  sunday: 7,
  sun: 7,
  zondag: 7,
  zo: 7,
};

const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  januari: 1,
  february: 2,
  feb: 2,
  februari: 2,
  march: 3,
  mar: 3,
  maart: 3,
  mrt: 3,
  april: 4,
  apr: 4,
  may: 5,
  mei: 5,
  june: 6,
  jun: 6,
  juni: 6,
  july: 7,
  jul: 7,
  juli: 7,
  august: 8,
  aug: 8,
  augustus: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  oktober: 10,
  okt: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Day words: offset in days from today, and which part of the day (for 12-hour times). */
const DAY_WORDS: ReadonlyArray<[RegExp, number, 'morning' | 'afternoon' | 'evening' | 'night' | null]> = [
  [/\b(day before yesterday|eergisteren)\b/, -2, null],
  [/\b(yesterday morning|gisterochtend|gistermorgen)\b/, -1, 'morning'],
  [/\b(yesterday afternoon|gistermiddag)\b/, -1, 'afternoon'],
  [/\b(yesterday evening|last night|gisteravond)\b/, -1, 'evening'],
  [/\b(yesterday|gisteren)\b/, -1, null],
  [/\b(this morning|vanochtend|vanmorgen|today in the morning)\b/, 0, 'morning'],
  [/\b(this afternoon|vanmiddag)\b/, 0, 'afternoon'],
  [/\b(this evening|tonight|vanavond)\b/, 0, 'evening'],
  [/\b(vannacht)\b/, 0, 'night'],
  [/\b(today|vandaag)\b/, 0, null],
];

const RELATIVE_UNITS: ReadonlyArray<[RegExp, number]> = [
  [/^(minutes?|mins?|m|minuten|minuut)$/, MINUTE_MS],
  [/^(hours?|hrs?|h|uur|uren)$/, HOUR_MS],
  [/^(days?|d|dag|dagen)$/, DAY_MS],
  [/^(weeks?|w|weken)$/, 7 * DAY_MS],
];

const NOW_WORDS = /^(now|right now|just now|nu|net|zojuist|zonet|op dit moment|direct|immediately)$/;
// A time of day: 9:15, 09.15, 14u, 14 uur, 2pm, 2:30 p.m.
const TIME = /(?:^|\s)(\d{1,2})(?:[:.](\d{2}))?\s*(am|a\.m\.|pm|p\.m\.|u|uur|h)?(?=\s|$)/;

interface TimeOfDay {
  minutes: number;
  explicit: boolean; // had minutes, am/pm or "u/uur": clearly a time, not a stray number
}

function readTime(
  text: string,
  part: 'morning' | 'afternoon' | 'evening' | 'night' | null,
): TimeOfDay | null | 'invalid' {
  const m = TIME.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const suffix = m[3]?.replace(/\./g, '');
  if (minute > 59) return 'invalid';
  if (suffix === 'am' || suffix === 'pm') {
    if (hour < 1 || hour > 12) return 'invalid';
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else {
    if (hour > 23) return 'invalid';
    // "this afternoon 2:00" means 14:00.
    if ((part === 'afternoon' || part === 'evening') && hour >= 1 && hour < 12) hour += 12;
  }
  return { minutes: hour * 60 + minute, explicit: m[2] !== undefined || suffix !== undefined };
}

function at(zone: ZoneOffsets, localDay: number, minutes: number): number {
  return zone.toUtcMs(localDay * DAY_MS + minutes * MINUTE_MS);
}

function localDate(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function withTime(rest: string, zone: ZoneOffsets, localDay: number): DateTimeParse {
  const time = readTime(rest, null);
  if (time === 'invalid') return { ok: false, reason: 'unreadable' };
  if (time === null)
    return rest.trim() ? { ok: false, reason: 'unreadable' } : { ok: false, reason: 'needsTime' };
  const leftover = rest.replace(TIME, ' ').trim();
  if (leftover) return { ok: false, reason: 'unreadable' };
  return { ok: true, at: at(zone, localDay, time.minutes) };
}

function numericDate(text: string, zone: ZoneOffsets): DateTimeParse | null {
  // Year first (2026-05-22 14:00) or day first: 22-05-2026, 22/05/2026, 22.05.2026.
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[\s,t]+(.*))?$/.exec(text);
  if (iso) {
    const day = localDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return day === null ? { ok: false, reason: 'noSuchDate' } : withTime(iso[4] ?? '', zone, day);
  }
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[\s,t]+(.*))?$/.exec(text);
  if (!m) return null;
  const day = localDate(Number(m[3]), Number(m[2]), Number(m[1]));
  if (day === null) return { ok: false, reason: 'noSuchDate' };
  return withTime(m[4] ?? '', zone, day);
}

function namedMonthDate(text: string, zone: ZoneOffsets, todayLocal: number): DateTimeParse | null {
  // "22 may 2026 14:00", "22 mei 14:00", "may 22 14:00"
  const m =
    /^(\d{1,2})(?:st|nd|rd|th|e)?\s+([a-z]+)\.?(?:\s+(\d{4}))?(?:[\s,]+(.*))?$/.exec(text) ??
    /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?:[\s,]+(.*))?$/.exec(text);
  if (!m) return null;
  const dayFirst = /^\d/.test(m[1]!);
  const month = MONTHS[(dayFirst ? m[2] : m[1])!];
  if (!month) return null;
  const dayOfMonth = Number(dayFirst ? m[1] : m[2]);
  const todayYear = new Date(todayLocal * DAY_MS).getUTCFullYear();
  let year = m[3] ? Number(m[3]) : todayYear;
  let day = localDate(year, month, dayOfMonth);
  // Without a year, a date later in the year than today means last year.
  if (!m[3] && day !== null && day > todayLocal) {
    year -= 1;
    day = localDate(year, month, dayOfMonth);
  }
  if (day === null) return { ok: false, reason: 'noSuchDate' };
  return withTime(m[4] ?? '', zone, day);
}

function relative(text: string, now: number): DateTimeParse | null {
  const m =
    /^(\d+(?:[.,]\d+)?|a|an|one|een|half an|half een|een half|anderhalf)\s*([a-z]+)\s+(ago|geleden)$/.exec(
      text,
    );
  if (!m) return null;
  const amount =
    m[1] === 'half an' || m[1] === 'half een' || m[1] === 'een half'
      ? 0.5
      : m[1] === 'anderhalf'
        ? 1.5
        : /^\d/.test(m[1]!)
          ? Number(m[1]!.replace(',', '.'))
          : 1;
  const unit = RELATIVE_UNITS.find(([pattern]) => pattern.test(m[2]!));
  if (!unit) return null;
  return { ok: true, at: now - Math.round(amount * unit[1]) };
}

function dayWordOrWeekday(
  text: string,
  zone: ZoneOffsets,
  now: number,
  todayLocal: number,
): DateTimeParse | null {
  for (const [pattern, offset, part] of DAY_WORDS) {
    if (!pattern.test(text)) continue;
    const rest = text.replace(pattern, ' ').trim();
    const time = readTime(rest, part);
    if (time === 'invalid') return { ok: false, reason: 'unreadable' };
    if (time === null) return rest ? { ok: false, reason: 'unreadable' } : { ok: false, reason: 'needsTime' };
    if (rest.replace(TIME, ' ').trim()) return { ok: false, reason: 'unreadable' };
    return { ok: true, at: at(zone, todayLocal + offset, time.minutes) };
  }
  const words = text.split(/\s+/);
  const weekdayWord = words.find((w) => WEEKDAYS[w.replace(/[.,]$/, '')] !== undefined);
  if (!weekdayWord) return null;
  const weekday = WEEKDAYS[weekdayWord.replace(/[.,]$/, '')]!;
  const rest = words.filter((w) => w !== weekdayWord && !/^(last|afgelopen|vorige|past)$/.test(w)).join(' ');
  const time = readTime(rest, null);
  if (time === 'invalid') return { ok: false, reason: 'unreadable' };
  if (time === null) return rest ? { ok: false, reason: 'unreadable' } : { ok: false, reason: 'needsTime' };
  if (rest.replace(TIME, ' ').trim()) return { ok: false, reason: 'unreadable' };
  // The most recent such weekday at that time that is not in the future.
  const todayWeekday = ((((todayLocal + 3) % 7) + 7) % 7) + 1;
  let day = todayLocal - ((todayWeekday - weekday + 7) % 7);
  if (at(zone, day, time.minutes) > now) day -= 7;
  return { ok: true, at: at(zone, day, time.minutes) };
}

/**
 * Reads when something happened from a phrase in English or Dutch, in the user's
 * zone: "now", "today 9:15", "9:15 this morning", "yesterday 14:00", "2 hours ago",
 * "monday 10:00" (the last one), "22-05-2026 14:00", "22 mei 14:00", ISO 8601.
 * Whether the instant is acceptable (not in the future, not too old) is the caller's call.
 */
export function parseDateTimePhrase(input: string, now: number, zone: ZoneOffsets): DateTimeParse {
  const raw = input.trim();
  if (!raw) return { ok: false, reason: 'unreadable' };
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      const [y, mo, d] = raw.split('-').map(Number) as [number, number, number];
      return localDate(y, mo, d) === null
        ? { ok: false, reason: 'noSuchDate' }
        : { ok: false, reason: 'needsTime' };
    }
    try {
      return { ok: true, at: parseIsoInstant(raw, zone) };
    } catch (err) {
      if (err instanceof InstantParseError && /no such date/.test(err.message)) {
        return { ok: false, reason: 'noSuchDate' };
      }
      // Not strict ISO ("2026-05-22 at 14:00"): read it as words below.
    }
  }
  const text = raw
    .toLowerCase()
    .replace(/[!?;]+$/g, '')
    .replace(FILLER, ' ')
    .replace(/\s+/g, ' ')
    .replace(/,\s*$/, '')
    .trim();
  if (NOW_WORDS.test(text)) return { ok: true, at: now };
  const todayLocal = Math.floor(zone.toLocalMs(now) / DAY_MS);
  const relativeResult = relative(text, now);
  if (relativeResult) return relativeResult;
  const numeric = numericDate(text, zone);
  if (numeric) return numeric;
  const named = namedMonthDate(text, zone, todayLocal);
  if (named) return named;
  const dayBased = dayWordOrWeekday(text, zone, now, todayLocal);
  if (dayBased) return dayBased;
  // A bare time ("9:15", "14u") means today.
  const time = readTime(text, null);
  if (time !== null && time !== 'invalid' && time.explicit && !text.replace(TIME, ' ').trim()) {
    return { ok: true, at: at(zone, todayLocal, time.minutes) };
  }
  return { ok: false, reason: 'unreadable' };
}
