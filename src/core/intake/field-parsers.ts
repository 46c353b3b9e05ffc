import type { MessageKey, MessageParams } from '../i18n/catalogue.js';
import { cleanLine, cleanText, shorten } from '../text/text-hygiene.js';
import { stripGreeting } from './greetings.js';
import { isNoCompanyName } from './non-answers.js';

/** A parsed answer, or the catalogue message that explains why it was refused. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: MessageKey; readonly params?: MessageParams };

export const MAX_LIST_ENTRIES = 50;
const MAX_COMPANY = 200;
export const MIN_DESCRIPTION = 20;
export const MAX_TITLE = 80;

export function parseCompany(answer: string): Parsed<string> {
  const value = cleanLine(answer);
  if (isNoCompanyName(value))
    return { ok: false, error: 'invalid.companyWord', params: { value: shorten(value, 40) } };
  if (value.length < 2 || value.length > MAX_COMPANY || !/[\p{L}\p{N}]/u.test(value)) {
    return { ok: false, error: 'invalid.company' };
  }
  return { ok: true, value };
}

// A DNS host name: labels of letters, digits and hyphens, and an alphabetic top-level label.
const HOST = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// Top-level domains common enough to take a bare host from a sentence about something else.
const COMMON_TLDS = /\.(net|com|nl|org|io|eu|be|de|cloud|app|online|co|uk|info|biz|tech|dev|local)$/;

/**
 * Reads an environment address: a URL or a bare host (stored as https://host).
 * Only http(s) URLs are accepted; credentials in a URL are refused.
 */
export function parseEnvironment(entry: string, strict = false): string | null {
  const text = entry
    .trim()
    .replace(/[)>.,;]+$/, '')
    .replace(/^[<(]+/, '');
  if (!text || /\s/.test(text)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const host = url.hostname.toLowerCase();
  if (!HOST.test(host)) return null;
  if (
    strict &&
    !/^[a-z][a-z0-9+.-]*:\/\//i.test(text) &&
    !host.startsWith('www.') &&
    !COMMON_TLDS.test(host)
  ) {
    return null;
  }
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host.toLowerCase()}${path}${url.search}`;
}

/** Splits a list answer on commas, semicolons, newlines and "and"/"en". */
export function splitList(answer: string): string[] {
  return cleanText(answer)
    .split(/[,;\n]+|\s+(?:and|en|&)\s+/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A list answer: entries split on separators and spaces, each read by `entry` (null:
 * refused with `invalid`), duplicates dropped, at most MAX_LIST_ENTRIES.
 */
function parseList(
  answer: string,
  invalid: MessageKey,
  entry: (text: string) => string | null,
  filler: RegExp | null = null,
): Parsed<string[]> {
  const words = splitList(answer).flatMap((e) => e.split(/\s+/));
  const kept = filler ? words.filter((word) => !filler.test(word)) : words;
  // Filler alone ("too") is no list: refused with the words as typed.
  const entries = kept.length > 0 ? kept : words;
  if (entries.length === 0) return { ok: false, error: invalid, params: { value: cleanLine(answer) } };
  if (entries.length > MAX_LIST_ENTRIES)
    return { ok: false, error: 'invalid.tooMany', params: { max: MAX_LIST_ENTRIES } };
  const values: string[] = [];
  for (const text of entries) {
    const value = entry(text);
    if (value === null) return { ok: false, error: invalid, params: { value: shorten(text, 80) } };
    if (!values.includes(value)) values.push(value);
  }
  return { ok: true, value: values };
}

/**
 * "j.doe", "k.smit": a bare name of two labels with a top-level domain no one uses for a
 * workspace is more likely a user name than an address; asked again, not stored.
 */
function looksLikeAccount(entry: string): boolean {
  const text = entry.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) return false;
  const labels = text.replace(/\/.*$/, '').split('.');
  return labels.length === 2 && labels[0]!.length <= 2 && !COMMON_TLDS.test(`.${labels[1]}`);
}

export function parseEnvironments(answer: string): Parsed<string[]> {
  const account = splitList(answer)
    .flatMap((e) => e.split(/\s+/))
    .find(looksLikeAccount);
  if (account)
    return { ok: false, error: 'invalid.environmentAccount', params: { value: shorten(account, 80) } };
  return parseList(answer, 'invalid.environment', (text) => parseEnvironment(text), LIST_FILLER);
}

/**
 * Words around a list that are no entry: "acme-test.workspace365.net too", "k.smit as well",
 * "both ... and ...", "ook ...", "zowel ... als ...". The entries taken are said back.
 * "or"/"of" stay refused: the user is not sure which.
 */
// "acme-test.workspace365.net too", "ook k.smit": the entries join those already given.
const ADDS = /(?:^|\s)(?:too|also|as well|ook|erbij|daarnaast|additionally)(?=$|[\s.!,])/i;

/** The list an answer leaves: its entries after those given before when it says "too". */
export function listAfter(
  answer: string,
  before: readonly string[] | undefined,
  entries: string[],
): string[] {
  if (!before?.length || !ADDS.test(answer)) return entries;
  return [...before, ...entries.filter((e) => !before.includes(e))];
}

export const LIST_FILLER = /^(too|also|as|well|both|plus|ook|allebei|beide|beiden|zowel|als)[.!]?$/i;

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function isEmail(text: string): boolean {
  return EMAIL.test(text);
}

/** "description: ..." typed as the answer to the description question: the label is not part of it. */
const DESCRIPTION_LABEL =
  /^\s*(?:description|issue|problem|omschrijving|beschrijving|probleem|melding)\s*:\s*/i;

export function parseDescription(answer: string): Parsed<string> {
  const value = cleanText(answer.replace(DESCRIPTION_LABEL, ''));
  if (value.length < MIN_DESCRIPTION)
    return { ok: false, error: 'invalid.description', params: { length: value.length } };
  return { ok: true, value };
}

export function parseTitle(answer: string): Parsed<string> {
  const value = cleanLine(answer);
  if (value.length < 3 || value.length > MAX_TITLE) return { ok: false, error: 'invalid.title' };
  return { ok: true, value };
}

// Abbreviations whose dot does not end a sentence.
const ABBREVIATIONS =
  /\b(e\.g|i\.e|etc|bijv|o\.a|d\.w\.z|m\.b\.t|i\.p\.v|ca|vs|nr|incl|excl|approx|t\.a\.v|b\.v|n\.v|v\.o\.f|c\.v)\./gi;
const DOT = '\u2024';
// Words that only shout or open: "URGENT:", "Hi team,", "Dringend!".
const OPENER =
  /^(?:(?:urgent|very urgent|dringend|spoed|asap|important|belangrijk|help|hulp|p1|prio\s*1)\b[\s!:,.-]*)+/i;
// A sentence that only introduces the writer: "I'm Jan from Acme BV."
const INTRODUCTION =
  /^(?:(?:i'?m|i am|this is|my name is|ik ben|mijn naam is|hier is|wij zijn|we are)\b[^,]{0,60}|[^,]{1,40}\s(?:here|hier))$/i;

function sentences(text: string): string[] {
  return text
    .replace(ABBREVIATIONS, (m) => m.replace(/\./g, DOT))
    .split(/(?<=[.!?])\s+/)
    .map((s) =>
      s
        .replaceAll(DOT, '.')
        .replace(/[.!?]+$/, '')
        .trim(),
    )
    .filter(Boolean);
}

/**
 * The title derived from a description: its first sentence that says something (not a
 * greeting, a shout like "URGENT" or an introduction), at most 80 characters.
 */
export function deriveTitle(description: string): string {
  const oneLine = stripGreeting(description.replace(/\s+/g, ' ').trim());
  // Each line is a sentence of its own: a pasted report's lines do not run on into one title.
  const candidates = description
    .split(/\n+/)
    .flatMap((line) => sentences(stripGreeting(line.replace(/\s+/g, ' ').trim())))
    .map((s) => stripGreeting(s.replace(OPENER, '')).trim())
    .filter((s) => s.split(/\s+/).length >= 2 || s.length >= 12);
  const sentence =
    candidates.find((s) => !INTRODUCTION.test(s)) ?? candidates[0] ?? oneLine.replace(/[.!?]+$/, '');
  const title = sentence.replace(/[.:;,]+$/, '');
  return shorten(title.charAt(0).toUpperCase() + title.slice(1), MAX_TITLE);
}

/** Optional free text: cleaned, or null when empty. */
export function parseOptionalText(answer: string): string | null {
  const value = cleanText(answer);
  return value ? value : null;
}
