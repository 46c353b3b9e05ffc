import type { KnownBlock } from '@slack/types';
import { buildTicketCard } from '../../core/cards/ticket-card.js';
import { t } from '../../core/i18n/catalogue.js';
import type { Language } from '../../core/i18n/language.js';
import type { Choice } from '../../core/intake/choices.js';
import { planChatMessages, type ReplyPart } from '../../core/intake/reply.js';
import type { SlaPolicy } from '../../core/sla/sla-policy.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { ActionKind } from '../../core/tickets/ticket-permissions.js';
import { clip, slackEscape, slackText } from './slack-text.js';

// Slack's limits (Block Kit reference): what every builder here stays within.
export const LIMITS = {
  blocks: 50,
  text: 3000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  field: 2000,
  fields: 10,
  optionText: 75,
  actionsElements: 25,
  fallback: 3000,
} as const;

const MAX_BUTTONS = 5;

export interface SlackMessage {
  readonly text: string;
  readonly blocks?: KnownBlock[];
  readonly attachments?: Array<{ color: string; blocks: KnownBlock[]; fallback: string }>;
}

function mrkdwn(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.text) } };
}

function choiceElements(step: string, choices: readonly Choice[]) {
  if (choices.length > MAX_BUTTONS) {
    return [
      {
        type: 'static_select' as const,
        action_id: 'intake_select',
        placeholder: { type: 'plain_text' as const, text: '…' },
        options: choices.map((c) => ({
          text: { type: 'plain_text' as const, text: clip(c.label, LIMITS.optionText) },
          value: JSON.stringify({ step, choice: c.value }),
        })),
      },
    ];
  }
  return choices.map((c, i) => ({
    type: 'button' as const,
    action_id: `intake_choice_${i}`,
    text: { type: 'plain_text' as const, text: clip(c.label, LIMITS.buttonText) },
    value: JSON.stringify({ step, choice: c.value }),
  }));
}

/**
 * The bot's turn as Slack messages: text parts merge into one message, each choice
 * question and the review get their own message with buttons. All text is escaped.
 */
export function replyMessages(parts: readonly ReplyPart[]): SlackMessage[] {
  return planChatMessages(parts).map((message) => {
    if (message.kind === 'text') {
      const text = message.lines.map(slackEscape).join('\n');
      return { text: clip(text, LIMITS.fallback), blocks: [mrkdwn(text)] };
    }
    const { part } = message;
    const blocks: KnownBlock[] = [mrkdwn(`*${slackEscape(part.text)}*`)];
    if (part.type === 'review') {
      const fields = part.rows.map((r) => ({
        type: 'mrkdwn' as const,
        text: `*${slackText(r.label, 100)}*\n${slackText(r.value, LIMITS.field - 120)}`,
      }));
      for (let i = 0; i < fields.length; i += LIMITS.fields) {
        blocks.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fields) });
      }
    } else {
      for (const help of part.help)
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackText(help, 2000) }] });
      for (const c of part.choices.filter((c) => c.help)) {
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: slackText(`${c.label}: ${c.help}`, 2000) }],
        });
      }
    }
    const step = part.type === 'review' ? 'review' : part.step;
    blocks.push({
      type: 'actions',
      block_id: `intake:${step}`,
      elements: choiceElements(step, part.choices),
    });
    return { text: slackText(part.text, LIMITS.fallback), blocks: blocks.slice(0, LIMITS.blocks) };
  });
}

/** A Slack date token: every reader sees it in their own time zone. */
function slackDate(at: number, fallback: string): string {
  return `<!date^${Math.floor(at / 1000)}^{date_short_pretty} {time}|${slackEscape(fallback)}>`;
}

/**
 * The ticket card in Block Kit, from the same card model as the Teams card: priority
 * as text, emoji and colour bar; deadlines as Slack dates (the reader's zone) with
 * countdowns; buttons for the actions.
 */
export function ticketCardMessage(
  ticket: Ticket,
  view: {
    timeZone: string;
    now: number;
    notice?: string;
    policy: SlaPolicy | undefined;
    /** The buttons, from the core's permissions; each press is checked again. */
    actions: readonly ActionKind[];
  },
): SlackMessage {
  const language: Language = ticket.language;
  const card = buildTicketCard(ticket, {
    language,
    timeZone: view.timeZone,
    now: view.now,
    policy: view.policy,
  });
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: clip(`${card.style.emoji} ${card.id}: ${card.title}`, LIMITS.header),
      },
    },
    mrkdwn(`*${slackEscape(card.priorityText)}*`),
    {
      type: 'section',
      fields: card.facts.slice(0, LIMITS.fields).map((f) => ({
        type: 'mrkdwn' as const,
        text: `*${slackText(f.label, 100)}*\n${slackText(f.value || '-', LIMITS.field - 120)}`,
      })),
    },
  ];
  const deadlineLines = card.deadlines.map((d) => {
    const due = ticket[d.kind].dueAt;
    const when = due === null || d.state === 'met' ? '' : `${slackDate(due, d.dueAt ?? '')}, `;
    const text = `*${slackEscape(d.label)}:* ${when}${slackEscape(d.countdown)}`;
    return d.state === 'breached' ? `:rotating_light: ${text}` : text;
  });
  blocks.push(mrkdwn(deadlineLines.join('\n')));
  if (view.notice)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackText(view.notice, 2000) }] });
  const buttons = view.actions;
  if (buttons.length) {
    blocks.push({
      type: 'actions',
      block_id: `ticket:${ticket.id}`,
      elements: buttons.map((b) => ({
        type: 'button' as const,
        action_id: `ticket_${b}`,
        text: { type: 'plain_text' as const, text: clip(t(language, `button.${b}`), LIMITS.buttonText) },
        value: ticket.id,
        ...(b === 'resolve'
          ? { style: 'primary' as const }
          : b === 'cancel'
            ? { style: 'danger' as const }
            : {}),
      })),
    });
  }
  const fallback = slackText(
    `${card.style.emoji} ${card.id} ${card.priority}: ${card.title}`,
    LIMITS.fallback,
  );
  return {
    text: fallback,
    attachments: [{ color: card.style.colour, blocks: blocks.slice(0, LIMITS.blocks), fallback }],
  };
}
