import { type ClientSession, type Collection, type Db, MongoClient, MongoServerError } from 'mongodb';
import type { IntakeState } from '../../core/intake/intake-state.js';
import { formatTicketId, type Ticket, type TimelineEntry } from '../../core/tickets/ticket.js';
import {
  ConversationConflictError,
  type ConversationRepository,
  type StoredIntake,
} from '../../ports/conversation-repository.js';
import type { CardCopy, CardCopyRepository, InboxRepository } from '../../ports/delivery-repositories.js';
import type { Store } from '../../ports/store.js';
import {
  type NewTicket,
  type TicketFilter,
  TicketNotFoundError,
  type TicketRepository,
  type TimelineEvent,
  VersionConflictError,
} from '../../ports/ticket-repository.js';

interface TicketDoc extends Ticket {
  _id: string;
  seq: number;
}
interface TimelineDoc extends TimelineEntry {
  _id: string;
}
interface ConversationDoc {
  _id: string;
  state: IntakeState;
  updatedAt: number;
  revision: number;
}
interface CounterDoc {
  _id: string;
  seq: number;
}

const DUPLICATE_KEY = 11000;

function toTicket(doc: TicketDoc): Ticket {
  const { _id: _ignored, seq: _seq, ...ticket } = doc;
  return ticket;
}

function timelineDoc(ticket: Ticket, event: TimelineEvent): TimelineDoc {
  // A deterministic _id makes a retried write land on the same entry.
  return { _id: `${ticket.id}:${ticket.version}`, ticketId: ticket.id, version: ticket.version, ...event };
}

class MongoTickets implements TicketRepository {
  constructor(
    private readonly tickets: Collection<TicketDoc>,
    private readonly timelineEntries: Collection<TimelineDoc>,
    private readonly counters: Collection<CounterDoc>,
    private readonly withSession: <T>(fn: (session: ClientSession | undefined) => Promise<T>) => Promise<T>,
  ) {}

  private async recordEvent(ticket: Ticket, event: TimelineEvent, session?: ClientSession): Promise<void> {
    const doc = timelineDoc(ticket, event);
    await this.timelineEntries.updateOne(
      { _id: doc._id },
      { $setOnInsert: doc },
      { upsert: true, ...(session ? { session } : {}) },
    );
  }

  async create(ticket: NewTicket, event: TimelineEvent): Promise<{ ticket: Ticket; created: boolean }> {
    const existing = await this.tickets.findOne({ idempotencyKey: String(ticket.idempotencyKey) });
    if (existing) {
      // A retry after a crash between the two writes completes the timeline.
      await this.recordEvent(toTicket(existing), event);
      return { ticket: toTicket(existing), created: false };
    }
    const counter = await this.counters.findOneAndUpdate(
      { _id: 'tickets' },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    const seq = counter!.seq;
    const stored: Ticket = { ...ticket, id: formatTicketId(seq), version: 1 };
    try {
      await this.withSession(async (session) => {
        await this.tickets.insertOne({ ...stored, _id: stored.id, seq }, session ? { session } : {});
        await this.recordEvent(stored, event, session);
      });
    } catch (err) {
      if (err instanceof MongoServerError && err.code === DUPLICATE_KEY) {
        const winner = await this.tickets.findOne({ idempotencyKey: String(ticket.idempotencyKey) });
        if (winner) return { ticket: toTicket(winner), created: false };
      }
      throw err;
    }
    return { ticket: stored, created: true };
  }

  async get(id: string): Promise<Ticket | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.tickets.findOne({ _id: id });
    return doc ? toTicket(doc) : null;
  }

  async list(filter: TicketFilter = {}): Promise<Ticket[]> {
    const query: Record<string, string> = {};
    if (filter.status !== undefined) query.status = String(filter.status);
    if (filter.requesterId !== undefined) query['requester.id'] = String(filter.requesterId);
    const limit = Math.max(1, Math.min(filter.limit ?? 1000, 10_000));
    const docs = await this.tickets.find(query).sort({ seq: -1 }).limit(limit).toArray();
    return docs.map(toTicket);
  }

  async update(next: Ticket, event: TimelineEvent): Promise<Ticket> {
    const { id, version } = next;
    await this.withSession(async (session) => {
      const options = session ? { session } : {};
      const result = await this.tickets.updateOne(
        { _id: id, version: version - 1 },
        { $set: { ...next } },
        options,
      );
      if (result.matchedCount === 0) {
        const exists = await this.tickets.findOne({ _id: id }, { projection: { _id: 1 }, ...options });
        if (!exists) throw new TicketNotFoundError(id);
        throw new VersionConflictError(id, version - 1);
      }
      await this.recordEvent(next, event, session);
    });
    return next;
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const docs = await this.timelineEntries
      .find({ ticketId: String(id) })
      .sort({ version: 1 })
      .toArray();
    return docs.map(({ _id: _ignored, ...entry }) => entry);
  }
}

class MongoConversations implements ConversationRepository {
  constructor(private readonly conversations: Collection<ConversationDoc>) {}

  async load(conversationKey: string): Promise<StoredIntake | null> {
    const doc = await this.conversations.findOne({ _id: String(conversationKey) });
    return doc ? { state: doc.state, revision: doc.revision ?? 1 } : null;
  }

  async save(state: IntakeState, expectedRevision: number | null): Promise<number> {
    const _id = state.conversationKey;
    if (expectedRevision === null) {
      try {
        await this.conversations.insertOne({ _id, state, updatedAt: state.updatedAt, revision: 1 });
        return 1;
      } catch (err) {
        if (err instanceof MongoServerError && err.code === DUPLICATE_KEY)
          throw new ConversationConflictError(_id);
        throw err;
      }
    }
    const result = await this.conversations.updateOne(
      { _id, revision: expectedRevision },
      { $set: { state, updatedAt: state.updatedAt, revision: expectedRevision + 1 } },
    );
    if (result.matchedCount !== 1) throw new ConversationConflictError(_id);
    return expectedRevision + 1;
  }

  async delete(conversationKey: string): Promise<void> {
    await this.conversations.deleteOne({ _id: String(conversationKey) });
  }

  async countOpen(): Promise<number> {
    return this.conversations.countDocuments({});
  }
}

interface CardCopyDoc extends CardCopy {
  _id: string;
}

class MongoCardCopies implements CardCopyRepository {
  constructor(private readonly copies: Collection<CardCopyDoc>) {}

  async add(copy: CardCopy): Promise<void> {
    const _id = [copy.ticketId, copy.platform, copy.conversationId, copy.messageId].join('|');
    await this.copies.updateOne({ _id }, { $setOnInsert: { _id, ...copy } }, { upsert: true });
  }

  async list(ticketId: string): Promise<CardCopy[]> {
    const docs = await this.copies.find({ ticketId: String(ticketId) }).toArray();
    return docs.map(({ _id: _ignored, ...copy }) => copy);
  }
}

class MongoInbox implements InboxRepository {
  constructor(private readonly events: Collection<{ _id: string; at: number }>) {}

  async claim(eventId: string, at: number): Promise<boolean> {
    try {
      await this.events.insertOne({ _id: String(eventId), at });
      return true;
    } catch (err) {
      if (err instanceof MongoServerError && err.code === DUPLICATE_KEY) return false;
      throw err;
    }
  }
}

/** Tickets in MongoDB through the official driver; used when MONGODB_URI is set. */
export class MongoStore implements Store {
  readonly kind = 'mongodb';
  readonly tickets: TicketRepository;
  readonly conversations: ConversationRepository;
  readonly cardCopies: CardCopyRepository;
  readonly inbox: InboxRepository;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Multi-document transactions need a replica set or sharded cluster. */
    readonly transactions: boolean,
  ) {
    const withSession = async <T>(fn: (session: ClientSession | undefined) => Promise<T>): Promise<T> => {
      if (!this.transactions) return fn(undefined);
      const session = this.client.startSession();
      try {
        return await session.withTransaction(() => fn(session));
      } finally {
        await session.endSession();
      }
    };
    this.tickets = new MongoTickets(
      db.collection<TicketDoc>('tickets'),
      db.collection<TimelineDoc>('timeline'),
      db.collection<CounterDoc>('counters'),
      withSession,
    );
    this.conversations = new MongoConversations(db.collection<ConversationDoc>('conversations'));
    this.cardCopies = new MongoCardCopies(db.collection<CardCopyDoc>('card_copies'));
    this.inbox = new MongoInbox(db.collection<{ _id: string; at: number }>('inbox'));
  }

  /** Connects, creates the indexes and finds out whether transactions are available. */
  static async connect(uri: string, options: { databaseName?: string } = {}): Promise<MongoStore> {
    const client = new MongoClient(uri, {
      retryWrites: true,
      retryReads: true,
      serverSelectionTimeoutMS: 10_000,
    });
    await client.connect();
    try {
      const db = client.db(options.databaseName);
      const hello = await db.admin().command({ hello: 1 });
      const transactions = Boolean(hello.setName) || hello.msg === 'isdbgrid';
      await MongoStore.createIndexes(db);
      return new MongoStore(client, db, transactions);
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  private static async createIndexes(db: Db): Promise<void> {
    await db
      .collection('tickets')
      .createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
    await db.collection('tickets').createIndex({ seq: 1 }, { unique: true, name: 'seq' });
    await db.collection('tickets').createIndex({ status: 1, createdAt: -1 }, { name: 'status_created' });
    await db
      .collection('tickets')
      .createIndex({ 'requester.id': 1, createdAt: -1 }, { name: 'requester_created' });
    await db.collection('timeline').createIndex({ ticketId: 1, version: 1 }, { name: 'ticket_version' });
    await db.collection('conversations').createIndex({ updatedAt: 1 }, { name: 'updated' });
    await db.collection('card_copies').createIndex({ ticketId: 1 }, { name: 'ticket' });
    await db.collection('inbox').createIndex({ at: 1 }, { name: 'at' });
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
