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

/** A correction said as a sentence, as a "label: value" line; null when the text is none. */
export function correctionAsLabelledLine(text: string): string | null {
  if (text.includes('\n')) return null;
  const m = CORRECTION_SENTENCE.exec(text);
  return m ? `${m[1]}: ${m[2]}` : null;
}
