import { t } from '../i18n/catalogue.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import { type ChoiceStep, narrowMessage, readChoiceAnswer } from './choice-answers.js';
import { matchChoice } from './choices.js';
import { choicesFor } from './intake-questions.js';
import type { IntakeState } from './intake-state.js';
import { choiceLabel } from './pending-checks.js';
import { choiceError } from './review-answers.js';
import { draftDecision, priorityReasonLabel } from './review-rows.js';
import type { StepResult } from './step-result.js';

function priorityNotes(state: IntakeState): string[] {
  const decision = draftDecision(state);
  if (!decision) return [];
  const notes = [
    t(state.language, 'intake.priorityDecided', {
      reason: priorityReasonLabel(state.language, decision.impact, decision.urgency),
      priority: decision.priority,
    }),
  ];
  if (decision.proposed)
    notes.push(t(state.language, 'intake.priorityProposed', { priority: decision.priority }));
  if (state.draft.security) notes.push(t(state.language, 'intake.securityPriority'));
  return notes;
}

/** Stores a chosen option and names it, so a choice read from free text is never silent. */
export function storeChoice(state: IntakeState, step: ChoiceStep, value: string, named: boolean): StepResult {
  const { draft, language } = state;
  if (step === 'security') draft.security = value === 'yes';
  else if (step === 'impact') draft.impact = value as Impact;
  else draft.urgency = value as Urgency;
  delete state.pending;
  const label = choiceLabel(state, { kind: 'choice', step, phrase: '', value });
  const field = t(language, `field.${step}`);
  const notes = named
    ? [
        t(language, 'intake.tookChoice', {
          field: field.charAt(0).toUpperCase() + field.slice(1),
          value: label,
        }),
      ]
    : [];
  return { kind: 'answered', fields: [step], notes: [...notes, ...priorityNotes(state)] };
}

/**
 * An answer to security, impact or urgency: a button or an exact option is taken;
 * free text is taken and named, or asked back when it said "and", "not" or "no idea".
 */
export function answerChoiceStep(
  state: IntakeState,
  step: ChoiceStep,
  text: string,
  fromButton: boolean,
): StepResult {
  if (fromButton) {
    const value = matchChoice(text, choicesFor(step, state.language, state));
    return value ? storeChoice(state, step, value, false) : choiceError(state);
  }
  const read = readChoiceAnswer(state, step, text);
  switch (read.kind) {
    case 'sure': {
      const typedNumber = /^\s*\d{1,2}\s*[).:]?\s*$/.test(text);
      return storeChoice(state, step, read.value, !typedNumber);
    }
    case 'confirm':
      state.pending = { kind: 'choice', step, phrase: text.trim(), value: read.value };
      return { kind: 'stay', notes: [] };
    case 'narrow':
      return { kind: 'stay', notes: [narrowMessage(state, step, read.excluded)] };
    case 'unsure': {
      const options = t(state.language, 'invalid.choice', {
        options: choicesFor(step, state.language, state)
          .map((c, i) => `${i + 1}) ${c.label}`)
          .join(', '),
      });
      return {
        kind: 'stay',
        notes: step === 'security' ? [t(state.language, 'intake.unsureSecurity'), options] : [options],
      };
    }
    case 'none':
      return choiceError(state);
  }
}
