import { isObject, Problems } from '../validation/json-problems.js';
import {
  BusinessCalendar,
  formatTimeOfDay,
  type OpeningInterval,
  WEEKDAYS,
  type Weekday,
} from './business-calendar.js';
import { HOLIDAY_TYPES, type HolidayRules, isKnownHolidayCountry } from './holiday-calendar.js';
import { DurationParseError, parseIsoDuration } from './iso-duration.js';
import { daysInMonth } from './iso-instant.js';
import { PRIORITIES, type Priority } from './priority.js';
import {
  type ClockKind,
  DEFAULT_VERIFY_WITHIN,
  type MaintenanceWindow,
  PRIORITY_MODELS,
  type PriorityModel,
  type PriorityTargets,
  type SlaPolicy,
  type SlaTarget,
} from './sla-policy.js';
import { isKnownTimeZone } from './zone-offsets.js';

export interface PolicyParseResult {
  readonly policies: SlaPolicy[];
  /** "path: reason" lines; any error makes the whole document invalid. */
  readonly errors: string[];
  readonly warnings: string[];
}

const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function minutesOf(text: unknown, allowEndOfDay: boolean): number | null {
  if (typeof text !== 'string') return null;
  const m = TIME_OF_DAY.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (allowEndOfDay && h === 24 && min === 0) return 1440;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

function parseIntervals(value: unknown, path: string, problems: Problems): OpeningInterval[] {
  if (!Array.isArray(value)) {
    problems.error(path, 'must be a list of ["HH:MM", "HH:MM"] intervals ([] when closed)');
    return [];
  }
  const intervals: OpeningInterval[] = [];
  value.forEach((pair, i) => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) {
      problems.error(at, 'an interval is a pair ["HH:MM", "HH:MM"]');
      return;
    }
    const start = minutesOf(pair[0], false);
    const end = minutesOf(pair[1], true);
    if (start === null || end === null) {
      problems.error(at, `malformed interval ${JSON.stringify(pair)}: times are "HH:MM" from 00:00 to 24:00`);
    } else if (end <= start) {
      problems.error(at, `malformed interval ${JSON.stringify(pair)}: it must end after it starts`);
    } else {
      intervals.push({ start, end });
    }
  });
  intervals.sort((a, b) => a.start - b.start);
  for (let i = 1; i < intervals.length; i++) {
    const prev = intervals[i - 1]!;
    const cur = intervals[i]!;
    if (cur.start < prev.end) {
      problems.error(
        path,
        `intervals overlap (${formatTimeOfDay(prev.start)}-${formatTimeOfDay(prev.end)} and ${formatTimeOfDay(cur.start)}-${formatTimeOfDay(cur.end)})`,
      );
    }
  }
  return intervals;
}

function isValidIsoDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

function parseDateList(value: unknown, path: string, problems: Problems): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.error(path, 'must be a list of dates "YYYY-MM-DD"');
    return [];
  }
  const dates: string[] = [];
  value.forEach((d, i) => {
    if (isValidIsoDate(d)) dates.push(d);
    else problems.error(`${path}[${i}]`, `not a valid date "YYYY-MM-DD": ${JSON.stringify(d)}`);
  });
  return dates;
}

function parseHolidays(value: unknown, path: string, problems: Problems): HolidayRules {
  if (value === undefined || value === null) return { country: null, types: [], extra: [], except: [] };
  if (!isObject(value)) {
    problems.error(
      path,
      'must be an object { "country": "NL", "types": ["public"], "extra": [], "except": [] }',
    );
    return { country: null, types: [], extra: [], except: [] };
  }
  let country: string | null = null;
  if (value.country !== undefined && value.country !== null) {
    if (typeof value.country !== 'string' || !isKnownHolidayCountry(value.country)) {
      problems.error(`${path}.country`, `unknown holiday country ${JSON.stringify(value.country)}`);
    } else {
      country = value.country.toUpperCase();
    }
  }
  let types: string[] = ['public'];
  if (value.types !== undefined) {
    if (
      !Array.isArray(value.types) ||
      value.types.some((t) => !(HOLIDAY_TYPES as readonly unknown[]).includes(t))
    ) {
      problems.error(`${path}.types`, `must be a list of ${HOLIDAY_TYPES.join(', ')}`);
    } else {
      types = value.types as string[];
    }
  }
  const rules: HolidayRules = {
    country,
    types,
    extra: parseDateList(value.extra, `${path}.extra`, problems),
    except: parseDateList(value.except, `${path}.except`, problems),
  };
  if (typeof value.state === 'string' && value.state) return { ...rules, state: value.state };
  return rules;
}

function parseGoal(value: unknown, path: string, problems: Problems): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    problems.error(path, `a goal is a share between 0 and 1 (0.9 = 90%), got ${JSON.stringify(value)}`);
    return null;
  }
  return value;
}

/** A positive ISO 8601 duration ("PT30M", "PT2S"), or null with the problem recorded. */
function parseDurationField(
  value: unknown,
  path: string,
  problems: Problems,
): { within: string; ms: number } | null {
  if (typeof value !== 'string') {
    problems.error(path, `an ISO 8601 duration such as "PT30M" is required, got ${JSON.stringify(value)}`);
    return null;
  }
  try {
    const ms = parseIsoDuration(value);
    if (ms <= 0) {
      problems.error(path, `must be longer than zero, got "${value}"`);
      return null;
    }
    return { within: value, ms };
  } catch (err) {
    problems.error(path, err instanceof DurationParseError ? err.message : String(err));
    return null;
  }
}

/** { "P1": "PT30M", "P2": "PT2H" }: status-update cadence per priority (CONTRACTS.md section 1). */
function parseCadence(value: unknown, path: string, problems: Problems): SlaPolicy['cadence'] {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    problems.error(path, 'must be an object such as { "P1": "PT30M" }');
    return {};
  }
  const cadence: Partial<Record<Priority, { within: string; ms: number }>> = {};
  for (const [key, within] of Object.entries(value)) {
    if (!(PRIORITIES as readonly string[]).includes(key)) {
      problems.error(`${path}.${key}`, `unknown priority "${key}" (expected ${PRIORITIES.join(', ')})`);
      continue;
    }
    const parsed = parseDurationField(within, `${path}.${key}`, problems);
    if (parsed) cadence[key as Priority] = parsed;
  }
  return cadence;
}

function parseTarget(value: unknown, path: string, problems: Problems): SlaTarget | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) {
    problems.error(path, 'must be null or { "within": "PT4H", "clock": "business" | "24x7" }');
    return null;
  }
  let withinMs = 0;
  try {
    withinMs = parseIsoDuration(value.within);
  } catch (err) {
    problems.error(`${path}.within`, err instanceof DurationParseError ? err.message : String(err));
    return null;
  }
  let clock: ClockKind = 'business';
  if (value.clock !== undefined) {
    if (value.clock !== 'business' && value.clock !== '24x7') {
      problems.error(`${path}.clock`, `must be "business" or "24x7", got ${JSON.stringify(value.clock)}`);
    } else {
      clock = value.clock;
    }
  }
  return {
    within: value.within as string,
    withinMs,
    clock,
    goal: parseGoal(value.goal, `${path}.goal`, problems),
  };
}

function parseTargets(value: unknown, path: string, problems: Problems): Record<Priority, PriorityTargets> {
  const targets = {} as Record<Priority, PriorityTargets>;
  for (const p of PRIORITIES) targets[p] = { response: null, resolution: null };
  if (!isObject(value)) {
    problems.error(path, 'must be an object with keys P1..P4');
    return targets;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (!(PRIORITIES as readonly string[]).includes(key)) {
      problems.error(`${path}.${key}`, `unknown priority key "${key}" (expected P1, P2, P3 or P4)`);
      continue;
    }
    if (entry === null) continue;
    if (!isObject(entry)) {
      problems.error(`${path}.${key}`, 'must be { "response": ..., "resolution": ... }');
      continue;
    }
    targets[key as Priority] = {
      response: parseTarget(entry.response, `${path}.${key}.response`, problems),
      resolution: parseTarget(entry.resolution, `${path}.${key}.resolution`, problems),
    };
  }
  return targets;
}

function parseMaintenance(value: unknown, path: string, problems: Problems): MaintenanceWindow[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.error(path, 'must be a list of maintenance windows');
    return [];
  }
  const windows: MaintenanceWindow[] = [];
  value.forEach((w, i) => {
    const at = `${path}[${i}]`;
    if (
      !isObject(w) ||
      !(WEEKDAYS as readonly unknown[]).includes(w.weekday) ||
      minutesOf(w.from, false) === null ||
      minutesOf(w.to, true) === null
    ) {
      problems.error(
        at,
        'a window is { "weekday": "thu", "from": "22:00", "to": "24:00", "everyWeeks": 3, "noticeDays": 7 }',
      );
      return;
    }
    const everyWeeks = typeof w.everyWeeks === 'number' && w.everyWeeks >= 1 ? w.everyWeeks : 1;
    const noticeDays = typeof w.noticeDays === 'number' && w.noticeDays >= 0 ? w.noticeDays : 0;
    windows.push({
      weekday: w.weekday as string,
      from: w.from as string,
      to: w.to as string,
      everyWeeks,
      noticeDays,
    });
  });
  return windows;
}

function warnInconsistencies(policy: SlaPolicy, path: string, problems: Problems): void {
  for (const p of PRIORITIES) {
    const { response, resolution } = policy.targets[p];
    if (response && resolution && response.withinMs > resolution.withinMs) {
      problems.warn(
        `${path}.targets.${p}`,
        `response target (${response.within}) is longer than the resolution target (${resolution.within})`,
      );
    }
    for (const target of [response, resolution]) {
      if (target?.clock === 'business' && !policy.calendar.hasOpeningHours) {
        problems.warn(
          `${path}.targets.${p}`,
          'a business-time target on a calendar with no opening hours at all is never due',
        );
        break;
      }
    }
  }
}

function parsePolicy(value: unknown, path: string, source: string, problems: Problems): SlaPolicy | null {
  if (!isObject(value)) {
    problems.error(path, 'a policy must be an object');
    return null;
  }
  const before = problems.errors.length;
  const name = value.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    problems.error(`${path}.name`, 'a name of letters, digits, ".", "_" or "-" (at most 64) is required');
  }
  const calendar = isObject(value.calendar) ? value.calendar : null;
  if (!calendar) problems.error(`${path}.calendar`, 'required: { "timeZone", "hours", "holidays" }');
  const timeZone = calendar?.timeZone;
  if (calendar && (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone))) {
    problems.error(`${path}.calendar.timeZone`, `unknown time zone ${JSON.stringify(timeZone)}`);
  }
  const hours = {} as Record<Weekday, OpeningInterval[]>;
  for (const d of WEEKDAYS) hours[d] = [];
  if (calendar) {
    if (!isObject(calendar.hours)) {
      problems.error(`${path}.calendar.hours`, 'required: opening intervals per weekday (mon..sun)');
    } else {
      for (const [day, intervals] of Object.entries(calendar.hours)) {
        if (!(WEEKDAYS as readonly string[]).includes(day)) {
          problems.error(
            `${path}.calendar.hours.${day}`,
            `unknown weekday "${day}" (expected ${WEEKDAYS.join(', ')})`,
          );
          continue;
        }
        hours[day as Weekday] = parseIntervals(intervals, `${path}.calendar.hours.${day}`, problems);
      }
    }
  }
  const holidays = parseHolidays(calendar?.holidays, `${path}.calendar.holidays`, problems);
  const targets = parseTargets(value.targets, `${path}.targets`, problems);
  const goalsValue = isObject(value.goals) ? value.goals : {};
  const goals = {
    response: parseGoal(goalsValue.response, `${path}.goals.response`, problems),
    resolution: parseGoal(goalsValue.resolution, `${path}.goals.resolution`, problems),
  };
  const maintenance = parseMaintenance(value.maintenance, `${path}.maintenance`, problems);
  const creditExclusions = Array.isArray(value.creditExclusions)
    ? value.creditExclusions.filter((x): x is string => typeof x === 'string')
    : [];
  const priorityModel = value.priorityModel ?? 'matrix';
  if (!PRIORITY_MODELS.includes(priorityModel as PriorityModel)) {
    problems.error(
      `${path}.priorityModel`,
      `must be one of ${PRIORITY_MODELS.join(', ')}, got ${JSON.stringify(priorityModel)}`,
    );
  }
  const cadence = parseCadence(value.cadence, `${path}.cadence`, problems);
  const verifyWithin = parseDurationField(
    value.verifyWithin ?? DEFAULT_VERIFY_WITHIN,
    `${path}.verifyWithin`,
    problems,
  );
  if (problems.errors.length > before) return null;
  const policy: SlaPolicy = {
    name: name as string,
    description: typeof value.description === 'string' ? value.description : '',
    calendar: new BusinessCalendar({ timeZone: timeZone as string, hours, holidays }),
    targets,
    goals,
    maintenance,
    creditExclusions,
    source,
    priorityModel: priorityModel as PriorityModel,
    cadence,
    verifyWithin: verifyWithin ?? { within: DEFAULT_VERIFY_WITHIN, ms: 16 * 3_600_000 },
  };
  warnInconsistencies(policy, path, problems);
  return policy;
}

/**
 * Validates a policy document ({ "policies": [...] }, CONTRACTS.md section 1) and
 * builds its policies. Pure: the caller reads the file.
 */
export function parsePolicyDocument(document: unknown, source: string): PolicyParseResult {
  const problems = new Problems();
  const policies: SlaPolicy[] = [];
  if (!isObject(document) || !Array.isArray(document.policies)) {
    problems.error('$', 'a policy file is a JSON object { "policies": [ ... ] }');
    return { policies, ...problems };
  }
  const seen = new Set<string>();
  document.policies.forEach((entry, i) => {
    const policy = parsePolicy(entry, `policies[${i}]`, source, problems);
    if (!policy) return;
    if (seen.has(policy.name))
      problems.error(`policies[${i}].name`, `duplicate policy name "${policy.name}"`);
    seen.add(policy.name);
    policies.push(policy);
  });
  return {
    policies: problems.errors.length ? [] : policies,
    errors: problems.errors,
    warnings: problems.warnings,
  };
}
