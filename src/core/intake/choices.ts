import type { Language } from '../i18n/language.js';
import { isDontKnow } from './non-answers.js';

/** One option of a choice question. */
export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly help?: string;
}

/** Lowercase, without accents, separators as spaces: how choice answers are compared. */
export function normaliseChoiceText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_-]+/g, ' ')
    .replace(/[.!?]+$/, '')
    .trim();
}

/**
 * Finds the option a user meant: its number ("2", "2)"), its value, its label in
 * the conversation's language or in English, a listed synonym, or an unambiguous
 * start of a label ("org").
 */
export function matchChoice(
  answer: string,
  choices: readonly Choice[],
  synonyms: Readonly<Record<string, readonly string[]>> = {},
  englishLabels: Readonly<Record<string, string>> = {},
  options: { readonly wholeOnly?: boolean } = {},
): string | null {
  const text = normaliseChoiceText(answer).replace(/^(option|optie|nr|number|nummer)\s*/, '');
  if (!text) return null;
  const number = /^(\d{1,2})\s*[).:]?$/.exec(text);
  if (number) return choices[Number(number[1]) - 1]?.value ?? null;
  for (const c of choices) {
    const names = [c.value, c.label, englishLabels[c.value] ?? '', ...(synonyms[c.value] ?? [])].map(
      normaliseChoiceText,
    );
    if (names.includes(text)) return c.value;
  }
  if (options.wholeOnly) return null;
  if (text.length >= 3) {
    const starts = choices.filter((c) =>
      [c.value, c.label, englishLabels[c.value] ?? ''].some(
        (n) => n && normaliseChoiceText(n).startsWith(text),
      ),
    );
    if (starts.length === 1) return starts[0]!.value;
  }
  // A sentence that names exactly one option ("No, it is not", "multiple users are
  // affected", "high - nobody can work") means that option.
  const words = ` ${text.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const named = choices.filter((c) =>
    [c.label, englishLabels[c.value] ?? '', ...(synonyms[c.value] ?? [])]
      .map(normaliseChoiceText)
      .filter((n) => n.length >= 2)
      .some((n) => words.includes(` ${n.replace(/[^\p{L}\p{N}]+/gu, ' ')} `)),
  );
  return named.length === 1 ? named[0]!.value : null;
}

const YES = [
  'yes',
  'y',
  'yeah',
  'yep',
  'ja',
  'j',
  'jazeker',
  'true',
  'correct',
  'klopt',
  'yes it is',
  'ja dat is het',
];
const NO = ['no', 'n', 'nope', 'nee', 'neen', 'false', 'no it is not', 'nee hoor'];

export const YES_NO_SYNONYMS: Readonly<Record<string, readonly string[]>> = { yes: YES, no: NO };

/** Words that mean "nothing to add" for an optional question. */
export function meansNothing(answer: string, language: Language): boolean {
  const text = normaliseChoiceText(answer);
  // Short refusals: "no files", "nothing to add", "geen bestanden", "nee hoor".
  if (text.length <= 30 && /^(no|none|nothing|nope|nee|geen|niets|niks)\b/.test(text)) return true;
  // "never mind" at an optional question: nothing to add, not a cancelled ticket.
  const words = [
    'skip',
    'no',
    'none',
    'nothing',
    'n/a',
    'na',
    '-',
    'nope',
    'no thanks',
    'done',
    'never mind',
    'nevermind',
    'forget it',
  ];
  const dutch = [
    'overslaan',
    'nee',
    'geen',
    'niets',
    'niks',
    'nvt',
    'n.v.t',
    'nee dank je',
    'klaar',
    'laat maar',
    'laat maar zitten',
  ];
  return (
    words.includes(text) ||
    dutch.includes(text) ||
    (language === 'nl' && text === 'sla over') ||
    isDontKnow(text)
  );
}
