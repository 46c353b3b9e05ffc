import type { Collection, Db } from 'mongodb';
import type { IntakeState } from '../../core/intake/intake-state.js';
import type { Ticket, TimelineEntry } from '../../core/tickets/ticket.js';
import type { TimerPlan } from '../../core/tickets/ticket-timers.js';
import type { CardCopy } from '../../ports/delivery-repositories.js';
import type { OutboxMessage } from '../../ports/outbox.js';

export interface TicketDoc extends Ticket {
  _id: string;
  seq: number;
}

export interface TimelineDoc extends TimelineEntry {
  _id: string;
}

export interface ConversationDoc {
  _id: string;
  state: IntakeState;
  updatedAt: number;
  revision: number;
}

export interface CardCopyDoc extends CardCopy {
  _id: string;
}

export interface InboxDoc {
  _id: string;
  at: number;
}

export interface CounterDoc {
  _id: string;
  seq: number;
}

/** One outbound message; its deterministic key is the _id, so the same intent is stored once. */
export interface OutboxDoc {
  _id: string;
  seq: number;
  lane: string;
  message: OutboxMessage;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  createdAt: number;
  dueAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  reported: boolean;
}

export interface TimerDoc extends Omit<TimerPlan, 'id'> {
  _id: string;
  status: 'pending' | 'fired';
  leaseOwner: string | null;
  leaseUntil: number | null;
  firedAt: number | null;
}

export interface MetaDoc {
  _id: string;
  at: number;
  /** Incident guards: how many commits wrote it (each one a real write). */
  writes?: number;
}

export interface MongoCollections {
  readonly tickets: Collection<TicketDoc>;
  readonly timeline: Collection<TimelineDoc>;
  readonly conversations: Collection<ConversationDoc>;
  readonly cardCopies: Collection<CardCopyDoc>;
  readonly inbox: Collection<InboxDoc>;
  readonly counters: Collection<CounterDoc>;
  readonly outbox: Collection<OutboxDoc>;
  readonly timers: Collection<TimerDoc>;
  readonly meta: Collection<MetaDoc>;
}

export function collectionsOf(db: Db): MongoCollections {
  return {
    tickets: db.collection<TicketDoc>('tickets'),
    timeline: db.collection<TimelineDoc>('timeline'),
    conversations: db.collection<ConversationDoc>('conversations'),
    cardCopies: db.collection<CardCopyDoc>('card_copies'),
    inbox: db.collection<InboxDoc>('inbox'),
    counters: db.collection<CounterDoc>('counters'),
    outbox: db.collection<OutboxDoc>('outbox'),
    timers: db.collection<TimerDoc>('timers'),
    meta: db.collection<MetaDoc>('meta'),
  };
}

/** The indexes the queries rely on (createIndex is a no-op when one exists already). */
export async function createIndexes(c: MongoCollections): Promise<void> {
  await c.tickets.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
  await c.tickets.createIndex({ seq: 1 }, { unique: true, name: 'seq' });
  await c.tickets.createIndex({ status: 1, createdAt: -1 }, { name: 'status_created' });
  await c.tickets.createIndex({ 'requester.id': 1, createdAt: -1 }, { name: 'requester_created' });
  // Every submitted report asks for the open incidents: they must not be found by reading every open ticket.
  await c.tickets.createIndex({ 'incident.state': 1, seq: -1 }, { name: 'incident_state_seq' });
  await c.timeline.createIndex({ ticketId: 1, version: 1 }, { name: 'ticket_version' });
  await c.conversations.createIndex({ updatedAt: 1 }, { name: 'updated' });
  await c.cardCopies.createIndex({ ticketId: 1 }, { name: 'ticket' });
  await c.inbox.createIndex({ at: 1 }, { name: 'at' });
  // The outbox key is its _id, unique by definition.
  await c.outbox.createIndex({ status: 1, dueAt: 1 }, { name: 'status_due' });
  await c.outbox.createIndex({ lane: 1, status: 1, seq: 1 }, { name: 'lane_status_seq' });
  await c.outbox.createIndex({ status: 1, reported: 1, seq: 1 }, { name: 'status_reported_seq' });
  await c.timers.createIndex({ status: 1, dueAt: 1 }, { name: 'status_due' });
  await c.timers.createIndex({ ticketId: 1, status: 1 }, { name: 'ticket_status' });
}
