import { type MessageKey, t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import { zoneOffsets } from '../sla/zone-offsets.js';
import { clockHabitOf } from './clock-time.js';
import { parseDateTimePhrase } from './datetime-phrases.js';
import { hourAloneAsToday } from './hour-alone.js';
import { exampleWithTime } from './pending-checks.js';
import { formatLocalDateTime } from './review-rows.js';

const FIVE_MINUTES = 5 * 60_000;
const ONE_YEAR = 365 * 86_400_000;

/** Not in the future (beyond clock skew) and not more than a year ago. */
export function acceptableStart(at: number, now: number): boolean {
  return at <= now + FIVE_MINUTES && at >= now - ONE_YEAR;
}

export type StartRead =
  | {
      readonly ok: true;
      readonly at: number;
      /** Set when a bare hour also fits twelve hours later: the user must say which. */
      readonly alternative: { readonly alternativeAt?: number };
    }
  | { readonly ok: false; readonly message: string };

/**
 * Reads when an issue started, refusing future times, times over a year ago, impossible
 * dates and wall-clock times the clocks skip. A bare hour that fits both ways comes
 * with its alternative.
 */
export function readStartedAt(text: string, now: number, timeZone: string, language: Language): StartRead {
  const today = hourAloneAsToday(text);
  const parsed = parseDateTimePhrase(today ?? text, now, zoneOffsets(timeZone), clockHabitOf(language));
  const refuse = (key: MessageKey, value: string) => ({
    ok: false as const,
    message: t(language, key, { value, zone: timeZone }),
  });
  if (!parsed.ok) {
    if (parsed.reason === 'needsTime')
      return refuse('invalid.dateNeedsTime', exampleWithTime(text, parsed.part));
    if (parsed.reason === 'noSuchDate') return refuse('invalid.noSuchDate', text);
    if (parsed.reason === 'dstGap') return refuse('invalid.dstGap', text);
    return refuse('invalid.date', text);
  }
  // An hour alone whose afternoon is yet to come ("3" at 10:30) may be yesterday afternoon.
  const other =
    today && parsed.alternativeAt !== undefined && parsed.alternativeAt > now + FIVE_MINUTES
      ? parsed.alternativeAt - 86_400_000
      : parsed.alternativeAt;
  const fits = acceptableStart(parsed.at, now);
  const otherFits = other !== undefined && acceptableStart(other, now);
  if (fits && otherFits) return { ok: true, at: parsed.at, alternative: { alternativeAt: other } };
  if (!fits && otherFits) return { ok: true, at: other, alternative: {} };
  const shown = formatLocalDateTime(parsed.at, timeZone);
  if (parsed.at > now + FIVE_MINUTES) return refuse('invalid.future', shown);
  if (parsed.at < now - ONE_YEAR) return refuse('invalid.tooOld', shown);
  return { ok: true, at: parsed.at, alternative: {} };
}
