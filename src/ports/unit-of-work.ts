import type { IntakeState } from '../core/intake/intake-state.js';
import type { Ticket, TicketPerson } from '../core/tickets/ticket.js';
import type { TimerPlan } from '../core/tickets/ticket-timers.js';
import type { OutboxDraft } from './outbox.js';
import type { NewTicket, TimelineEvent } from './ticket-repository.js';

/**
 * Everything one inbound event (or one timer firing) changes, committed atomically:
 * the event id claimed, the intake state, the ticket, its timeline entry, its timers
 * and the outbound messages. Either all of it is stored or none.
 */
export interface UnitOfWork {
  /** Claimed here; when it was claimed before, nothing is applied (a redelivery). */
  readonly eventId?: string;
  readonly at: number;
  readonly conversation?:
    | { readonly save: IntakeState; readonly expectedRevision: number | null }
    | { readonly delete: string; readonly expectedRevision: number };
  readonly createTicket?: { readonly ticket: NewTicket; readonly event: TimelineEvent };
  /** Compare-and-set: stored only if the stored version is still ticket.version - 1. */
  readonly updateTicket?: { readonly ticket: Ticket; readonly event: TimelineEvent };
  /**
   * Adds a reporter to an open incident at the version the store holds when the unit is
   * applied (no compare-and-set: joins commute, so a burst of joins never conflicts).
   */
  readonly joinIncident?: {
    readonly ticketId: string;
    readonly person: TicketPerson;
    readonly event: TimelineEvent;
  };
  /**
   * Precondition of an incident ticket's creation: refused (IncidentExistsError) when an
   * incident of this customer is open on one of these environments, checked inside the
   * commit, so two reporters of one outage who submit at the same moment get one incident.
   */
  readonly onlyIfNoIncidentOn?: {
    readonly conversationKey: string;
    readonly customer: string | null | undefined;
    readonly environments: readonly string[];
  };
  /** Replaces the ticket's pending timers (ticketId NEW_TICKET: the created ticket's). */
  readonly timers?: { readonly ticketId: string; readonly plan: (created: Ticket | null) => TimerPlan[] };
  /** Timers this unit fires: marked fired, never fired again. */
  readonly firedTimers?: readonly string[];
  readonly outbox?: readonly OutboxDraft[];
}

/** The ticket this unit creates, stored before (a retried submit): no other incident. */
export function isOwnTicket(ticket: Ticket, unit: UnitOfWork): boolean {
  return ticket.idempotencyKey === unit.createTicket?.ticket.idempotencyKey;
}

export interface CommitResult {
  /** The event id had been claimed before: nothing was applied. */
  readonly duplicate: boolean;
  /** The ticket created or updated (on a duplicate create: the one stored earlier). */
  readonly ticket: Ticket | null;
  readonly created: boolean;
  /** Keys of the outbox entries written (to deliver them at once). */
  readonly outboxKeys: readonly string[];
}
