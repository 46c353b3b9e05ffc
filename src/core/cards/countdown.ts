import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2 d 3 h", "1 h 20 min", "12 min": the two largest units, rounded down to minutes. */
export function formatSpan(ms: number, language: Language): string {
  return spanText(ms, language, true);
}

/**
 * Support (business) time in hours and minutes, never days: "24 h" of support time is
 * three working days of eight hours, and "1 d" would read as one.
 */
export function formatSupportTime(ms: number, language: Language): string {
  return spanText(ms, language, false);
}

function spanText(ms: number, language: Language, withDays: boolean): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return t(language, 'duration.lessThanMinute');
  const days = withDays ? Math.floor(abs / DAY) : 0;
  const hours = Math.floor((abs - days * DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  const parts: string[] = [];
  if (days) parts.push(t(language, 'duration.days', { n: days }));
  if (hours) parts.push(t(language, 'duration.hours', { n: hours }));
  if (minutes && !days) parts.push(t(language, 'duration.minutes', { n: minutes }));
  return parts.slice(0, 2).join(' ');
}

/** "due in 1 h 20 min" or "breached 12 min ago", counted in wall-clock time to the due instant. */
export function countdownText(dueAt: number, now: number, language: Language): string {
  return dueAt > now
    ? t(language, 'card.dueIn', { duration: formatSpan(dueAt - now, language) })
    : t(language, 'card.breached', { duration: formatSpan(now - dueAt, language) });
}
