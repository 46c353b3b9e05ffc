import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import {
  IMPACT_DEFINITIONS,
  PRIORITY_EXAMPLES,
  URGENCY_DEFINITIONS,
} from '../priority/priority-definitions.js';
import { IMPACTS, URGENCIES } from '../priority/priority-matrix.js';
import { PRIORITIES } from '../sla/priority.js';
import type { Choice } from './choices.js';
import {
  type EditableField,
  INTAKE_FIELDS,
  type IntakeState,
  type IntakeStep,
  OPTIONAL_FIELDS,
} from './intake-state.js';
import { pendingQuestion } from './pending-checks.js';
import type { ReplyPart } from './reply.js';
import { reviewRows } from './review-rows.js';

export function impactChoices(language: Language): Choice[] {
  return IMPACTS.map((i) => ({
    value: i,
    label: IMPACT_DEFINITIONS[i].label[language],
    help: IMPACT_DEFINITIONS[i].help[language],
  }));
}

export function urgencyChoices(language: Language): Choice[] {
  return URGENCIES.map((u) => ({
    value: u,
    label: URGENCY_DEFINITIONS[u].label[language],
    help: URGENCY_DEFINITIONS[u].help[language],
  }));
}

export function yesNoChoices(language: Language): Choice[] {
  return [
    { value: 'yes', label: t(language, 'choice.yes') },
    { value: 'no', label: t(language, 'choice.no') },
  ];
}

export function reviewChoices(language: Language): Choice[] {
  return [
    { value: 'submit', label: t(language, 'choice.submit') },
    { value: 'edit', label: t(language, 'choice.edit') },
    { value: 'cancel', label: t(language, 'choice.cancel') },
  ];
}

export const EDITABLE_FIELDS: readonly EditableField[] = [
  'company',
  'environments',
  'usernames',
  'startedAt',
  'description',
  'title',
  ...INTAKE_FIELDS.filter(
    (f) => !['company', 'environments', 'usernames', 'startedAt', 'description'].includes(f),
  ),
];

export function editChoices(language: Language): Choice[] {
  return EDITABLE_FIELDS.map((f) => ({ value: f, label: capitalise(t(language, `field.${f}`)) }));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Seed 003's examples per priority, shown as help with impact and urgency. */
export function priorityExamples(language: Language): string[] {
  return PRIORITIES.map((p) =>
    t(language, 'help.priorityExamples', {
      priority: p,
      title: PRIORITY_EXAMPLES[p].title[language],
      examples: PRIORITY_EXAMPLES[p].examples.map((e) => e[language]).join('; '),
    }),
  );
}

/** The choices a step offers, if it is a choice question. */
export function choicesFor(step: IntakeStep, language: Language): Choice[] {
  switch (step) {
    case 'security':
      return yesNoChoices(language);
    case 'impact':
      return impactChoices(language);
    case 'urgency':
      return urgencyChoices(language);
    case 'review':
      return reviewChoices(language);
    case 'editWhich':
      return editChoices(language);
    default:
      return [];
  }
}

/** The message that asks for the current step. */
export function questionFor(state: IntakeState): ReplyPart {
  const { step, language } = state;
  if (state.pending && state.pending.step === step) return pendingQuestion(state, state.pending);
  if (step === 'review') {
    return {
      type: 'review',
      text: t(language, 'ask.review'),
      rows: reviewRows(state),
      choices: reviewChoices(language),
    };
  }
  const optional = (OPTIONAL_FIELDS as readonly IntakeStep[]).includes(step);
  const choices = choicesFor(step, language);
  let help: string[] = [];
  if (step === 'security') help = [t(language, 'help.security')];
  const text =
    step === 'editWhich'
      ? t(language, 'ask.editWhich')
      : step === 'startedAt'
        ? t(language, 'ask.startedAt', { zone: state.timeZone })
        : t(language, `ask.${step}`);
  if (step === 'impact' || step === 'urgency') help = [];
  return {
    type: 'question',
    step,
    text,
    help,
    choices,
    optional,
    acceptsFiles: step === 'attachments' || optional,
    hint: optional
      ? t(language, 'intake.optionalHint')
      : choices.length
        ? t(language, 'intake.choiceHint')
        : null,
  };
}
