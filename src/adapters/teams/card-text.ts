// User text shown in an Adaptive Card must stay text: no markdown formatting, no
// links, no template expressions, no mentions.
const INLINE_MARKDOWN = /[\\`*_[\]~>#|]/g;
const ZERO_WIDTH_SPACE = '\u200B';

/** Escapes Adaptive Card markdown and breaks link, mention and `${...}` syntax. */
export function cardText(text: string): string {
  return text
    .replace(INLINE_MARKDOWN, (c) => `\\${c}`)
    .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.')
    .replace(/\$\{/g, `$${ZERO_WIDTH_SPACE}{`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/</g, `<${ZERO_WIDTH_SPACE}`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}
