import { daysInMonth, InstantParseError, parseIsoInstant } from '../sla/iso-instant.js';
import type { ZoneOffsets } from '../sla/zone-offsets.js';
import { type ClockHabit, type ClockTime, type DayPart, readClockTime } from './clock-time.js';
import { DAY_WORDS, FILLER, MONTHS, NOW_WORDS, RELATIVE_UNITS, WEEKDAYS } from './date-words.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export type DateTimeParse =
  | {
      readonly ok: true;
      readonly at: number;
      /** The same clock time twelve hours later, when a bare hour ("around 3") left it open. */
      readonly alternativeAt?: number;
      /** The time was a number without minutes, am/pm or "uur" ("friday 3"). */
      readonly bareHour?: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: 'unreadable' | 'needsTime' | 'noSuchDate' | 'dstGap';
      /** With needsTime: the part of the day that was named, for a fitting example. */
      readonly part?: DayPart;
    };

const UNREADABLE: DateTimeParse = { ok: false, reason: 'unreadable' };

/**
 * The instant of a wall-clock reading on a local day. A reading the clocks skip
 * (spring forward) is refused: moving it silently would store a time nobody typed.
 */
function instant(zone: ZoneOffsets, localDay: number, time: ClockTime): DateTimeParse {
  const local = localDay * DAY_MS + time.minutes * MINUTE_MS;
  const at = zone.toUtcMs(local);
  if (zone.toLocalMs(at) !== local) return { ok: false, reason: 'dstGap' };
  if (!time.ambiguous) return { ok: true, at, ...(time.explicit ? {} : { bareHour: true }) };
  const later = zone.toUtcMs(local + 12 * 60 * MINUTE_MS);
  return { ok: true, at, alternativeAt: later, ...(time.explicit ? {} : { bareHour: true }) };
}

function localDate(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The rest of a phrase after its date: exactly one time of day, nothing else. */
function withTime(
  rest: string,
  zone: ZoneOffsets,
  localDay: number,
  habit: ClockHabit,
  part: DayPart | null = null,
): DateTimeParse {
  const time = readClockTime(rest, part, habit);
  if (time === 'invalid') return UNREADABLE;
  if (time === null) {
    if (rest.trim()) return UNREADABLE;
    return part ? { ok: false, reason: 'needsTime', part } : { ok: false, reason: 'needsTime' };
  }
  if (time.rest) return UNREADABLE;
  return instant(zone, localDay, time);
}

/** A day and month without a year: this year, or last year when that would be in the future. */
function recentDay(dayOfMonth: number, month: number, todayLocal: number): number | null {
  const year = new Date(todayLocal * DAY_MS).getUTCFullYear();
  const day = localDate(year, month, dayOfMonth);
  if (day !== null && day > todayLocal) return localDate(year - 1, month, dayOfMonth);
  return day;
}

function numericDate(
  text: string,
  zone: ZoneOffsets,
  todayLocal: number,
  habit: ClockHabit,
): DateTimeParse | null {
  // Year first (2026-05-22 14:00) or day first: 22-05-2026, 22/05/2026, 22.05.2026, 22/11.
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[\s,t]+(.*))?$/.exec(text);
  if (iso) {
    const day = localDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return day === null ? { ok: false, reason: 'noSuchDate' } : withTime(iso[4] ?? '', zone, day, habit);
  }
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[\s,t]+(.*))?$/.exec(text);
  if (m) {
    const day = localDate(Number(m[3]), Number(m[2]), Number(m[1]));
    if (day === null) return { ok: false, reason: 'noSuchDate' };
    return withTime(m[4] ?? '', zone, day, habit);
  }
  // Without a year the separator must not be "." ("9.15" is a time).
  const short = /^(\d{1,2})[-/](\d{1,2})(?:[\s,]+(.*))?$/.exec(text);
  if (!short) return null;
  if (Number(short[2]) > 12) return null;
  const day = recentDay(Number(short[1]), Number(short[2]), todayLocal);
  if (day === null) return { ok: false, reason: 'noSuchDate' };
  return withTime(short[3] ?? '', zone, day, habit);
}

function namedMonthDate(
  text: string,
  zone: ZoneOffsets,
  todayLocal: number,
  habit: ClockHabit,
): DateTimeParse | null {
  // "22 may 2026 14:00", "22 mei 14:00", "may 22 14:00"
  const m =
    /^(\d{1,2})(?:st|nd|rd|th|e)?\s+([a-z]+)\.?(?:\s+(\d{4}))?(?:[\s,]+(.*))?$/.exec(text) ??
    /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?:[\s,]+(.*))?$/.exec(text);
  if (!m) return null;
  const dayFirst = /^\d/.test(m[1]!);
  const month = MONTHS[(dayFirst ? m[2] : m[1])!];
  if (!month) return null;
  const dayOfMonth = Number(dayFirst ? m[1] : m[2]);
  const day = m[3] ? localDate(Number(m[3]), month, dayOfMonth) : recentDay(dayOfMonth, month, todayLocal);
  if (day === null) return { ok: false, reason: 'noSuchDate' };
  return withTime(m[4] ?? '', zone, day, habit);
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

function dayWord(
  text: string,
  zone: ZoneOffsets,
  todayLocal: number,
  habit: ClockHabit,
): DateTimeParse | null {
  for (const [pattern, offset, part] of DAY_WORDS) {
    if (!pattern.test(text)) continue;
    return withTime(text.replace(pattern, ' ').trim(), zone, todayLocal + offset, habit, part);
  }
  return null;
}

const LAST_WEEK = /\b(last week|vorige week|afgelopen week)\b/;

function weekday(
  text: string,
  zone: ZoneOffsets,
  now: number,
  todayLocal: number,
  habit: ClockHabit,
): DateTimeParse | null {
  const lastWeek = LAST_WEEK.test(text);
  const words = text.replace(LAST_WEEK, ' ').trim().split(/\s+/);
  const weekdayWord = words.find((w) => WEEKDAYS[w.replace(/[.,]$/, '')] !== undefined);
  if (!weekdayWord) return null;
  const target = WEEKDAYS[weekdayWord.replace(/[.,]$/, '')]!;
  const rest = words.filter((w) => w !== weekdayWord && !/^(last|afgelopen|vorige|past)$/.test(w)).join(' ');
  const todayWeekday = ((((todayLocal + 3) % 7) + 7) % 7) + 1;
  if (lastWeek) {
    // "vorige week vrijdag": that weekday in the week before this one (weeks start on Monday).
    return withTime(rest, zone, todayLocal - (todayWeekday - 1) - 7 + (target - 1), habit);
  }
  const day = todayLocal - ((todayWeekday - target + 7) % 7);
  const read = withTime(rest, zone, day, habit);
  // The most recent such weekday at that time that is not in the future.
  if (read.ok && read.at > now) return withTime(rest, zone, day - 7, habit);
  return read;
}

function isoWithoutOffset(raw: string, zone: ZoneOffsets): DateTimeParse | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/i.exec(raw);
  if (!m) return null;
  const day = localDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (day === null) return { ok: false, reason: 'noSuchDate' };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  if (hour > 23 || minute > 59) return UNREADABLE;
  return instant(zone, day, { minutes: hour * 60 + minute, explicit: true, ambiguous: false, rest: '' });
}

/**
 * Reads when something happened from a phrase in English or Dutch, in the user's
 * zone: "now", "today 9:15", "9:15 this morning", "yesterday 14:00", "2 hours ago",
 * "monday 10:00" (the last one), "vorige week vrijdag 15:00", "22-05-2026 14:00",
 * "22/11 14:00", "22 mei 14:00", "half drie", "noon", ISO 8601. A bare hour ("around 3"),
 * or "2:30" from someone whose `habit` may be a 12-hour clock, comes with its alternative
 * twelve hours later. Whether the instant is acceptable (not in the future, not too old)
 * is the caller's call.
 */
export function parseDateTimePhrase(
  input: string,
  now: number,
  zone: ZoneOffsets,
  habit: ClockHabit = '12h-or-24h',
): DateTimeParse {
  const raw = input.trim().replace(/[’`]/g, "'");
  if (!raw) return UNREADABLE;
  if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
      const [y, mo, d] = raw.split('-').map(Number) as [number, number, number];
      return localDate(y, mo, d) === null
        ? { ok: false, reason: 'noSuchDate' }
        : { ok: false, reason: 'needsTime' };
    }
    const local = isoWithoutOffset(raw, zone);
    if (local) return local;
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
  const read =
    relative(text, now) ??
    numericDate(text, zone, todayLocal, habit) ??
    namedMonthDate(text, zone, todayLocal, habit) ??
    dayWord(text, zone, todayLocal, habit) ??
    weekday(text, zone, now, todayLocal, habit);
  if (read) return read;
  // A bare time ("9:15", "14u", "half drie") means today.
  const time = readClockTime(text, null, habit);
  if (time !== null && time !== 'invalid' && time.explicit && !time.rest) {
    return instant(zone, todayLocal, time);
  }
  return UNREADABLE;
}
