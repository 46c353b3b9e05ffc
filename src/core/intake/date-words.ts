import type { DayPart } from './clock-time.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

// Words around a time that carry no meaning for us ("since", "at about", "om").
export const FILLER =
  /\b(since|sinds|vanaf|from|started|starting|begonnen|begon|at|om|on|op|around|about|approximately|approx|ongeveer|rond|omstreeks|the|de|het|o'clock|clock)\b/g;

export const WEEKDAYS: Readonly<Record<string, number>> = {
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

export const MONTHS: Readonly<Record<string, number>> = {
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
export const DAY_WORDS: ReadonlyArray<[RegExp, number, DayPart | null]> = [
  [/\b(day before yesterday|eergisteren)\b/, -2, null],
  [/\b(yesterday morning|gisterochtend|gistermorgen|gisteren in (?:de )?ochtend)\b/, -1, 'morning'],
  [/\b(yesterday afternoon|gistermiddag|gisteren in (?:de )?middag)\b/, -1, 'afternoon'],
  [/\b(yesterday evening|last night|gisteravond)\b/, -1, 'evening'],
  [/\b(yesterday|gisteren)\b/, -1, null],
  [/\b(this morning|vanochtend|vanmorgen|today in the morning)\b/, 0, 'morning'],
  [/\b(this afternoon|vanmiddag)\b/, 0, 'afternoon'],
  [/\b(this evening|tonight|vanavond)\b/, 0, 'evening'],
  [/\b(vannacht)\b/, 0, 'night'],
  [/\b(today|vandaag)\b/, 0, null],
  // Read so that a future time is refused as such, not as unreadable.
  [/\b(tomorrow morning|morgenochtend|morgenvroeg)\b/, 1, 'morning'],
  [/\b(tomorrow afternoon|morgenmiddag)\b/, 1, 'afternoon'],
  [/\b(tomorrow|morgen)\b/, 1, null],
];

export const RELATIVE_UNITS: ReadonlyArray<[RegExp, number]> = [
  [/^(minutes?|mins?|m|minuten|minuut)$/, MINUTE_MS],
  [/^(hours?|hrs?|h|uur|uren)$/, HOUR_MS],
  [/^(days?|d|dag|dagen)$/, DAY_MS],
  [/^(weeks?|w|weken)$/, 7 * DAY_MS],
];

export const NOW_WORDS = /^(now|right now|just now|nu|net|zojuist|zonet|op dit moment|direct|immediately)$/;
