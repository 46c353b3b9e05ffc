import { t } from '../i18n/catalogue.js';
import type { Language } from '../i18n/language.js';
import {
  IMPACT_DEFINITIONS,
  PRIORITY_EXAMPLES,
  SEED001_URGENCY_DEFINITIONS,
  URGENCY_DEFINITIONS,
} from '../priority/priority-definitions.js';
import { IMPACTS, URGENCIES } from '../priority/priority-matrix.js';
import { PRIORITIES } from '../sla/priority.js';
import type { PriorityModel } from '../sla/sla-policy.js';
import type { Choice } from './choices.js';
import {
  activeFields,
  type EditableField,
  INTAKE_FIELDS,
  type IntakeState,
  type IntakeStep,
  needsReason,
  OPTIONAL_FIELDS,
  priorityModelOf,
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

/** Urgency options; under the `urgency` model with seed 001's definitions (High / Middle / Low). */
export function urgencyChoices(language: Language, model: PriorityModel = 'matrix'): Choice[] {
  const definitions = model === 'urgency' ? SEED001_URGENCY_DEFINITIONS : URGENCY_DEFINITIONS;
  return URGENCIES.map((u) => ({
    value: u,
    label: definitions[u].label[language],
    help: definitions[u].help[language],
  }));
}

/** A partner intake's customer question: that partner's customers only, by id. */
export function customerChoices(state: Pick<IntakeState, 'partner'>): Choice[] {
  return (state.partner?.customers ?? []).map((c) => ({ value: c.id, label: c.company }));
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

const FIRST_FIELDS: readonly EditableField[] = [
  'customer',
  'partnerReference',
  'company',
  'environments',
  'usernames',
  'startedAt',
  'description',
  'title',
];

/** Fields the review can change: those this intake asks, and the title (a partner's company follows its customer). */
export function editableFields(state?: IntakeState): EditableField[] {
  const asked: EditableField[] = state
    ? activeFields(state)
    : INTAKE_FIELDS.filter((f) => f !== 'customer' && f !== 'partnerReference');
  const fields = [
    ...FIRST_FIELDS.filter((f) => f === 'title' || asked.includes(f)),
    ...asked.filter((f) => !FIRST_FIELDS.includes(f)),
  ];
  return state?.partner ? fields.filter((f) => f !== 'company') : fields;
}

export function editChoices(language: Language, state?: IntakeState): Choice[] {
  return editableFields(state).map((f) => ({ value: f, label: capitalise(t(language, `field.${f}`)) }));
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

/** The choices a step offers, if it is a choice question (the state tells a partner's customers and the model). */
export function choicesFor(step: IntakeStep, language: Language, state?: IntakeState): Choice[] {
  switch (step) {
    case 'customer':
      return state ? customerChoices(state) : [];
    case 'security':
      return yesNoChoices(language);
    case 'impact':
      return impactChoices(language);
    case 'urgency':
      return urgencyChoices(language, state ? priorityModelOf(state) : 'matrix');
    case 'review':
      return reviewChoices(language);
    case 'editWhich':
      return editChoices(language, state);
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
  // A partner's error messages, logs/screenshots and steps are asked as required: skipping needs a reason.
  const withReason = needsReason(state, step);
  const optional = (OPTIONAL_FIELDS as readonly IntakeStep[]).includes(step) && !withReason;
  const choices = choicesFor(step, language, state);
  let help: string[] = [];
  if (step === 'security') help = [t(language, 'help.security')];
  const text = questionText(state);
  if (step === 'impact' || step === 'urgency') help = [];
  return {
    type: 'question',
    step,
    text,
    help,
    choices,
    optional,
    acceptsFiles: step === 'attachments' || optional || withReason,
    hint: withReason
      ? t(language, 'intake.reasonHint')
      : optional
        ? t(language, 'intake.optionalHint')
        : choices.length
          ? t(language, 'intake.choiceHint')
          : null,
  };
}

/** "in the form RX-[0-9]+": a partner's reference pattern without its anchors. */
export function referenceForm(pattern: string): string {
  return pattern.replace(/^\^/, '').replace(/\$$/, '');
}

function questionText(state: IntakeState): string {
  const { step, language } = state;
  switch (step) {
    case 'editWhich':
      return t(language, 'ask.editWhich');
    case 'startedAt':
      return t(language, 'ask.startedAt', { zone: state.timeZone });
    case 'customer':
      return t(language, 'ask.customer', { partner: state.partner?.name ?? '' });
    case 'partnerReference': {
      const pattern = state.partner?.referencePattern;
      const form = pattern
        ? t(language, 'ask.partnerReferenceForm', { pattern: referenceForm(pattern) })
        : '';
      return t(language, 'ask.partnerReference', { partner: state.partner?.name ?? '', form });
    }
    default:
      return t(language, `ask.${step}`);
  }
}
