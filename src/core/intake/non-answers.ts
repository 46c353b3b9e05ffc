/*
 * Replies that answer no question: "I don't know", "yes", "status". Stored as a company,
 * a user name or steps to reproduce they would be silently wrong data; the steps that
 * need a real value ask again instead, optional ones take them as "nothing to add".
 */

function normalised(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ');
}

// "I don't know", "no idea", "weet ik niet": the user cannot say.
const UNSURE = new RegExp(
  `^(?:${[
    "i don'?t know",
    "don'?t know",
    'i do not know',
    'dunno',
    'idk',
    'no idea',
    'no clue',
    'not sure',
    "i'?m not sure",
    'unsure',
    'weet ik niet',
    'weet niet',
    'ik weet het niet',
    'geen idee',
    'geen flauw idee',
    'geen idee eigenlijk',
  ].join('|')})$`,
);
// "none", "nobody", "-": nothing to give.
const NOTHING = /^(?:none|nobody|no one|unknown|n\/?a|-+|\?+|niemand|geen|onbekend)$/;

/** "I don't know", "no idea", "geen idee": the user cannot say. */
export function isUnsure(text: string): boolean {
  return UNSURE.test(normalised(text));
}

/** "I don't know", "none", "onbekend", "-": the user has no value for this question. */
export function isDontKnow(text: string): boolean {
  const value = normalised(text);
  return UNSURE.test(value) || NOTHING.test(value);
}

// Replies to a yes/no question or words of another conversation, never a company's name.
const NOT_A_COMPANY = new Set(
  'yes no yep nope ok okay sure thanks hi hello hey ja nee jawel oke oké prima bedankt hoi hallo status exit test ticket tickets'.split(
    ' ',
  ),
);
const NOT_A_COMPANY_PHRASES = new Set([
  'thank you',
  'my ticket',
  'mijn ticket',
  'dank je',
  'no thanks',
  'nee dank je',
]);

/** A reply that cannot be a company's name: "yes", "status", "I don't know". */
export function isNoCompanyName(text: string): boolean {
  const value = normalised(text);
  return NOT_A_COMPANY.has(value) || NOT_A_COMPANY_PHRASES.has(value) || isDontKnow(value);
}
