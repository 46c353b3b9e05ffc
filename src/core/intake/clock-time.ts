import type { Language } from '../i18n/language.js';

/** Which part of the day a phrase names: it decides 2:30 versus 14:30. */
export type DayPart = 'morning' | 'afternoon' | 'evening' | 'night';

/**
 * How a user writes clock times with minutes: Dutch writes them on a 24-hour clock
 * ("2:30" is night), English may mean either ("2:30" can be the afternoon), so there
 * a 1 to 7 o'clock time is asked back unless written "02:30".
 */
export type ClockHabit = '24h' | '12h-or-24h';

export function clockHabitOf(language: Language): ClockHabit {
  return language === 'nl' ? '24h' : '12h-or-24h';
}

/** A time of day read from a phrase, and what is left of the phrase without it. */
export interface ClockTime {
  readonly minutes: number;
  /** Minutes, am/pm, "uur", "half", "noon": clearly a time, not a stray number. */
  readonly explicit: boolean;
  /** A bare hour such as "3" or "half drie": 03:00 or 15:00 cannot be told apart. */
  readonly ambiguous: boolean;
  readonly rest: string;
}

const HOUR_WORDS: Readonly<Record<string, number>> = {
  een: 1,
  één: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  zes: 6,
  zeven: 7,
  acht: 8,
  negen: 9,
  tien: 10,
  elf: 11,
  twaalf: 12,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

const HOUR = `(\\d{1,2}|${Object.keys(HOUR_WORDS).join('|')})`;

// Part-of-day words inside a time phrase: "3 in the afternoon", "'s middags".
const PARTS: ReadonlyArray<[RegExp, DayPart]> = [
  [/(?:^|\s)(?:in (?:the )?morning|'?s ochtends|'?s morgens)(?=\s|$)/, 'morning'],
  [/(?:^|\s)(?:in (?:the )?afternoon|'?s middags)(?=\s|$)/, 'afternoon'],
  [/(?:^|\s)(?:in (?:the )?evening|'?s avonds)(?=\s|$)/, 'evening'],
  [/(?:^|\s)(?:(?:at )?night|'?s nachts)(?=\s|$)/, 'night'],
];

// A time of day in digits: 9:15, 09.15, 14u, 14 uur, 2pm, 2:30 p.m.
const DIGITS = /(?:^|\s)(\d{1,2})(?:[:.](\d{2}))?\s*(am|a\.m\.|pm|p\.m\.|u|uur|h|hrs)?(?=\s|$)/;

function hourOf(word: string): number {
  return /^\d/.test(word) ? Number(word) : HOUR_WORDS[word]!;
}

const ENGLISH_HOUR_WORD = /^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$/;

/**
 * "half drie" (2:30), "kwart over drie", "kwart voor vier", "half past 3", "quarter to 4".
 * "half ten" is 10:30 in English and "half tien" 9:30 in Dutch: a number word says which;
 * digits ("half 10") are read as the conversation's language (`english`) reads them.
 */
function phrased(text: string, english: boolean): { hour: number; minute: number; match: string } | null {
  const halfHour = (word: string): boolean => ENGLISH_HOUR_WORD.test(word) || (english && /^\d/.test(word));
  const patterns: ReadonlyArray<[RegExp, (h: number, word: string) => [number, number]]> = [
    [new RegExp(`\\bhalf\\s+past\\s+${HOUR}\\b`), (h) => [h, 30]],
    [new RegExp(`\\bquarter\\s+past\\s+${HOUR}\\b`), (h) => [h, 15]],
    [new RegExp(`\\bquarter\\s+to\\s+${HOUR}\\b`), (h) => [h - 1, 45]],
    [new RegExp(`\\bkwart\\s+over\\s+${HOUR}\\b`), (h) => [h, 15]],
    [new RegExp(`\\bkwart\\s+voor\\s+${HOUR}\\b`), (h) => [h - 1, 45]],
    [new RegExp(`\\bhalf\\s+${HOUR}\\b`), (h, word) => (halfHour(word) ? [h, 30] : [h - 1, 30])],
  ];
  for (const [pattern, toTime] of patterns) {
    const m = pattern.exec(text);
    if (!m) continue;
    const [hour, minute] = toTime(hourOf(m[1]!), m[1]!);
    return { hour: (hour + 24) % 24, minute, match: m[0] };
  }
  return null;
}

function withPart(hour: number, part: DayPart | null): number {
  if ((part === 'afternoon' || part === 'evening') && hour >= 1 && hour < 12) return hour + 12;
  if (part === 'night' && hour === 12) return 0;
  return hour;
}

// Without am/pm or a part of the day, 1 to 7 o'clock could be night or day; from
// 8 to 11 office hours are taken to be meant, 12 is noon.
function isAmbiguousHour(hour: number): boolean {
  return hour >= 1 && hour <= 7;
}

/**
 * Reads the time of day in a lowercased phrase. `part` is the part of the day named
 * elsewhere in the phrase ("this afternoon"); one named next to the time wins.
 */
export function readClockTime(
  input: string,
  outerPart: DayPart | null,
  habit: ClockHabit = '12h-or-24h',
): ClockTime | null | 'invalid' {
  let text = ` ${input} `;
  let part = outerPart;
  for (const [pattern, named] of PARTS) {
    if (pattern.test(text)) {
      part = named;
      text = text.replace(pattern, ' ');
    }
  }
  const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();
  const noon = /\b(noon|midday|lunchtime|lunchtijd|12 noon)\b/.exec(text);
  if (noon)
    return { minutes: 12 * 60, explicit: true, ambiguous: false, rest: tidy(text.replace(noon[0], ' ')) };
  const midnight = /\b(midnight|middernacht)\b/.exec(text);
  if (midnight)
    return { minutes: 0, explicit: true, ambiguous: false, rest: tidy(text.replace(midnight[0], ' ')) };

  const words = phrased(text, habit === '12h-or-24h');
  if (words) {
    const hour = withPart(words.hour, part);
    return {
      minutes: hour * 60 + words.minute,
      explicit: true,
      ambiguous: part === null && isAmbiguousHour(words.hour === 0 ? 12 : words.hour),
      rest: tidy(text.replace(words.match, ' ')),
    };
  }

  const m = DIGITS.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const suffix = m[3]?.replace(/\./g, '');
  if (minute > 59) return 'invalid';
  const amPm = suffix === 'am' || suffix === 'pm';
  if (amPm) {
    if (hour < 1 || hour > 12) return 'invalid';
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else {
    if (hour > 23) return 'invalid';
    hour = withPart(hour, part);
  }
  // "02:30" is written on a 24-hour clock; so is "2:30" by someone who always writes one.
  const twentyFourHour = m[2] !== undefined && (m[1]!.startsWith('0') || habit === '24h');
  return {
    minutes: hour * 60 + minute,
    explicit: m[2] !== undefined || suffix !== undefined,
    ambiguous: !amPm && !twentyFourHour && part === null && isAmbiguousHour(hour),
    rest: tidy(text.replace(m[0], ' ')),
  };
}
