import { hasLegalForm } from './company-phrases.js';
import { type EditableField, isChoiceStep } from './intake-state.js';

/** A "label: value" part of a message, as in a pasted form. */
export interface LabelledValue {
  readonly field: EditableField;
  readonly value: string;
}

const LABELS: ReadonlyArray<[EditableField, string]> = [
  [
    'company',
    'company|company name|customer|client|organisation|organization|bedrijf|bedrijfsnaam|klant|organisatie|firma',
  ],
  [
    'environments',
    'environments?|env|urls?|workspace|omgevingen|omgeving|omgevings-url|tenant|portal|domain|domein',
  ],
  [
    'usernames',
    'users?|usernames?|user names?|accounts?|affected users?|gebruikers?|gebruikersnamen|gebruikersnaam|betrokken gebruikers|getroffen gebruikers',
  ],
  [
    'startedAt',
    'started|started at|start|start time|since|since when|when|time|date|date/time|begonnen|begonnen op|begin|sinds|vanaf|wanneer|tijdstip|datum|tijd',
  ],
  [
    'description',
    'description|issue|problem|details|omschrijving|beschrijving|probleem|what happens|wat gebeurt er',
  ],
  ['title', 'title|subject|onderwerp|titel'],
  ['impact', 'impact|scope|who is affected'],
  ['urgency', 'urgency|urgentie|priority|prio|prioriteit'],
  ['security', 'security|security incident|beveiliging|beveiligingsincident'],
  ['stepsToReproduce', 'steps|steps to reproduce|repro|stappen|stappen om te reproduceren'],
  ['errorMessages', 'errors?|error messages?|error code|foutmeldingen|foutmelding|fout|foutcode'],
  [
    'additionalInfo',
    'additional info|additional information|notes?|extra info|opmerkingen|opmerking|aanvullende informatie',
  ],
];

const LABEL_LINE = new RegExp(
  `^\\s*[-*•]?\\s*(${LABELS.map(([, words]) => words).join('|')})\\s*[:=]\\s*(.*)$`,
  'i',
);

function fieldOf(label: string): EditableField {
  const lower = label.toLowerCase();
  return LABELS.find(([, words]) => new RegExp(`^(?:${words})$`).test(lower))![0];
}

/**
 * Splits the labelled lines ("company: Acme BV", "gebruikers: j.doe") from the rest of
 * a message. Several labels on one line are split at ";" or ", label:".
 */
export function readLabelledLines(text: string): { labelled: LabelledValue[]; rest: string } {
  const labelled: LabelledValue[] = [];
  const rest: string[] = [];
  const labelAhead = new RegExp(`\\s*[;|,]\\s*(?=(?:${LABELS.map(([, w]) => w).join('|')})\\s*[:=])`, 'i');
  for (const line of text.split('\n')) {
    const parts = LABEL_LINE.test(line) ? line.split(labelAhead) : [line];
    for (const part of parts) {
      const m = LABEL_LINE.exec(part);
      if (m && m[2]!.trim()) labelled.push({ field: fieldOf(m[1]!), value: m[2]!.trim() });
      else if (!m) rest.push(part);
    }
  }
  return { labelled, rest: rest.join('\n').trim() };
}

// Field names a correction sentence may use (a subset of LABELS: the fields whose values
// are short and checked, so a sentence cannot slip prose into them).
const SENTENCE_FIELDS: readonly EditableField[] = [
  'company',
  'environments',
  'usernames',
  'startedAt',
  'title',
  'impact',
  'urgency',
  'security',
];
// "client" is left out: "the client is Outlook desktop" names software, not a customer.
const FIELD_WORDS = LABELS.filter(([field]) => SENTENCE_FIELDS.includes(field))
  .map(([, words]) => words)
  .join('|')
  .replace('|client|', '|');

// Every pattern reads a text already trimmed and without its closing "." or "!", and ends
// in "\s+(\S.*)": one way to match, so a long run of spaces cannot make it backtrack.
// "no wait, the customer is Globex NV", "sorry, de omgeving is x.workspace365.net": only
// after a word that marks a correction ("the customer is unable to log in" is a description).
const CORRECTION_SENTENCE = new RegExp(
  `^(?:no wait|wait|sorry|correction|actually|oops|nee wacht|wacht|correctie|eigenlijk|oeps)[,:!.-]?\\s+(?:it'?s\\s+)?(?:(?:the|my|our|de|het|mijn|onze|ons)\\s+)?(${FIELD_WORDS})\\s+(?:is|are|should be|must be|was|moet zijn|=)\\s+(\\S.*)$`,
  'i',
);
// At the review, where every answer is a change: "change the company to Globex NV", "the
// urgency should be high", "wijzig de urgentie naar hoog". A bare "is" is no change there:
// "the title is fine" is an opinion.
const CHANGE_SENTENCE = new RegExp(
  `^(?:please\\s+)?(?:change|set|make|update|correct|wijzig|verander|zet|maak)\\s+(?:(?:the|de|het)\\s+)?(${FIELD_WORDS})\\s+(?:to|into|naar|in|op)\\s+(\\S.*)$`,
  'i',
);
const SHOULD_BE_SENTENCE = new RegExp(
  `^(?:(?:no|nee),?\\s+)?(?:(?:the|de|het)\\s+)?(${FIELD_WORDS})\\s+(?:should be|must be|moet zijn|is eigenlijk|moet)\\s+(\\S.*)$`,
  'i',
);
// "no, it started yesterday 9:15", "het begon gisteren om 9:15".
const STARTED_SENTENCE =
  /^(?:(?:no|nee),?\s+)?(?:(?:it|het|the issue|het probleem)\s+)?(?:started|began|begon)\s+(\S.*)$/i;
// Words that judge a value instead of giving one: "fine", "te lang", "shorter".
const NO_VALUE =
  /^(?:fine|ok|okay|correct|right|wrong|good|bad|great|perfect|prima|goed|fout|klopt|juist|niet goed|too \S+|te \S+|shorter|longer|higher|lower|better|worse|korter|langer|hoger|lager|beter|slechter)$/i;

/**
 * A correction said as a sentence, as a "label: value" line; null when the text is none.
 * At the review also "change X to Y" and "X should be Y"; at other questions, where such
 * a sentence may be the answer ("the company should be able to log in" as a description),
 * only when its value is a choice in a few words ("the urgency should be high") or a
 * company with its legal form ("the company should be Globex NV").
 */
export function correctionAsLabelledLine(text: string, atReview = false): string | null {
  if (text.includes('\n') || text.length > 300) return null;
  const plain = text.trim().replace(/[.!]+$/, '');
  const started = atReview ? STARTED_SENTENCE.exec(plain) : null;
  if (started) return `started: ${started[1]}`;
  const marked = CORRECTION_SENTENCE.exec(plain);
  const m = marked ?? CHANGE_SENTENCE.exec(plain) ?? SHOULD_BE_SENTENCE.exec(plain);
  if (!m) return null;
  const field = fieldOf(m[1]!);
  if (!atReview && !marked && !saidAsChange(field, m[2]!)) return null;
  // "Globex NV, not Acme": the value up to a comma; "moet laag zijn": without the verb.
  const value = m[2]!
    .split(',')[0]!
    .replace(/\s+zijn$/i, '')
    .trim();
  if (!value || NO_VALUE.test(value)) return null;
  // A company is a name: "the customer is unable to log in since ..." names none.
  if (
    field === 'company' &&
    (value.split(/\s+/).length > 5 || /^(?:a|an|een|not|niet|unable|complaining|happy|boos)\b/i.test(value))
  )
    return null;
  return `${m[1]}: ${value}`;
}

/** "X should be Y" away from the review: a change only with a value no answer would have. */
function saidAsChange(field: EditableField, value: string): boolean {
  const words = value.trim().split(/\s+/).length;
  if (isChoiceStep(field)) return words <= 4;
  return field === 'company' && words <= 5 && hasLegalForm(value);
}
