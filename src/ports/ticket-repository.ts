import type { OpenedTicket } from '../core/tickets/open-ticket.js';
import type { Ticket, TimelineEntry } from '../core/tickets/ticket.js';

/** A ticket to create: everything but what the store assigns (id, version). */
export type NewTicket = OpenedTicket;

export interface TicketFilter {
  readonly status?: Ticket['status'];
  readonly requesterId?: string;
  /** Newest first, at most this many. */
  readonly limit?: number;
}

/** Another writer changed the ticket since it was read: reload and try again. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  readonly code = 'version_conflict';
  constructor(
    readonly ticketId: string,
    readonly expectedVersion: number,
  ) {
    super(`ticket ${ticketId} is no longer at version ${expectedVersion}`);
  }
}

export class TicketNotFoundError extends Error {
  override readonly name = 'TicketNotFoundError';
  readonly code = 'ticket_not_found';
  constructor(readonly ticketId: string) {
    super(`no ticket ${ticketId}`);
  }
}

/** The change a timeline entry records; the store fills in ticket id and version. */
export type TimelineEvent = Omit<TimelineEntry, 'ticketId' | 'version'>;

/**
 * Where tickets live. Creation is idempotent on `idempotencyKey` (a redelivered
 * message never makes a second ticket); updates are compare-and-set on `version`.
 */
export interface TicketRepository {
  /** Creates the ticket with the next id, or returns the one made earlier with the same key. */
  create(ticket: NewTicket, event: TimelineEvent): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | null>;
  list(filter?: TicketFilter): Promise<Ticket[]>;
  /**
   * Stores `next` (same id) if the stored version is still `next.version - 1`,
   * with its timeline entry, atomically. Throws VersionConflictError otherwise.
   */
  update(next: Ticket, event: TimelineEvent): Promise<Ticket>;
  timeline(id: string): Promise<TimelineEntry[]>;
  /** The ticket whose incident runs in this channel, if any. */
  findByIncidentChannel(channelId: string): Promise<Ticket | null>;
  /**
   * Incidents still running that may concern one of these environment hosts, newest
   * first: a superset (callers check with isSameOutage), found without reading every
   * open ticket.
   */
  openIncidentsOn(hosts: readonly string[]): Promise<Ticket[]>;
}
