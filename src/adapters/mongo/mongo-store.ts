import { type ClientSession, type Collection, type Db, MongoClient } from 'mongodb';
import type { Store } from '../../ports/store.js';
import type { CommitResult, UnitOfWork } from '../../ports/unit-of-work.js';
import { ServerClock } from './mongo-clock.js';
import { collectionsOf, createIndexes, type MetaDoc, type MongoCollections } from './mongo-collections.js';
import { commitUnit } from './mongo-commit.js';
import { MongoConversations } from './mongo-conversations.js';
import { MongoCardCopies, MongoInbox } from './mongo-delivery.js';
import { MongoOutbox } from './mongo-outbox.js';
import { MongoTickets } from './mongo-tickets.js';
import { MongoTimers } from './mongo-timers.js';
import { inTransaction, requireTransactions } from './mongo-transaction.js';

/** How long connect waits for a server to answer before it gives up (the start-up error says so). */
export const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/** Tickets in MongoDB through the official driver; used when MONGODB_URI is set. Needs transactions. */
export class MongoStore implements Store {
  readonly kind = 'mongodb';
  readonly tickets: MongoTickets;
  readonly conversations: MongoConversations;
  readonly cardCopies: MongoCardCopies;
  readonly inbox: MongoInbox;
  readonly outbox: MongoOutbox;
  readonly timers: MongoTimers;
  readonly incidentGuard: Collection<MetaDoc>;
  private readonly transaction: <T>(work: (session: ClientSession) => Promise<T>) => Promise<T>;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly c: MongoCollections,
  ) {
    this.transaction = (work) => inTransaction(client, work);
    this.tickets = new MongoTickets(c, this.transaction);
    this.conversations = new MongoConversations(c.conversations);
    this.cardCopies = new MongoCardCopies(c.cardCopies);
    this.inbox = new MongoInbox(c.inbox);
    // One server clock for both, so timers and outbox agree on when a lease runs out.
    const clock = new ServerClock(db);
    this.outbox = new MongoOutbox(c.outbox, c.counters, clock);
    this.timers = new MongoTimers(c.timers, clock);
    this.incidentGuard = c.meta;
  }

  /**
   * Connects, makes sure the server runs transactions (failing with a clear message
   * when it does not) and creates the indexes.
   */
  static async connect(uri: string, options: { databaseName?: string } = {}): Promise<MongoStore> {
    const client = new MongoClient(uri, {
      retryWrites: true,
      retryReads: true,
      serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    });
    await client.connect();
    try {
      const db = client.db(options.databaseName);
      const c = collectionsOf(db);
      await requireTransactions(client, async (session) => {
        await c.meta.updateOne({ _id: 'transactions' }, { $inc: { probes: 1 } }, { upsert: true, session });
      });
      await createIndexes(c);
      return new MongoStore(client, db, c);
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  commit(unit: UnitOfWork): Promise<CommitResult> {
    return commitUnit(this.transaction, this, unit);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  /** Readiness: a real write, acknowledged by a majority (a lost primary or a full disk fails here). */
  async probeWrite(at: number): Promise<void> {
    await this.c.meta.updateOne(
      { _id: 'heartbeat' },
      { $set: { at } },
      { upsert: true, writeConcern: { w: 'majority' } },
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
