import type { KnownBlock, View } from '@slack/types';
import { type MessageKey, t } from '../../core/i18n/catalogue.js';
import type { Language } from '../../core/i18n/language.js';
import { INCIDENT_ROLES } from '../../core/incidents/incident.js';
import { impactChoices, urgencyChoices, yesNoChoices } from '../../core/intake/intake-questions.js';
import type { FormField, TicketFormInput } from '../../core/intake/ticket-form.js';
import { clip } from './slack-text.js';

export const TICKET_FORM_CALLBACK = 'ticket_form';

const label = (language: Language, field: string) => {
  const text = t(language, `field.${field}` as Parameters<typeof t>[1]);
  return clip(text.charAt(0).toUpperCase() + text.slice(1), 150);
};

function textInput(
  field: FormField,
  language: Language,
  options: { multiline?: boolean; optional?: boolean; hint?: string } = {},
): KnownBlock {
  return {
    type: 'input',
    block_id: field,
    optional: options.optional ?? false,
    label: { type: 'plain_text', text: label(language, field) },
    ...(options.hint ? { hint: { type: 'plain_text', text: clip(options.hint, 2000) } } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      max_length: 3000,
    },
  } as KnownBlock;
}

function selectInput(
  field: FormField,
  language: Language,
  choices: Array<{ value: string; label: string; help?: string }>,
): KnownBlock {
  return {
    type: 'input',
    block_id: field,
    label: { type: 'plain_text', text: label(language, field) },
    element: {
      type: 'static_select',
      action_id: 'value',
      options: choices.map((c) => ({
        text: { type: 'plain_text', text: clip(c.label, 75) },
        value: c.value,
        ...(c.help ? { description: { type: 'plain_text', text: clip(c.help, 75) } } : {}),
      })),
    },
  } as KnownBlock;
}

/** The whole report as a modal: the same fields, choices and validation as the conversation. */
export function ticketFormView(language: Language, timeZone: string): View {
  return {
    type: 'modal',
    callback_id: TICKET_FORM_CALLBACK,
    private_metadata: JSON.stringify({ language, timeZone }),
    title: { type: 'plain_text', text: t(language, 'form.title') },
    submit: { type: 'plain_text', text: t(language, 'choice.submit') },
    close: { type: 'plain_text', text: t(language, 'choice.cancel') },
    blocks: [
      textInput('company', language),
      textInput('environments', language, { hint: 'https://acme.workspace365.net' }),
      textInput('usernames', language),
      textInput('startedAt', language, { hint: t(language, 'ask.startedAt', { zone: timeZone }) }),
      textInput('description', language, { multiline: true, hint: t(language, 'ask.description') }),
      selectInput('security', language, yesNoChoices(language)),
      selectInput('impact', language, impactChoices(language)),
      selectInput('urgency', language, urgencyChoices(language)),
      textInput('stepsToReproduce', language, { multiline: true, optional: true }),
      textInput('errorMessages', language, { multiline: true, optional: true }),
      textInput('additionalInfo', language, { multiline: true, optional: true }),
    ],
  };
}

type ViewState = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

/** Reads the submitted modal's state into the form input. */
export function formInputFromView(state: ViewState): TicketFormInput {
  const value = (field: FormField) => {
    const element = state[field]?.value;
    return element?.selected_option?.value ?? element?.value ?? '';
  };
  return {
    company: value('company'),
    environments: value('environments'),
    usernames: value('usernames'),
    startedAt: value('startedAt'),
    description: value('description'),
    security: value('security'),
    impact: value('impact'),
    urgency: value('urgency'),
    stepsToReproduce: value('stepsToReproduce'),
    errorMessages: value('errorMessages'),
    additionalInfo: value('additionalInfo'),
  };
}

/** The card actions that need input first, and the inputs each asks for (named as actionFromInputs reads them). */
const MODAL_INPUTS = {
  respond: [
    { name: 'responseText', label: 'input.responseText', multiline: true, optional: false },
    { name: 'expected', label: 'input.expectedResolution', multiline: false, optional: true },
  ],
  pause: [{ name: 'pauseReason', label: 'input.pauseReason', multiline: false, optional: false }],
  resolve: [{ name: 'resolutionText', label: 'input.resolutionText', multiline: true, optional: true }],
  changePriority: [
    { name: 'priority', label: 'input.newPriority', multiline: false, optional: false },
    { name: 'reason', label: 'input.reason', multiline: false, optional: false },
  ],
  addInfo: [{ name: 'info', label: 'input.information', multiline: true, optional: false }],
  downgradeIncident: [
    { name: 'downgradePriority', label: 'input.newPriority', multiline: false, optional: false },
    { name: 'downgradeReason', label: 'input.reason', multiline: false, optional: false },
  ],
  incompleteIncident: [{ name: 'missingText', label: 'input.missingText', multiline: true, optional: false }],
  statusUpdate: [{ name: 'updateText', label: 'input.updateText', multiline: true, optional: false }],
  assignRole: [
    { name: 'role', label: 'input.role', multiline: false, optional: false },
    { name: 'person', label: 'input.person', multiline: false, optional: false },
  ],
  askInfo: [{ name: 'question', label: 'input.question', multiline: true, optional: false }],
  note: [{ name: 'noteText', label: 'input.noteText', multiline: true, optional: false }],
  logTime: [
    { name: 'minutes', label: 'input.minutes', multiline: false, optional: false },
    { name: 'logText', label: 'input.logText', multiline: false, optional: true },
  ],
  escalate: [{ name: 'escalationReason', label: 'input.escalationReason', multiline: true, optional: false }],
} as const satisfies Record<
  string,
  ReadonlyArray<{ name: string; label: MessageKey; multiline: boolean; optional: boolean }>
>;

export type ModalVerb = keyof typeof MODAL_INPUTS;
export const MODAL_VERBS = Object.keys(MODAL_INPUTS) as ModalVerb[];

export function isModalVerb(verb: string): verb is ModalVerb {
  return verb in MODAL_INPUTS;
}

function staticSelect(options: ReadonlyArray<{ text: string; value: string }>) {
  return {
    type: 'static_select',
    action_id: 'value',
    options: options.map((o) => ({ text: { type: 'plain_text', text: clip(o.text, 75) }, value: o.value })),
  };
}

/**
 * A modal input's element: the values actionFromInputs accepts exactly are picked, not
 * typed (a priority, a downgrade to P2-P4, an incident role, a Slack user).
 */
function modalElement(input: { name: string; multiline: boolean }, language: Language) {
  const priorities = (list: readonly string[]) => staticSelect(list.map((p) => ({ text: p, value: p })));
  if (input.name === 'priority') return priorities(['P1', 'P2', 'P3', 'P4']);
  if (input.name === 'downgradePriority') return priorities(['P2', 'P3', 'P4']);
  if (input.name === 'role')
    return staticSelect(INCIDENT_ROLES.map((r) => ({ text: t(language, `role.${r}`), value: r })));
  if (input.name === 'person') return { type: 'users_select', action_id: 'value' };
  return {
    type: 'plain_text_input',
    action_id: 'value',
    multiline: input.multiline,
    max_length: input.multiline ? 3000 : 500,
  };
}

/** A modal asking for an action's inputs; its submission carries them back by block id. */
export function ticketActionModal(verb: ModalVerb, ticketId: string, language: Language) {
  const blocks = MODAL_INPUTS[verb].map((input) => ({
    type: 'input',
    block_id: input.name,
    optional: input.optional,
    label: { type: 'plain_text', text: t(language, input.label).slice(0, 2000) },
    element: modalElement(input, language),
  }));
  return {
    type: 'modal' as const,
    callback_id: `ticket_${verb}`,
    private_metadata: ticketId,
    title: { type: 'plain_text' as const, text: t(language, `button.${verb}`).slice(0, 24) },
    submit: { type: 'plain_text' as const, text: t(language, 'button.ok') },
    blocks: blocks as never,
  };
}

/** The inputs of a submitted action modal, by name. */
export function modalInputs(values: unknown): Record<string, string> {
  const inputs: Record<string, string> = {};
  if (!values || typeof values !== 'object') return inputs;
  for (const [block, fields] of Object.entries(values as Record<string, unknown>)) {
    const field = (
      fields as Record<
        string,
        { value?: unknown; selected_option?: { value?: unknown } | null; selected_user?: unknown }
      > | null
    )?.value;
    const value = field?.selected_option?.value ?? field?.selected_user ?? field?.value;
    if (typeof value === 'string') inputs[block] = value;
  }
  return inputs;
}
