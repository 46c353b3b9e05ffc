import Holidays from 'date-holidays';

/** Which holidays close a calendar: a country's holidays of some types, plus and minus dates. */
export interface HolidayRules {
  readonly country: string | null;
  readonly state?: string;
  readonly types: readonly string[];
  readonly extra: readonly string[];
  readonly except: readonly string[];
}

export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

let countryCodes: Set<string> | null = null;

export function isKnownHolidayCountry(code: string): boolean {
  if (!countryCodes) countryCodes = new Set(Object.keys(new Holidays().getCountries()));
  return countryCodes.has(code.toUpperCase());
}

const sources = new Map<string, Holidays>();

function holidaySource(country: string, state: string | undefined): Holidays {
  const key = `${country}/${state ?? ''}`;
  let source = sources.get(key);
  if (!source) {
    source = state ? new Holidays(country, state) : new Holidays(country);
    sources.set(key, source);
  }
  return source;
}

/**
 * Answers "is this local date a holiday?" for one set of rules, computing each
 * year's list once. Dates are ISO "YYYY-MM-DD" strings in the calendar's own zone.
 */
export class HolidayCalendar {
  private readonly years = new Map<number, Set<string>>();
  private readonly extra: Set<string>;
  private readonly except: Set<string>;

  constructor(private readonly rules: HolidayRules) {
    this.extra = new Set(rules.extra);
    this.except = new Set(rules.except);
  }

  isHoliday(isoDate: string): boolean {
    if (this.except.has(isoDate)) return false;
    if (this.extra.has(isoDate)) return true;
    return this.yearDates(Number(isoDate.slice(0, 4))).has(isoDate);
  }

  /** The rule-based holidays of one year with their names, for display. */
  list(year: number): Array<{ date: string; name: string }> {
    const { country, state, types } = this.rules;
    const out: Array<{ date: string; name: string }> = [];
    if (country) {
      for (const h of holidaySource(country, state).getHolidays(year)) {
        const date = h.date.slice(0, 10);
        if (types.includes(h.type) && !this.except.has(date)) out.push({ date, name: h.name });
      }
    }
    for (const date of this.extra) if (date.startsWith(`${year}-`)) out.push({ date, name: 'extra' });
    return out.sort((a, b) => a.date.localeCompare(b.date));
  }

  private yearDates(year: number): Set<string> {
    let dates = this.years.get(year);
    if (!dates) {
      dates = new Set();
      const { country, state, types } = this.rules;
      if (country) {
        for (const h of holidaySource(country, state).getHolidays(year)) {
          if (types.includes(h.type)) dates.add(h.date.slice(0, 10));
        }
      }
      this.years.set(year, dates);
    }
    return dates;
  }
}
