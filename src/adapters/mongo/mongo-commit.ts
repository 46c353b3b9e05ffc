import type { ClientSession, Collection } from 'mongodb';
import { isSameOutage } from '../../core/incidents/same-outage.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import { IncidentExistsError } from '../../ports/conversation-repository.js';
import { NEW_TICKET } from '../../ports/outbox.js';
import { resolveNewTicket } from '../../ports/outbox-drafts.js';
import { type CommitResult, isOwnTicket, type UnitOfWork } from '../../ports/unit-of-work.js';
import type { MetaDoc } from './mongo-collections.js';
import type { MongoConversations } from './mongo-conversations.js';
import type { MongoInbox } from './mongo-delivery.js';
import type { MongoOutbox } from './mongo-outbox.js';
import type { MongoTickets } from './mongo-tickets.js';
import type { MongoTimers } from './mongo-timers.js';
import { isDuplicateKey } from './mongo-transaction.js';

export interface CommitTargets {
  readonly inbox: MongoInbox;
  readonly conversations: MongoConversations;
  readonly tickets: MongoTickets;
  readonly timers: MongoTimers;
  readonly outbox: MongoOutbox;
  /** Where concurrent "open an incident unless one is open" units meet (one document per customer). */
  readonly incidentGuard: Collection<MetaDoc>;
}

/** Thrown out of the transaction to abort it when the event id was claimed before. */
class DuplicateEvent extends Error {}

const NOTHING: CommitResult = { duplicate: true, ticket: null, created: false, outboxKeys: [] };

/** Every write of a unit of work, in the order the SQLite store applies them. */
async function apply(session: ClientSession, to: CommitTargets, unit: UnitOfWork): Promise<CommitResult> {
  if (unit.eventId !== undefined) {
    try {
      await to.inbox.claimIn(session, unit.eventId, unit.at);
    } catch (err) {
      // The failed insert has aborted the transaction on the server: leave it, do not go on.
      if (isDuplicateKey(err)) throw new DuplicateEvent();
      throw err;
    }
  }
  const { conversation } = unit;
  if (conversation && 'save' in conversation)
    await to.conversations.saveIn(session, conversation.save, conversation.expectedRevision);
  else if (conversation)
    await to.conversations.deleteIn(session, conversation.delete, conversation.expectedRevision);
  let ticket: Ticket | null = null;
  let created = false;
  if (unit.onlyIfNoIncidentOn) {
    const { conversationKey, customer, environments } = unit.onlyIfNoIncidentOn;
    // Written before the check: two transactions that would each find no incident and
    // open one on different tickets both write this document, so one of them meets a
    // write conflict and runs again, and then finds the other's incident. Without it,
    // snapshot isolation lets both commit (write skew). $inc, because a $set of an equal
    // value is no write at all and would conflict with nothing.
    await to.incidentGuard.updateOne(
      { _id: `incident-guard:${customer ?? ''}` },
      { $inc: { writes: 1 }, $set: { at: unit.at } },
      { upsert: true, session },
    );
    const open = (await to.tickets.openIncidentsIn(session)).find(
      (t) => isSameOutage(t, customer, environments) && !isOwnTicket(t, unit),
    );
    if (open) throw new IncidentExistsError(conversationKey, open.id);
  }
  if (unit.createTicket) {
    const result = await to.tickets.createIn(session, unit.createTicket.ticket, unit.createTicket.event);
    ticket = result.ticket;
    created = result.created;
  }
  if (unit.updateTicket)
    ticket = await to.tickets.updateIn(session, unit.updateTicket.ticket, unit.updateTicket.event);
  if (unit.joinIncident) {
    const { ticketId, person, event } = unit.joinIncident;
    ticket = await to.tickets.joinIn(session, ticketId, person, unit.at, event);
  }
  for (const id of unit.firedTimers ?? []) await to.timers.markFiredIn(session, id, unit.at);
  if (unit.timers) {
    const ticketId = unit.timers.ticketId === NEW_TICKET ? ticket?.id : unit.timers.ticketId;
    if (ticketId) await to.timers.replaceIn(session, ticketId, unit.timers.plan(ticket));
  }
  const drafts = (unit.outbox ?? []).map((draft) => resolveNewTicket(draft, ticket?.id));
  await to.outbox.addIn(session, drafts, unit.at);
  return { duplicate: false, ticket, created, outboxKeys: drafts.map((d) => d.key) };
}

/**
 * Applies a unit of work inside `transaction` (all of it or, on a redelivered event id
 * or a conflict, none of it).
 */
export async function commitUnit(
  transaction: <T>(work: (session: ClientSession) => Promise<T>) => Promise<T>,
  to: CommitTargets,
  unit: UnitOfWork,
): Promise<CommitResult> {
  try {
    return await transaction((session) => apply(session, to, unit));
  } catch (err) {
    if (err instanceof DuplicateEvent) return NOTHING;
    throw err;
  }
}
