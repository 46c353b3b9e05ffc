import type { Language } from '../i18n/language.js';
import type { Incident } from '../incidents/incident.js';
import type { Attachment, Requester } from '../intake/intake-state.js';
import type { Impact, Urgency } from '../priority/priority-matrix.js';
import type { Priority } from '../sla/priority.js';

export const TICKET_STATUSES = ['open', 'acknowledged', 'paused', 'resolved', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What a completed intake hands over to become a ticket. */
export interface TicketSubmission {
  readonly intakeId: string;
  readonly title: string;
  readonly company: string;
  readonly environments: readonly string[];
  readonly usernames: readonly string[];
  readonly startedAt: number;
  readonly description: string;
  readonly stepsToReproduce: string | null;
  readonly errorMessages: string | null;
  readonly additionalInfo: string | null;
  readonly attachments: readonly Attachment[];
  readonly security: boolean;
  /** Null under the `urgency` priority model (seed 001), which asks urgency alone. */
  readonly impact: Impact | null;
  readonly urgency: Urgency;
  readonly priority: Priority;
  readonly priorityReason: string;
  /**
   * The `agent` priority model (seed 004): the bot only proposed the priority; an agent
   * confirms or changes it. The clock runs on the proposed priority meanwhile.
   */
  readonly priorityProposed?: boolean;
  readonly language: Language;
  readonly requester: Requester;
  /** A partner intake: the customer (TENANTS_FILE id) the partner picked, and the partner's reference. */
  readonly customer?: string | null;
  readonly partnerReference?: string | null;
}

/** A stored ticket. Instants are epoch milliseconds; they are formatted in the policy's zone on output. */
export interface Ticket extends Omit<TicketSubmission, 'intakeId'> {
  readonly id: string;
  readonly status: TicketStatus;
  readonly policy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly response: { readonly dueAt: number | null };
  readonly resolution: { readonly dueAt: number | null };
  /** Optimistic-concurrency version: starts at 1, +1 on every stored change. */
  readonly version: number;
  /** The key that made creation idempotent (the intake or inbound message). */
  readonly idempotencyKey: string;
  /** First substantive agent response (Respond: a suggested solution and a timeline); taking a ticket is not one. */
  readonly respondedAt: number | null;
  readonly resolvedAt: number | null;
  /** Waiting on the requester: the resolution clock stops. */
  readonly pauses: ReadonlyArray<{ readonly from: number; readonly to: number | null }>;
  /** The agent who took the ticket (acknowledge or respond). Absent on tickets stored before it existed. */
  readonly assignee?: TicketPerson | null;
  /** A P1 marked "hotfix required": its resolution target is suspended from this instant. */
  readonly hotfixSince?: number | null;
  /** The resolution time the responding agent expects, told to the requester. */
  readonly expectedResolutionAt?: number | null;
  readonly closedAt?: number | null;
  /**
   * Where the requester reported it, to tell them about changes (a Teams conversation
   * reference or a Slack channel), as the platform adapter described it.
   */
  readonly requesterAddress?: Readonly<Record<string, unknown>> | null;
  /**
   * The customer (TENANTS_FILE id) the ticket is for: null when TENANTS_FILE names no
   * customer for it ("unknown customer"), absent when no tenants file is in use.
   */
  readonly customer?: string | null;
  /** The partner whose contact raised it, and the partner's own reference number. */
  readonly partner?: string | null;
  readonly partnerReference?: string | null;
  /**
   * Paused by an agent's question to the requester (askInfo) since this instant: the
   * requester's next addInfo resumes the ticket. Absent or null otherwise.
   */
  readonly awaitingInfoSince?: number | null;
  /** Time agents logged on the ticket (logTime), in milliseconds; absent means none. */
  readonly timeLoggedMs?: number;
  /** When the requester asked to escalate (one request at a time, until it becomes P1). */
  readonly escalationRequestedAt?: number | null;
  /** The P1 escalation of this ticket, once it became P1 (SPEC.md "P1 escalation"). */
  readonly incident?: Incident | null;
}

/** Someone named on a ticket, by platform-qualified id ("slack:U123"). */
export interface TicketPerson {
  readonly id: string;
  readonly name: string;
}

/** One change in a ticket's life, kept in its own collection/table. */
export interface TimelineEntry {
  readonly ticketId: string;
  /** The ticket version this entry produced; with ticketId, unique. */
  readonly version: number;
  readonly at: number;
  readonly actor: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export const TICKET_ID_PREFIX = 'TCK';

export function formatTicketId(sequence: number): string {
  return `${TICKET_ID_PREFIX}-${String(sequence).padStart(6, '0')}`;
}

/** Accepts "TCK-000042", "tck-42" or "42"; null when it is not a ticket id. */
export function normaliseTicketId(text: string): string | null {
  const m = /^(?:tck-?)?(\d{1,12})$/i.exec(text.trim());
  return m ? formatTicketId(Number(m[1])) : null;
}
