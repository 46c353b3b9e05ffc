/*
 * An hour without a day: "9", "since 9", "started at 3", "sinds 9", "om 9 uur". Read as
 * today around that hour (the date-time reader then asks back where it fits twice).
 */

const LEAD =
  '(?:it\\s+)?(?:started|began|begon|starting|since|from|at|around|about|approximately|sinds|vanaf|om|rond|ongeveer)';
const HOUR_ALONE = new RegExp(`^(?:${LEAD}\\s+){0,3}(\\d{1,2})(?:\\s*(?:o'?clock|uur|u|h))?$`, 'i');

/** The phrase to read for an hour alone ("today around 9"), or null when the text is none. */
export function hourAloneAsToday(text: string): string | null {
  const hour = HOUR_ALONE.exec(
    text
      .trim()
      .replace(/[’`]/g, "'")
      .replace(/[.!?]+$/, ''),
  )?.[1];
  return hour !== undefined && Number(hour) <= 23 ? `today around ${Number(hour)}` : null;
}

// Inside a sentence only after a start word ("since 9"), not "at 3" or "from 9 users".
const SINCE_HOUR = /^(?:since|sinds|started at|begon om|begonnen om)\s+\d{1,2}$/i;
// What may follow such an hour for it to be one: the next clause ("since 9 our portal ..."),
// not a count of things ("since 10 laptops got the update").
const CLAUSE_START =
  /^(?:our|the|we|i|it|nobody|no|everyone|all|this|that|there|users|people|everything|onze|ons|de|het|wij|we|ik|niemand|iedereen|alles|er|dit|dat|is|are|has|have|was|kan|werkt|and|en|but|maar|o'?clock|uur|u|h|am|pm|today|this|vandaag|vanochtend|vanmorgen)$/i;

/** "since 9" inside a sentence, read as today around 9, when what follows starts a clause. */
export function sinceHourInSentence(
  phrase: string,
  next: string | undefined,
  endsClause: boolean,
): string | null {
  if (!SINCE_HOUR.test(phrase)) return null;
  if (next !== undefined && !endsClause && !CLAUSE_START.test(next.replace(/[^\p{L}']/gu, ''))) return null;
  return hourAloneAsToday(phrase);
}
