/** The longest answer the bot accepts in any field. */
export const MAX_ANSWER_LENGTH = 10_000;

// C0/C1 control characters except tab and newline, plus bidi overrides that can
// disguise text direction in chat clients.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Normalises what a user typed: NFC, CRLF to LF, control characters removed, trimmed.
 * Markup and mentions are kept as typed: they are neutralised where text is rendered.
 */
export function cleanText(input: string): string {
  return input.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

/** One line: inner newlines and tabs become single spaces. */
export function cleanLine(input: string): string {
  return cleanText(input).replace(/\s+/g, ' ');
}

/** Shortens to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
