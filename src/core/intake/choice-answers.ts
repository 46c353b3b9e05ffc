import { t } from '../i18n/catalogue.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import { IMPACT_SYNONYMS, URGENCY_SYNONYMS } from './choice-synonyms.js';
import { type Choice, matchChoice, normaliseChoiceText, YES_NO_SYNONYMS } from './choices.js';
import { choicesFor } from './intake-questions.js';
import type { IntakeState } from './intake-state.js';
import { isUnsure } from './non-answers.js';

export type ChoiceStep = 'security' | 'impact' | 'urgency';

/** How sure a free-text answer to a choice question is. */
export type ChoiceRead =
  | { readonly kind: 'sure'; readonly value: string }
  /** One option is meant, but the answer also said "and" or "not": ask back. */
  | { readonly kind: 'confirm'; readonly value: string }
  /** Only options the user ruled out were named ("not very urgent"). */
  | { readonly kind: 'narrow'; readonly excluded: readonly string[] }
  /** "no idea", "geen idee". */
  | { readonly kind: 'unsure' }
  | { readonly kind: 'none' };

const SYNONYMS: Readonly<Record<ChoiceStep, Readonly<Record<string, readonly string[]>>>> = {
  security: YES_NO_SYNONYMS,
  impact: IMPACT_SYNONYMS as Readonly<Record<Impact, readonly string[]>>,
  urgency: URGENCY_SYNONYMS as Readonly<Record<Urgency, readonly string[]>>,
};

// Besides "no idea": a security question may get "maybe".
const MAYBE = /^(maybe|perhaps|possibly|misschien|mogelijk|twijfel)$/;
// A word that turns what follows around: "not the whole company", "niet zo urgent".
// It reaches at most two words, and never past a clause break ("|"): "niet iedereen | alleen financien".
const NEGATION = /(?:^|\s)(?:not|niet|geen|isn'?t|never|nooit|hardly|nauwelijks)(?:\s+[^|\s]+){0,2}\s*$/;
// "not just me", "more than only me", "niet alleen ik": the negation reaches past "just"
// (which otherwise starts a clause of its own, as in "not the whole company, just finance").
const NOT_JUST =
  /\b(?:(?:not|more than)\s+(?:just|only)\s+(?=me\b|myself\b|one\b)|more than\s+(?=me\b|one (?:user|person)\b)|no\s+(?=single\b)|(?:niet|meer dan)\s+(?:alleen|enkel|slechts)\s+(?=ik\b|mij\b|mezelf\b|een\b|één\b)|geen\s+(?=enkele\b))/g;
const CLAUSE_BREAK = /\s*[,;.]\s*|\s+(?=(?:but|maar|just|only|alleen|wel|except|behalve)\b)/g;
// "me and Sanne", "ik en een collega": more than one person.
const MORE_PEOPLE = /\b(and|en|plus|with|met|&)\b/;

function englishLabels(step: ChoiceStep): Record<string, string> {
  return Object.fromEntries(choicesFor(step, 'en').map((c) => [c.value, c.label]));
}

function namesOf(choice: Choice, step: ChoiceStep, english: Record<string, string>): string[] {
  return [choice.label, english[choice.value] ?? '', ...(SYNONYMS[step][choice.value] ?? [])]
    .map((n) =>
      normaliseChoiceText(n)
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim(),
    )
    .filter((n) => n.length >= 2);
}

/** Options named in a sentence, split into those ruled out by a negation and the rest. */
function namedOptions(words: string, choices: readonly Choice[], step: ChoiceStep) {
  const english = englishLabels(step);
  const negated = new Set<string>();
  const positive = new Set<string>();
  for (const choice of choices) {
    for (const name of namesOf(choice, step, english)) {
      let from = 0;
      for (;;) {
        const at = words.indexOf(` ${name} `, from);
        if (at < 0) break;
        from = at + 1;
        // "not urgent" is itself a name (Low): a negation inside the name does not count.
        if (NEGATION.test(words.slice(0, at + 1).trimEnd()) && !/^(not|no|niet|geen)\b/.test(name))
          negated.add(choice.value);
        else positive.add(choice.value);
      }
    }
  }
  // A shorter name inside a longer negated one ("urgent" in "not very urgent") is not positive.
  for (const value of negated) positive.delete(value);
  return { negated, positive };
}

/**
 * Reads a typed answer to security, impact or urgency. An exact option, number or
 * synonym is sure; a sentence naming one option with an "and" (impact) or a negation
 * gets a question back; "no idea" is answered with guidance.
 */
export function readChoiceAnswer(state: IntakeState, step: ChoiceStep, text: string): ChoiceRead {
  const choices = choicesFor(step, state.language, state);
  const plain = normaliseChoiceText(text);
  if (isUnsure(plain) || (step === 'security' && MAYBE.test(plain))) return { kind: 'unsure' };
  const exact = matchChoice(text, choices, SYNONYMS[step], englishLabels(step), { wholeOnly: true });
  if (exact) return { kind: 'sure', value: exact };
  if (step === 'security') {
    const value = matchChoice(text, choices, SYNONYMS[step], englishLabels(step));
    return value ? { kind: 'sure', value } : { kind: 'none' };
  }
  const words = ` ${normaliseChoiceText(text)
    .replace(NOT_JUST, (m) => (/^(?:niet|meer|geen)/.test(m) ? 'niet ' : 'not '))
    .replace(CLAUSE_BREAK, ' | ')
    .replace(/[^\p{L}\p{N}'|]+/gu, ' ')} `;
  const { negated, positive } = namedOptions(words, choices, step);
  if (negated.size) {
    const left = [...positive];
    if (left.length === 1) return { kind: 'confirm', value: left[0]! };
    if (left.length === 0) return { kind: 'narrow', excluded: [...negated] };
    return { kind: 'none' };
  }
  const value = matchChoice(text, choices, SYNONYMS[step], englishLabels(step));
  if (!value) return { kind: 'none' };
  if (step === 'impact' && value === 'single-user' && MORE_PEOPLE.test(plain))
    return { kind: 'confirm', value: 'multiple-users' };
  return { kind: 'sure', value };
}

/** "So not High. Which one is it then: 2) Normal, 3) Low?" */
export function narrowMessage(state: IntakeState, step: ChoiceStep, excluded: readonly string[]): string {
  const choices = choicesFor(step, state.language, state);
  const label = (v: string) => choices.find((c) => c.value === v)?.label ?? v;
  const options = choices
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !excluded.includes(c.value))
    .map(({ c, i }) => `${i + 1}) ${c.label}`)
    .join(', ');
  return t(state.language, 'intake.negatedChoice', { excluded: excluded.map(label).join(', '), options });
}
