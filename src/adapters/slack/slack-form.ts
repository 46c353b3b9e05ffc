import type { KnownBlock, View } from '@slack/types';
import { t } from '../../core/i18n/catalogue.js';
import type { Language } from '../../core/i18n/language.js';
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

/** The small modal behind "change priority" (new priority and reason) and "add information". */
export function ticketActionModal(verb: 'changePriority' | 'addInfo', ticketId: string, language: Language) {
  const blocks =
    verb === 'addInfo'
      ? [
          {
            type: 'input',
            block_id: 'info',
            label: { type: 'plain_text', text: t(language, 'input.information') },
            element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
          },
        ]
      : [
          {
            type: 'input',
            block_id: 'priority',
            label: { type: 'plain_text', text: t(language, 'input.newPriority') },
            element: {
              type: 'static_select',
              action_id: 'value',
              options: ['P1', 'P2', 'P3', 'P4'].map((p) => ({
                text: { type: 'plain_text', text: p },
                value: p,
              })),
            },
          },
          {
            type: 'input',
            block_id: 'reason',
            label: { type: 'plain_text', text: t(language, 'input.reason') },
            element: { type: 'plain_text_input', action_id: 'value', max_length: 500 },
          },
        ];
  return {
    type: 'modal' as const,
    callback_id: `ticket_${verb}`,
    private_metadata: ticketId,
    title: { type: 'plain_text' as const, text: t(language, `button.${verb}`).slice(0, 24) },
    submit: { type: 'plain_text' as const, text: t(language, 'button.ok') },
    blocks: blocks as never,
  };
}
