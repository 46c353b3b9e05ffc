import { t } from '../i18n/catalogue.js';
import { REVIEW_SYNONYMS } from './choice-synonyms.js';
import { matchChoice } from './choices.js';
import { choicesFor, editableFields } from './intake-questions.js';
import { activeFields, type EditableField, type IntakeState, type IntakeStep } from './intake-state.js';
import type { StepResult } from './step-result.js';

function englishLabels(step: IntakeStep, state: IntakeState): Record<string, string> {
  return Object.fromEntries(choicesFor(step, 'en', state).map((c) => [c.value, c.label]));
}

export function choiceError(state: IntakeState): StepResult {
  const options = choicesFor(state.step, state.language, state)
    .map((c, i) => `${i + 1}) ${c.label}`)
    .join(', ');
  return { kind: 'invalid', message: t(state.language, 'invalid.choice', { options }) };
}

/** The field a name means ("title", "titel", "urgency"), if it is one that can be edited. */
export function editableField(state: IntakeState, name: string): EditableField | null {
  // A partner's company is its customer's: changing it means picking another customer.
  if (state.partner && /^(company|bedrijf|customer|klant)$/i.test(name.trim())) return 'customer';
  const field = matchChoice(
    name,
    choicesFor('editWhich', state.language, state),
    {},
    englishLabels('editWhich', state),
  );
  return field && (editableFields(state) as readonly string[]).includes(field)
    ? (field as EditableField)
    : null;
}

export function answerReview(state: IntakeState, text: string): StepResult {
  const choice = matchChoice(
    text,
    choicesFor('review', state.language),
    REVIEW_SYNONYMS,
    englishLabels('review', state),
  );
  if (choice === 'submit') {
    const missing = activeFields(state).find((f) => !state.done.includes(f));
    if (missing) return { kind: 'goto', step: missing, returnToReview: true };
    return { kind: 'submit' };
  }
  if (choice === 'edit') return { kind: 'goto', step: 'editWhich', returnToReview: true };
  if (choice === 'cancel') return { kind: 'cancel' };
  return choiceError(state);
}

export function answerEditWhich(state: IntakeState, text: string): StepResult {
  const field = editableField(state, text);
  if (!field) return choiceError(state);
  return { kind: 'goto', step: field, returnToReview: true };
}
