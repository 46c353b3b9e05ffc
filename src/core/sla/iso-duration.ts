// ISO 8601 time durations only (PT5M, PT4H30M, PT0.555S): a "day" or "month" has
// no fixed business length, so policies write a business day as its hours.
const DURATION_PATTERN = /^PT(?=\d|\.\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/;

export class DurationParseError extends Error {
  override readonly name = 'DurationParseError';
}

/** Milliseconds of an ISO 8601 time duration; throws with the reason when malformed. */
export function parseIsoDuration(text: unknown): number {
  if (typeof text !== 'string')
    throw new DurationParseError(`duration must be a string such as "PT4H", got ${JSON.stringify(text)}`);
  if (text.startsWith('-')) throw new DurationParseError(`negative duration "${text}"`);
  if (/^P(?:\d+[YMWD])/.test(text)) {
    throw new DurationParseError(
      `duration "${text}" has day, week, month or year parts: write business days as hours (PT8H)`,
    );
  }
  const m = DURATION_PATTERN.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    throw new DurationParseError(
      `malformed duration "${text}": expected ISO 8601 such as PT5M, PT4H or PT0.5S`,
    );
  }
  const hours = Number(m[1] ?? 0);
  const minutes = Number(m[2] ?? 0);
  const seconds = Number(m[3] ?? 0);
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
}

/** Short human form: "5 min", "4 h", "1 h 30 min", "0.555 s". */
export function formatDurationShort(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  const totalMinutes = Math.round(ms / 60_000);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
