import { decodeEntities } from '../../core/text/html-entities.js';
import { linkAsTyped } from '../../core/text/link-as-typed.js';

// Tags Teams puts in a message's text (rich text, pasted content, mentions). Anything else
// in angle brackets ("<Documents>") is text the user typed and is kept.
const BLOCK_TAGS = /<\/?(?:p|div|br|li|ul|ol|blockquote|pre|h[1-6]|tr|table|tbody|thead)\b[^>]*>/gi;
const INLINE_TAGS = /<\/?(?:span|b|i|u|s|em|strong|code|font|sup|sub|del|ins|img|td|th)\b[^>]*>/gi;
/**
 * What a user typed, from a Teams message's text: mentions (`<at>Jan</at>`) become `@Jan`,
 * a link its label (and its address when the label is other text), paragraphs and line
 * breaks new lines, other formatting tags go, and HTML entities are decoded once.
 */
export function teamsPlainText(text: string): string {
  return (
    decodeEntities(
      text
        .replace(/<at\b[^>]*>(.*?)<\/at>/gis, '@$1')
        .replace(/<a\b[^>]*\bhref\s*=\s*"([^"]*)"[^>]*>(.*?)<\/a>/gis, (_all, href: string, label: string) =>
          linkAsTyped(label.replace(/<[^>]*>/g, '').trim(), href),
        )
        .replace(BLOCK_TAGS, '\n')
        .replace(INLINE_TAGS, ''),
    )
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+\n/g, '\n')
      // "</div><div>" and "</p><p>": one line break, not an empty line between.
      .replace(/\n(?:[ \t]*\n)+/g, '\n')
      .trim()
  );
}
