import type { Language } from '../i18n/language.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(language: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(key, f);
  }
  return f;
}

/** A short local moment for card lines: "Mon 23 Nov, 08:00" / "ma 23 nov, 08:00". */
export function formatShortMoment(at: number, timeZone: string, language: Language): string {
  const parts = format(language, timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')}, ${get('hour')}:${get('minute')}`.replace(
    /\./g,
    '',
  );
}
