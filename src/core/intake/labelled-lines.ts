import type { EditableField } from './intake-state.js';

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
    'users?|usernames?|user names?|accounts?|affected|affected users?|gebruikers?|gebruikersnamen|gebruikersnaam|getroffen|betrokken|betrokken gebruikers|getroffen gebruikers',
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

// "no wait, the customer is Globex NV", "sorry, de omgeving is x.workspace365.net": a
// correction said as a sentence, read as its "label: value" line. Only after a word that
// marks a correction: "the customer is unable to log in" is a description.
const CORRECTION_SENTENCE =
  /^\s*(?:no wait|wait|sorry|correction|actually|oops|nee wacht|wacht|correctie|eigenlijk|oeps)\s*[,:!.-]?\s+(?:it'?s\s+)?(?:the\s+|my\s+|our\s+|de\s+|het\s+|mijn\s+|onze\s+|ons\s+)?(company|company name|customer|client|bedrijf|bedrijfsnaam|klant|environment|omgeving|url|users?|usernames?|gebruikers?|gebruikersnaam|gebruikersnamen)\s+(?:is|are|should be|must be|was|moet zijn|zijn|=)\s+(.+?)\s*[.!]?\s*$/i;

// At the review, where every answer is a change: "change the company to Globex NV", "the
// urgency should be high", "wijzig de urgentie naar hoog".
const FIELD_WORDS =
  'company|company name|customer|bedrijf|bedrijfsnaam|klant|environments?|omgevingen|omgeving|users?|usernames?|gebruikers?|gebruikersnamen|gebruikersnaam|start time|started|start|begonnen|sinds|description|beschrijving|omschrijving|title|titel|onderwerp|impact|urgency|urgentie|security|beveiliging';
const CHANGE_SENTENCE = new RegExp(
  `^\\s*(?:please\\s+)?(?:change|set|make|update|correct|wijzig|verander|zet|maak)\\s+(?:the\\s+|de\\s+|het\\s+)?(${FIELD_WORDS})\\s+(?:to|into|naar|in|op)\\s+(.+?)\\s*[.!]?\\s*$`,
  'i',
);
const SHOULD_BE_SENTENCE = new RegExp(
  `^\\s*(?:no,?\\s+|nee,?\\s+)?(?:the\\s+|de\\s+|het\\s+)?(${FIELD_WORDS})\\s+(?:should be|must be|is|moet|moet zijn|is eigenlijk)\\s+(.+?)(?:\\s+zijn)?\\s*[.!]?\\s*$`,
  'i',
);
const START_WORDS = /^(?:started|start|start time|begonnen|sinds)$/i;
// "no, it started yesterday 9:15", "het begon gisteren om 9:15".
const STARTED_SENTENCE =
  /^\s*(?:no,?\s+|nee,?\s+)?(?:it\s+|het\s+|the issue\s+|het probleem\s+)?(started|began|begon)\s+(.+?)\s*[.!]?\s*$/i;

/**
 * A correction said as a sentence, as a "label: value" line; null when the text is none.
 * `atReview`: also "change X to Y" and "X should be Y", which elsewhere may be an answer.
 */
export function correctionAsLabelledLine(text: string, atReview = false): string | null {
  if (text.includes('\n')) return null;
  const m =
    CORRECTION_SENTENCE.exec(text) ??
    (atReview
      ? (CHANGE_SENTENCE.exec(text) ?? SHOULD_BE_SENTENCE.exec(text) ?? STARTED_SENTENCE.exec(text))
      : null);
  if (!m) return null;
  return `${START_WORDS.test(m[1]!) || /^(?:began|begon)$/i.test(m[1]!) ? 'started' : m[1]}: ${m[2]}`;
}
