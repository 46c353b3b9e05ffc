import type { ZoneOffsets } from '../sla/zone-offsets.js';
import { cleanText } from '../text/text-hygiene.js';
import type { ClockHabit, DayPart } from './clock-time.js';
import { countLegalNames, findCompany } from './company-phrases.js';
import { findDateTimeInText } from './datetime-in-text.js';
import { parseDateTimePhrase } from './datetime-phrases.js';
import { isEmail, parseEnvironment } from './field-parsers.js';
import { beforeSignOff, stripGreeting, stripSignOff } from './greetings.js';
import { type LabelledValue, readLabelledLines } from './labelled-lines.js';
import { accountOf, findUsernames, isAccountToken, parseUsernames } from './usernames.js';

export type ExtractableField = 'company' | 'environments' | 'usernames' | 'startedAt' | 'description';

/** When the issue started, as found in a message: an instant, or a day still without a time. */
export type FoundStart =
  | { readonly kind: 'at'; readonly at: number; readonly alternativeAt?: number; readonly phrase: string }
  | { readonly kind: 'needsTime'; readonly phrase: string; readonly part?: DayPart };

export interface MessageFields {
  company?: string;
  environments?: string[];
  usernames?: string[];
  startedAt?: FoundStart;
  description?: string;
  /** Every "label: value" line, for any field (the caller validates them). */
  readonly labelled: LabelledValue[];
  /** What no wanted field took, in the order typed: the answer to the question asked. */
  rest: string;
}

const SEPARATORS = /\s*(?:\n|;|\|)\s*|\s+[-–—/]\s+|\s*,\s*/;

// The words of an introduction ("this is Bob from", "wij zijn van", "namens").
const INTRODUCTION_WORDS = new Set(
  "hi hello hey hoi hallo goedemorgen goedemiddag goedenavond good morning afternoon evening this is i'm im i am we we're were are here from at with of on behalf writing calling my name ik ben wij zijn we zijn hier namens van bij met mijn naam is de het".split(
    ' ',
  ),
);

/** A sentence that only says who writes (at most a person's name besides the company). */
function isOnlyIntroduction(segment: string, company: string): boolean {
  const lower = segment.toLowerCase();
  const at = lower.indexOf(company.toLowerCase());
  if (at < 0) return false;
  const words = `${lower.slice(0, at)} ${lower.slice(at + company.length)}`
    .replace(/[^\p{L}\p{N}'’ ]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !INTRODUCTION_WORDS.has(w.replace('’', "'")));
  return words.length <= 1;
}

/** The parts of a message between separators, and the separator after each, tidied. */
function splitKeepingSeparators(text: string): { segments: string[]; separatorAfter: string[] } {
  const pieces = text.split(new RegExp(`(${SEPARATORS.source})`));
  const segments: string[] = [];
  const separatorAfter: string[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    const separator = pieces[i + 1] ?? '';
    if (!pieces[i]) {
      // An empty part ("a,,b"): its separator joins the part before.
      if (separatorAfter.length && separator.includes('\n')) separatorAfter[separatorAfter.length - 1] = '\n';
      continue;
    }
    segments.push(pieces[i]!);
    separatorAfter.push(
      separator.includes('\n')
        ? '\n'
        : separator.trim() === ';'
          ? '; '
          : separator.trim() === ',' || !separator.trim()
            ? ', '
            : ` ${separator.trim()} `,
    );
  }
  return { segments, separatorAfter };
}
const USER_CUE =
  /^(?:(?:the\s+)?(?:affected\s+)?(?:users?|usernames?|user names?|accounts?|gebruikers?|gebruikersnamen|gebruikersnaam|logins?))\b\s*:?\s*(.*)$/i;

// Words that make a short text a sentence about the problem rather than a name.
const PROSE =
  /\b(can'?t|cannot|can not|doesn'?t|don'?t|isn'?t|won'?t|not|niet|geen|kan|kunnen|werkt|werken|broken|kapot|slow|traag|error|errors|fout|foutmelding|problem|probleem|issue|login|inloggen|log in|sign in|is|are|was|zijn|heb|hebben|have|has|we|i|ik|my|mijn|our|onze|me|mij|help|please|graag)\b/i;

/** Whether a short text reads as a sentence ("it is broken") rather than a name ("Acme"). */
export function looksLikeProse(text: string): boolean {
  return PROSE.test(text) || text.split(/\s+/).length > 6 || /[!?]/.test(text);
}

// In a sentence an address is an environment when it is a Workspace 365 one, or is called one.
const ENVIRONMENT_CUE =
  /^(environment|environments|omgeving|omgevingen|workspace|werkplek|portal|portaal|url|tenant)$/i;

function environmentsIn(segment: string): string[] {
  const words = segment.split(/\s+/);
  return words
    .map((word, i) => {
      const env = parseEnvironment(word, true);
      if (env === null) return null;
      const called = ENVIRONMENT_CUE.test(words[i - 1]?.replace(/[:,]$/, '') ?? '');
      return /\.workspace365\.net(?:\/|$)/.test(env) || called ? env : null;
    })
    .filter((e): e is string => e !== null);
}

function onlyEnvironments(segment: string): string[] | null {
  const tokens = segment.split(/\s+/).filter((t) => !/^(and|en|&)$/i.test(t));
  const envs = tokens.map((t) => parseEnvironment(t, true));
  return envs.every((e) => e !== null) ? (envs as string[]) : null;
}

function addAll(list: string[], values: readonly string[]): void {
  for (const v of values) if (!list.includes(v)) list.push(v);
}

/**
 * Finds the fields a message carries, wherever they are: labelled lines, URLs and
 * hosts, accounts after "users", a date-time phrase, a company with a legal form or an
 * introduction, and the description as what is left. Only `wanted` fields are taken;
 * everything else stays in `rest`. Where a part is not clearly a field it is left alone.
 */
export function extractMessage(
  input: string,
  wanted: ReadonlySet<ExtractableField>,
  now: number,
  zone: ZoneOffsets,
  habit: ClockHabit = '12h-or-24h',
): MessageFields {
  const { labelled, rest: unlabelled } = readLabelledLines(cleanText(input));
  const { segments, separatorAfter } = splitKeepingSeparators(stripGreeting(unlabelled));
  const listLike = segments.length > 1;
  const fields: MessageFields = { labelled, rest: '' };
  const environments: string[] = [];
  const usernames: string[] = [];
  const leftover: string[] = [];
  /** Where each leftover part stood among the segments (to join them as they were written). */
  const leftoverAt: number[] = [];
  let inUserList = false;
  // "Acme BV uses it, but our supplier Contoso Ltd cannot log in": which one reports is a guess.
  const namesSeveralCompanies = countLegalNames(unlabelled) > 1;

  for (const [index, segment] of segments.entries()) {
    const wasUserList = inUserList;
    inUserList = false;
    if (wanted.has('environments')) {
      const envs = onlyEnvironments(segment);
      if (envs) {
        addAll(environments, envs);
        continue;
      }
    }
    if (wanted.has('usernames')) {
      const cued = USER_CUE.exec(segment);
      const listed = cued?.[1] && !looksLikeProse(cued[1]) ? parseUsernames(cued[1]) : null;
      if (listed?.ok) {
        addAll(usernames, listed.value);
        inUserList = true;
        continue;
      }
      const tokens = segment.split(/\s+/).filter((t) => !/^(and|en|&)$/i.test(t));
      const accounts = tokens.every((t) => isAccountToken(t));
      if (accounts && (wasUserList || tokens.every((t) => isEmail(t)) || (listLike && tokens.length === 1))) {
        addAll(
          usernames,
          tokens.map((t) => accountOf(t) ?? t),
        );
        inUserList = true;
        continue;
      }
    }
    if (wanted.has('startedAt') && !fields.startedAt && /\d|[a-z]{3}/i.test(segment)) {
      const read = parseDateTimePhrase(segment, now, zone, habit);
      if (read.ok) {
        fields.startedAt = { kind: 'at', at: read.at, phrase: segment, ...altOf(read) };
        continue;
      }
      if (!read.ok && read.reason === 'needsTime') {
        fields.startedAt = { kind: 'needsTime', phrase: segment, ...(read.part ? { part: read.part } : {}) };
        continue;
      }
    }
    if (wanted.has('company') && !fields.company) {
      const company = findCompany(segment, true);
      if (company && company.length >= segment.replace(/[.!]+$/, '').length - 1) {
        fields.company = company;
        continue;
      }
    }
    // A sentence: take what it clearly names, and keep it for the description.
    if (wanted.has('environments')) addAll(environments, environmentsIn(segment));
    if (wanted.has('startedAt') && !fields.startedAt) {
      const found = findDateTimeInText(segment, now, zone, habit);
      if (found?.read.ok)
        fields.startedAt = { kind: 'at', at: found.read.at, phrase: found.phrase, ...altOf(found.read) };
      else if (found && !found.read.ok)
        fields.startedAt = { kind: 'needsTime', phrase: found.phrase, ...partOf(found.read) };
      // "since 9" alone: the time was the whole part, nothing of it is left for an answer.
      if (found && !segment.replace(found.phrase, '').replace(/[\s.,;:!?]+/g, '')) continue;
    }
    if (wanted.has('company') && !fields.company && !namesSeveralCompanies) {
      const company = findCompany(segment);
      if (company) fields.company = company;
      // "We are from Globex Holding NV": an introduction says nothing about the issue.
      if (company && isOnlyIntroduction(segment, company)) continue;
    }
    leftover.push(segment);
    leftoverAt.push(index);
  }

  // Accounts named after "users" may run over a comma ("users r.diaz, k.young cannot print").
  if (wanted.has('usernames')) addAll(usernames, findUsernames(segments.join(', ')) ?? []);
  if (environments.length) fields.environments = environments;
  if (usernames.length) fields.usernames = usernames;
  // "Contoso, contoso.workspace365.net, j.doe, now": in a list of fields, a short
  // first part that is no sentence is the company.
  const first = segments[0];
  if (
    wanted.has('company') &&
    !fields.company &&
    first !== undefined &&
    leftover[0] === first &&
    (segments.length - leftover.length >= 2 || namesAnEnvironment(first, environments)) &&
    first.length <= 40 &&
    first.split(/\s+/).length <= 4 &&
    !looksLikeProse(first) &&
    /\p{L}/u.test(first)
  ) {
    fields.company = first;
    leftover.shift();
    leftoverAt.shift();
  }
  const asWritten = (parts: readonly string[]) =>
    parts
      .map((part, i) => {
        const next = leftoverAt[i + 1];
        if (i === parts.length - 1) return part;
        // Parts next to each other keep the separator between them (a new line stays one).
        return `${part}${next === leftoverAt[i]! + 1 ? separatorAfter[leftoverAt[i]!]! : ', '}`;
      })
      .join('');
  const remaining = asWritten(leftover);
  if (wanted.has('description')) {
    const description = stripSignOff(asWritten(beforeSignOff(leftover)));
    if (description.length >= 20 && description.split(/\s+/).length >= 3 && looksLikeProse(description)) {
      fields.description = description;
    }
  }
  fields.rest = fields.description === undefined ? remaining : '';
  return fields;
}

/** "Gemeente Zuidhoek" next to zuidhoek.workspace365.net: the name matches the address. */
function namesAnEnvironment(name: string, environments: readonly string[]): boolean {
  const words = name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
  return environments.some((env) => {
    const label = new URL(env).hostname.split('.')[0]!;
    return words.some((w) => label === w || label.startsWith(w) || w.startsWith(label));
  });
}

function altOf(read: { alternativeAt?: number }): { alternativeAt?: number } {
  return read.alternativeAt === undefined ? {} : { alternativeAt: read.alternativeAt };
}

function partOf(read: { part?: DayPart }): { part?: DayPart } {
  return read.part ? { part: read.part } : {};
}
