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
