import { HolidayCalendar, type HolidayRules } from './holiday-calendar.js';
import { type ZoneOffsets, zoneOffsets } from './zone-offsets.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far a deadline search may walk before deciding the calendar never opens. */
const MAX_SEARCH_DAYS = 3_700;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
/** Offsets on Earth stay within -12 h..+14 h; a local day's instants lie within this margin. */
const MAX_OFFSET_MS = 15 * 3_600_000;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Minutes after local midnight; the end may be 1440 ("24:00"). */
export interface OpeningInterval {
  readonly start: number;
  readonly end: number;
}

/** Minutes after midnight as "HH:MM" (1440 is "24:00"). */
export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface CalendarDefinition {
  readonly timeZone: string;
  /** Opening intervals per weekday, sorted and non-overlapping. */
  readonly hours: Readonly<Record<Weekday, readonly OpeningInterval[]>>;
  readonly holidays: HolidayRules;
}

/** One local calendar day: its bounds and opening intervals as instants. */
interface CalendarDay {
  readonly dayNumber: number;
  /** Flat [start0, end0, start1, end1, ...] of open instants, ascending. */
  readonly open: readonly number[];
}

/**
 * A business calendar: counts time inside opening hours on working days, in the
 * calendar's zone on wall-clock time (so DST never moves an opening hour).
 * Days are materialised once and cached, which keeps deadline math to a few lookups.
 */
export class BusinessCalendar {
  readonly zone: ZoneOffsets;
  readonly hasOpeningHours: boolean;
  private readonly holidays: HolidayCalendar;
  private readonly days = new Map<number, CalendarDay>();

  constructor(readonly definition: CalendarDefinition) {
    this.zone = zoneOffsets(definition.timeZone);
    this.holidays = new HolidayCalendar(definition.holidays);
    this.hasOpeningHours = WEEKDAYS.some((d) => definition.hours[d].length > 0);
  }

  /** Whether the calendar is open at the instant. */
  isOpen(at: number): boolean {
    const { open } = this.dayAt(at);
    for (let i = 0; i < open.length; i += 2) if (at >= open[i]! && at < open[i + 1]!) return true;
    return false;
  }

  /** The first instant at or after `at` when the calendar is open, or null if never. */
  nextOpening(at: number): number | null {
    let dayNumber = this.dayNumberAt(at);
    for (let n = 0; n < MAX_SEARCH_DAYS && this.hasOpeningHours; n++, dayNumber++) {
      const { open } = this.day(dayNumber);
      for (let i = 0; i < open.length; i += 2) if (open[i + 1]! > at) return Math.max(open[i]!, at);
    }
    return null;
  }

  /**
   * The earliest instant at which `durationMs` of business time has elapsed since
   * `start`, or null when the calendar never opens long enough.
   */
  addBusinessTime(start: number, durationMs: number): number | null {
    if (durationMs <= 0) return start;
    if (!this.hasOpeningHours) return null;
    let remaining = durationMs;
    let dayNumber = this.dayNumberAt(start);
    for (let n = 0; n < MAX_SEARCH_DAYS; n++, dayNumber++) {
      const { open } = this.day(dayNumber);
      for (let i = 0; i < open.length; i += 2) {
        const end = open[i + 1]!;
        if (end <= start) continue;
        const from = Math.max(open[i]!, start);
        const available = end - from;
        if (available >= remaining) return from + remaining;
        remaining -= available;
      }
    }
    return null;
  }

  /** Business time inside [from, to); zero when to <= from. */
  businessTimeBetween(from: number, to: number): number {
    if (to <= from || !this.hasOpeningHours) return 0;
    let total = 0;
    const lastDay = this.dayNumberAt(to);
    for (let dayNumber = this.dayNumberAt(from); dayNumber <= lastDay; dayNumber++) {
      const { open } = this.day(dayNumber);
      for (let i = 0; i < open.length; i += 2) {
        const overlap = Math.min(open[i + 1]!, to) - Math.max(open[i]!, from);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  /** Whether the local date (YYYY-MM-DD) is a holiday of this calendar. */
  isHoliday(isoDate: string): boolean {
    return this.holidays.isHoliday(isoDate);
  }

  holidaysOf(year: number): Array<{ date: string; name: string }> {
    return this.holidays.list(year);
  }

  private dayNumberAt(at: number): number {
    return Math.floor(this.zone.toLocalMs(at) / DAY_MS);
  }

  private dayAt(at: number): CalendarDay {
    return this.day(this.dayNumberAt(at));
  }

  private day(dayNumber: number): CalendarDay {
    let day = this.days.get(dayNumber);
    if (!day) {
      day = this.buildDay(dayNumber);
      this.days.set(dayNumber, day);
    }
    return day;
  }

  private buildDay(dayNumber: number): CalendarDay {
    const localMidnight = dayNumber * DAY_MS;
    const isoDate = new Date(localMidnight).toISOString().slice(0, 10);
    // 1970-01-01 was a Thursday; index 0 = Monday.
    const weekday = WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7]!;
    const intervals = this.definition.hours[weekday];
    if (intervals.length === 0 || this.holidays.isHoliday(isoDate)) return { dayNumber, open: [] };
    // Open = every instant whose wall-clock reading lies inside an interval. Across a
    // DST change one reading can occur twice (autumn) or never (spring), so each
    // stretch of constant offset is mapped on its own.
    const stretches = this.offsetStretches(
      localMidnight - MAX_OFFSET_MS,
      localMidnight + DAY_MS + MAX_OFFSET_MS,
    );
    const pieces: Array<[number, number]> = [];
    for (const { start, end } of intervals) {
      const localFrom = localMidnight + start * MINUTE_MS;
      const localTo = localMidnight + end * MINUTE_MS;
      for (const s of stretches) {
        const from = Math.max(s.from + s.offsetMs, localFrom);
        const to = Math.min(s.to + s.offsetMs, localTo);
        if (to > from) pieces.push([from - s.offsetMs, to - s.offsetMs]);
      }
    }
    pieces.sort((a, b) => a[0] - b[0]);
    const open: number[] = [];
    for (const [from, to] of pieces) {
      const last = open.length - 1;
      if (last > 0 && from <= open[last]!) open[last] = Math.max(open[last]!, to);
      else open.push(from, to);
    }
    return { dayNumber, open };
  }

  /**
   * Splits [from, to) into stretches of constant UTC offset. Offsets change only on
   * quarter-hour boundaries (see ZoneOffsets), so bisection over quarter-hours is exact.
   */
  private offsetStretches(from: number, to: number): Array<{ from: number; to: number; offsetMs: number }> {
    const offsetOfQuarter = (q: number) => this.zone.offsetMinutes(q * QUARTER_HOUR_MS) * MINUTE_MS;
    const out: Array<{ from: number; to: number; offsetMs: number }> = [];
    let cursor = from;
    while (cursor < to) {
      const offsetMs = offsetOfQuarter(Math.floor(cursor / QUARTER_HOUR_MS));
      let same = Math.floor(cursor / QUARTER_HOUR_MS);
      let other = Math.floor((to - 1) / QUARTER_HOUR_MS);
      if (offsetOfQuarter(other) === offsetMs) {
        out.push({ from: cursor, to, offsetMs });
        break;
      }
      while (other - same > 1) {
        const mid = Math.floor((same + other) / 2);
        if (offsetOfQuarter(mid) === offsetMs) same = mid;
        else other = mid;
      }
      const change = other * QUARTER_HOUR_MS;
      out.push({ from: cursor, to: change, offsetMs });
      cursor = change;
    }
    return out;
  }
}
