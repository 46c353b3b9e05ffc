import type { Ticket } from '../tickets/ticket.js';
import type { Choice } from './choices.js';
import type { EditableField, IntakeStep } from './intake-state.js';

export interface ReviewRow {
  readonly field: EditableField | 'priority';
  readonly label: string;
  readonly value: string;
}

/**
 * What the bot says, platform-neutral: Teams, Slack and the terminal each render
 * these parts their own way. All text is already in the conversation's language.
 */
export type ReplyPart =
  | { readonly type: 'text'; readonly text: string; readonly tone: 'info' | 'warning' | 'success' }
  | {
      readonly type: 'question';
      readonly step: IntakeStep;
      readonly text: string;
      readonly help: readonly string[];
      readonly choices: readonly Choice[];
      readonly optional: boolean;
      readonly acceptsFiles: boolean;
      readonly hint: string | null;
    }
  | {
      readonly type: 'review';
      readonly text: string;
      readonly rows: readonly ReviewRow[];
      readonly choices: readonly Choice[];
    }
  | { readonly type: 'ticket'; readonly ticket: Ticket };

export type ChoicePart = Extract<ReplyPart, { type: 'question' | 'review' }>;

/** One chat message to send: a run of plain text lines, or a question with choices. */
export type ChatMessagePlan =
  | { readonly kind: 'text'; readonly lines: string[] }
  | { readonly kind: 'choices'; readonly part: ChoicePart };

/**
 * Groups a reply into chat messages the way every chat renders it: consecutive text
 * (and free-text questions) in one message, each choice question or review on its own
 * message. Ticket parts are left out: the bots post those themselves.
 */
export function planChatMessages(parts: readonly ReplyPart[]): ChatMessagePlan[] {
  const plan: ChatMessagePlan[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length) plan.push({ kind: 'text', lines });
    lines = [];
  };
  for (const part of parts) {
    if (part.type === 'text') lines.push(part.text);
    else if (part.type === 'question' && part.choices.length === 0) {
      lines.push([part.text, ...part.help, ...(part.hint ? [part.hint] : [])].join('\n'));
    } else if (part.type === 'question' || part.type === 'review') {
      flush();
      plan.push({ kind: 'choices', part });
    }
  }
  flush();
  return plan;
}
