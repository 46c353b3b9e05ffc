import type { Language } from '../i18n/language.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import type { PriorityModel } from '../sla/sla-policy.js';
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
  // Partner intakes only (seed 001): the customer picked from the partner's list, and its reference.
  'customer',
  'partnerReference',
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

/** The questions answered by picking an option (buttons, numbers or their words). */
const CHOICE_STEPS: readonly string[] = ['security', 'impact', 'urgency'];

export function isChoiceStep(step: string): boolean {
  return CHOICE_STEPS.includes(step);
}

export const OPTIONAL_FIELDS: readonly IntakeField[] = [
  'stepsToReproduce',
  'errorMessages',
  'attachments',
  'additionalInfo',
];

/** Seed 001: what a partner helpdesk must give; skipping one needs a reason. */
export const REASON_FIELDS: readonly IntakeField[] = ['stepsToReproduce', 'errorMessages', 'attachments'];

/**
 * The partner whose named contact reports (seed 001): the intake asks which of its
 * customers the ticket is for and the partner's reference number.
 */
export interface IntakePartner {
  readonly id: string;
  readonly name: string;
  /** Its customers, with the priority model of each one's effective policy. */
  readonly customers: ReadonlyArray<{
    readonly id: string;
    readonly company: string;
    readonly priorityModel?: PriorityModel;
  }>;
  /** A regular expression the reference must match; null: any non-empty reference. */
  readonly referencePattern: string | null;
}

export interface IntakeDraft {
  /** Partner intakes: the chosen customer's id (its company fills `company`). */
  customer?: string;
  partnerReference?: string;
  /** Partner intakes: why no screenshots or log files were sent. */
  attachmentsSkipped?: string;
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
      readonly command: 'cancel' | 'submit' | 'restart';
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
  /** Set when a partner's named contact reports; absent for everyone else. */
  readonly partner?: IntakePartner;
  /** How the priority is decided (absent: `matrix`); a partner's customer choice sets it. */
  priorityModel?: PriorityModel;
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

/** The first question of an intake: a partner's contact picks the customer first. */
export function firstStep(state: Pick<IntakeState, 'partner'>): IntakeStep {
  return state.partner ? 'customer' : 'company';
}

/** The same intake begun again: who reports, where and in which language stay; every answer goes. */
export function restarted(state: IntakeState): IntakeState {
  const { pending: _pending, joinOffer: _joinOffer, ...kept } = state;
  return {
    ...kept,
    step: firstStep(state),
    history: [],
    done: [],
    returnToReview: false,
    draft: { attachments: [] },
  };
}

/** Records a field as answered (or skipped). */
export function markDone(state: IntakeState, field: IntakeField): void {
  if (!state.done.includes(field)) state.done.push(field);
}

/** The model the intake decides the priority with. */
export function priorityModelOf(state: Pick<IntakeState, 'priorityModel'>): PriorityModel {
  return state.priorityModel ?? 'matrix';
}

/** The fields this intake asks: partner fields for partners, no impact under the `urgency` model. */
export function activeFields(state: IntakeState): IntakeField[] {
  return INTAKE_FIELDS.filter((f) => {
    if (f === 'customer' || f === 'partnerReference') return state.partner !== undefined;
    if (f === 'impact') return priorityModelOf(state) !== 'urgency';
    return true;
  });
}

/** Optional fields that "skip" or "submit" may leave empty (a partner needs a reason for some). */
export function skippableFields(state: IntakeState): IntakeField[] {
  return OPTIONAL_FIELDS.filter((f) => !needsReason(state, f));
}

/** Fields that must be answered before the review. */
export function requiredFields(state: IntakeState): IntakeField[] {
  const skippable = skippableFields(state);
  return activeFields(state).filter((f) => !skippable.includes(f));
}

/** Whether skipping this step needs a reason (partner intakes, seed 001). */
export function needsReason(state: IntakeState, step: IntakeStep): boolean {
  return state.partner !== undefined && (REASON_FIELDS as readonly IntakeStep[]).includes(step);
}
