import type { ZoneOffsets } from '../sla/zone-offsets.js';
import type { ClockHabit, DayPart } from './clock-time.js';
import { type DateTimeParse, parseDateTimePhrase } from './datetime-phrases.js';
import { sinceHourInSentence } from './hour-alone.js';

/** A date-time phrase found inside a longer message. */
export interface FoundDateTime {
  /** The phrase as typed, e.g. "since 9:15 this morning". */
  readonly phrase: string;
  readonly read:
    | Extract<DateTimeParse, { ok: true }>
    | { readonly ok: false; readonly reason: 'needsTime'; readonly part?: DayPart };
}

const MAX_WINDOW = 7;
// A pasted log can hold thousands of numbers: the phrase people mean comes early.
const MAX_ANCHORS = 40;

// Words that make a token worth trying as part of a date-time phrase.
const ANCHOR =
  /\d|^(yesterday|today|tonight|gisteren|vandaag|eergisteren|vanochtend|vanmorgen|vanmiddag|vanavond|vannacht|gisterochtend|gistermorgen|gistermiddag|gisteravond|monday|tuesday|wednesday|thursday|friday|saturday|sunday|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|noon|midday|half|kwart|quarter|ago|geleden|morning|afternoon|evening|night)$/;

// Inside a sentence a lone number or time is only a time when something says so:
// a cue word ("since 9:15", "rond 3") or a day ("friday 15:00").
const CUE =
  /\b(since|sinds|vanaf|from|started|starting|begonnen|begon|at|om|around|about|approximately|ongeveer|rond|omstreeks|tegen|ago|geleden)\b/;
const DAY_OR_DATE =
  /\b(yesterday|today|tonight|gisteren|vandaag|eergisteren|vanochtend|vanmorgen|vanmiddag|vanavond|vannacht|gisterochtend|gistermorgen|gistermiddag|gisteravond|this morning|this afternoon|this evening|last night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|january|february|march|april|june|july|august|september|october|november|december|januari|februari|maart|mei|juni|juli|augustus|oktober)\b|\d{1,2}[-/]\d{1,2}|\d{4}-\d{2}-\d{2}/;

function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function tidy(phrase: string): string {
  return phrase
    .replace(/^[("'“‘[]+/, '')
    .replace(/[)"'”’\],.;:!?]+$/, '')
    .replace(/(\s+(the|de|het|begon|begonnen|started|starting|it|we|i|ik))+$/i, '');
}

// A time alone ("om 3 uur 's nachts") may be a habit, not a start: it needs a day or a start word.
const START_CUE = /\b(since|sinds|vanaf|from|started|starting|begonnen|begon|ago|geleden)\b/;

// "it can wait till Monday", "graag voor vrijdag": a deadline, not when the issue started.
const DEADLINE_WORD = /^(?:till|til|until|by|before|tot|voor|uiterlijk|deadline|due)$/i;

/** A phrase's reading; "since 9" followed by a clause is today around 9. */
function readPhrase(
  phrase: string,
  next: string | undefined,
  endsClause: boolean,
  now: number,
  zone: ZoneOffsets,
  habit: ClockHabit,
): DateTimeParse {
  const read = parseDateTimePhrase(phrase, now, zone, habit);
  const today = read.ok ? null : sinceHourInSentence(phrase, next, endsClause);
  return today ? parseDateTimePhrase(today, now, zone, habit) : read;
}

function plausible(phrase: string, read: DateTimeParse): boolean {
  const lower = phrase.toLowerCase();
  if (!START_CUE.test(lower) && !DAY_OR_DATE.test(lower)) return false;
  // "at 3" inside a sentence: a bare number needs a cue, not just a day ("friday 3 users").
  if (read.ok && read.bareHour && !CUE.test(lower)) return false;
  return true;
}

/**
 * Finds the longest date-time phrase in a message ("... since yesterday around 3 ..."),
 * or a day without a time ("since this morning") that still needs one. Returns null
 * when nothing in the message reads as a moment.
 */
export function findDateTimeInText(
  text: string,
  now: number,
  zone: ZoneOffsets,
  habit: ClockHabit = '12h-or-24h',
): FoundDateTime | null {
  const words = tokens(text);
  let best: { found: FoundDateTime; length: number } | null = null;
  let anchors = 0;
  for (let i = 0; i < words.length && anchors < MAX_ANCHORS; i++) {
    if (!ANCHOR.test(tidy(words[i]!).toLowerCase())) continue;
    anchors++;
    for (let start = Math.max(0, i - 4); start <= i; start++) {
      if (start > 0 && DEADLINE_WORD.test(tidy(words[start - 1]!))) continue;
      for (let end = i + 1; end <= Math.min(words.length, start + MAX_WINDOW); end++) {
        const phrase = tidy(words.slice(start, end).join(' '));
        if (!phrase || DEADLINE_WORD.test(phrase.split(' ')[0]!)) continue;
        const read = readPhrase(phrase, words[end], /[,.;:!?]$/.test(words[end - 1]!), now, zone, habit);
        if (!(read.ok || read.reason === 'needsTime') || !plausible(phrase, read)) continue;
        const length = (read.ok ? 100 : 0) + (end - start);
        if (!best || length > best.length) {
          best = {
            found: {
              phrase,
              read: read.ok
                ? read
                : { ok: false, reason: 'needsTime', ...(read.part ? { part: read.part } : {}) },
            },
            length,
          };
        }
      }
    }
  }
  return best?.found ?? null;
}
