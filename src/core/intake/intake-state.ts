import type { Language } from '../i18n/language.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import type { TicketSubmission } from '../tickets/ticket.js';
import type { DayPart } from './clock-time.js';

/** Who reports: the chat user, on the platform they use. */
export interface Requester {
  readonly platform: 'teams' | 'slack' | 'terminal';
  readonly id: string;
  readonly name: string;
}

/** A file the user sent (screenshot, log): recorded, never inlined. */
export interface Attachment {
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  /** Where to fetch it: a platform file id, a download URL or a local path. */
  readonly ref: string;
}

export const INTAKE_FIELDS = [
  'company',
  'environments',
  'usernames',
  'startedAt',
  'description',
  'security',
  'impact',
  'urgency',
  'stepsToReproduce',
  'errorMessages',
  'attachments',
  'additionalInfo',
] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];
/** Fields that can be changed from the review: the intake fields plus the derived title. */
export type EditableField = IntakeField | 'title';
export type IntakeStep = IntakeField | 'title' | 'review' | 'editWhich';

export const OPTIONAL_FIELDS: readonly IntakeField[] = [
  'stepsToReproduce',
  'errorMessages',
  'attachments',
  'additionalInfo',
];

export interface IntakeDraft {
  company?: string;
  environments?: string[];
  usernames?: string[];
  /** Epoch milliseconds. */
  startedAt?: number;
  description?: string;
  title?: string;
  /** True once the user typed a title; otherwise it follows the description. */
  titleEdited?: boolean;
  security?: boolean;
  impact?: Impact;
  urgency?: Urgency;
  stepsToReproduce?: string | null;
  errorMessages?: string | null;
  additionalInfo?: string | null;
  attachments: Attachment[];
}

/**
 * A short question back before something is stored: which of two hours, what time
 * on a day, or whether a choice read from free text is the one meant. It is asked
 * when the intake reaches its step.
 */
export type PendingCheck =
  | {
      readonly kind: 'hour';
      readonly step: 'startedAt';
      readonly phrase: string;
      readonly options: readonly [number, number];
    }
  | { readonly kind: 'time'; readonly step: 'startedAt'; readonly phrase: string; readonly part?: DayPart }
  | {
      /** "stop" typed at an optional question: cancel the ticket, or is it the answer? */
      readonly kind: 'command';
      readonly step: 'title' | 'stepsToReproduce' | 'errorMessages' | 'additionalInfo';
      readonly command: 'cancel' | 'submit';
      readonly phrase: string;
    }
  | {
      readonly kind: 'choice';
      readonly step: 'impact' | 'urgency' | 'security';
      readonly phrase: string;
      readonly value: string;
    };

/** An unfinished intake, stored between turns (JSON-serialisable). */
export interface IntakeState {
  readonly schema: 1;
  readonly intakeId: string;
  readonly conversationKey: string;
  readonly requester: Requester;
  language: Language;
  timeZone: string;
  step: IntakeStep;
  /** Steps answered, in order, for "back". */
  history: IntakeStep[];
  /** Fields answered or skipped. */
  done: IntakeField[];
  /** After an edit from the review, go back to the review. */
  returnToReview: boolean;
  draft: IntakeDraft;
  /** A question back about something typed earlier, asked at its step. */
  pending?: PendingCheck;
  /**
   * The report was confirmed while an open P1 incident covers its environment: the user
   * is asked to join that incident instead of opening a duplicate (kept until they answer).
   */
  joinOffer?: { readonly ticketId: string; readonly submission: TicketSubmission };
  readonly createdAt: number;
  updatedAt: number;
}

/** Records a field as answered (or skipped). */
export function markDone(state: IntakeState, field: IntakeField): void {
  if (!state.done.includes(field)) state.done.push(field);
}
