import type { ClientSession, Collection, Filter } from 'mongodb';
import type { OutboxDraft, OutboxEntry, OutboxRepository, OutboxStats } from '../../ports/outbox.js';
import type { ServerClock } from './mongo-clock.js';
import type { CounterDoc, OutboxDoc } from './mongo-collections.js';
import { nextSeq } from './mongo-counters.js';

const ERROR_LENGTH = 1000;

function toEntry(doc: OutboxDoc): OutboxEntry {
  return {
    seq: doc.seq,
    key: doc._id,
    lane: doc.lane,
    message: doc.message,
    attempts: doc.attempts,
    createdAt: doc.createdAt,
    lastError: doc.lastError,
  };
}

/** Pending, due by the caller's `now` and not leased (or its lease ran out by the server's clock). */
function available(now: number, serverNow: number): Filter<OutboxDoc> {
  return {
    status: 'pending',
    dueAt: { $lte: now },
    $or: [{ leaseUntil: null }, { leaseUntil: { $lte: serverNow } }],
  };
}

/**
 * Outbox bookkeeping on MongoDB. Each lease is one findOneAndUpdate whose filter
 * still requires the entry to be available, so two processes never lease one entry;
 * leases run on the server's clock, so replicas whose clocks differ still agree.
 */
export class MongoOutbox implements OutboxRepository {
  constructor(
    private readonly outbox: Collection<OutboxDoc>,
    private readonly counters: Collection<CounterDoc>,
    private readonly clock: ServerClock,
  ) {}

  /** Inside a commit's transaction: stores the drafts, each key once (a second write is ignored). */
  async addIn(session: ClientSession, drafts: readonly OutboxDraft[], at: number): Promise<void> {
    if (drafts.length === 0) return;
    const first = await nextSeq(this.counters, 'outbox', drafts.length, session);
    for (const [i, draft] of drafts.entries()) {
      const doc: OutboxDoc = {
        _id: draft.key,
        seq: first + i,
        lane: draft.lane,
        message: draft.message,
        status: 'pending',
        attempts: 0,
        createdAt: at,
        // Due at once (0), whichever clock reads it: a replica whose clock is behind the
        // writer's must not leave a new message waiting.
        dueAt: 0,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        reported: false,
      };
      await this.outbox.updateOne({ _id: doc._id }, { $setOnInsert: doc }, { upsert: true, session });
    }
  }

  async claim(
    owner: string,
    now: number,
    leaseMs: number,
    limit: number,
    keys?: readonly string[],
  ): Promise<OutboxEntry[]> {
    if (keys?.length === 0 || limit <= 0) return [];
    const serverNow = await this.clock.now();
    const filter: Filter<OutboxDoc> = keys
      ? { ...available(now, serverNow), _id: { $in: keys.map(String) } }
      : available(now, serverNow);
    const candidates = this.outbox.find(filter).sort({ seq: 1 });
    // Only the first undelivered entry of a lane may go: one conversation's messages in order.
    const lanesDone = new Set<string>();
    const claimed: OutboxEntry[] = [];
    try {
      for await (const candidate of candidates) {
        if (lanesDone.has(candidate.lane)) continue;
        lanesDone.add(candidate.lane);
        if (await this.hasEarlierPending(candidate)) continue;
        const leased = await this.outbox.findOneAndUpdate(
          { ...available(now, serverNow), _id: candidate._id },
          { $set: { leaseOwner: owner, leaseUntil: serverNow + leaseMs }, $inc: { attempts: 1 } },
          { returnDocument: 'after' },
        );
        if (leased) claimed.push(toEntry(leased));
        if (claimed.length >= limit) break;
      }
    } finally {
      await candidates.close();
    }
    return claimed;
  }

  private async hasEarlierPending(entry: OutboxDoc): Promise<boolean> {
    const earlier = await this.outbox.findOne(
      { lane: entry.lane, status: 'pending', seq: { $lt: entry.seq } },
      { projection: { _id: 1 } },
    );
    return earlier !== null;
  }

  async renewLease(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const serverNow = await this.clock.now();
    const renewed = await this.outbox.updateOne(
      { _id: String(key), leaseOwner: owner, status: 'pending' },
      { $set: { leaseUntil: serverNow + leaseMs } },
    );
    return renewed.matchedCount === 1;
  }

  async complete(key: string, owner: string): Promise<void> {
    await this.outbox.updateOne(
      { _id: String(key), leaseOwner: owner },
      { $set: { status: 'done', leaseOwner: null, leaseUntil: null } },
    );
  }

  async retry(key: string, owner: string, retryAt: number, error: string): Promise<void> {
    await this.outbox.updateOne(
      { _id: String(key), leaseOwner: owner },
      {
        $set: { dueAt: retryAt, lastError: error.slice(0, ERROR_LENGTH), leaseOwner: null, leaseUntil: null },
      },
    );
  }

  async deadLetter(key: string, owner: string, error: string): Promise<void> {
    await this.outbox.updateOne(
      { _id: String(key), leaseOwner: owner },
      {
        $set: { status: 'dead', lastError: error.slice(0, ERROR_LENGTH), leaseOwner: null, leaseUntil: null },
      },
    );
  }

  async stats(): Promise<OutboxStats> {
    const [pending, dead, oldest] = await Promise.all([
      this.outbox.countDocuments({ status: 'pending' }),
      this.outbox.countDocuments({ status: 'dead' }),
      this.outbox.findOne({ status: 'pending' }, { sort: { createdAt: 1 }, projection: { createdAt: 1 } }),
    ]);
    return { pending, dead, oldestPendingAt: oldest?.createdAt ?? null };
  }

  async deadLetters(limit: number): Promise<OutboxEntry[]> {
    const docs = await this.outbox.find({ status: 'dead' }).sort({ seq: 1 }).limit(limit).toArray();
    return docs.map(toEntry);
  }

  async requeue(key: string, now: number): Promise<boolean> {
    const result = await this.outbox.updateOne(
      { _id: String(key), status: 'dead' },
      {
        $set: {
          status: 'pending',
          attempts: 0,
          dueAt: now,
          leaseOwner: null,
          leaseUntil: null,
          reported: false,
        },
      },
    );
    return result.modifiedCount === 1;
  }

  async discard(key: string): Promise<boolean> {
    const result = await this.outbox.updateOne(
      { _id: String(key), status: 'dead' },
      { $set: { status: 'done' } },
    );
    return result.modifiedCount === 1;
  }

  async takeUnreportedDead(limit: number): Promise<OutboxEntry[]> {
    if (limit <= 0) return [];
    const candidates = await this.outbox
      .find({ status: 'dead', reported: false })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
    const taken: OutboxEntry[] = [];
    for (const doc of candidates) {
      // Only the process that flips the flag reports the entry.
      const marked = await this.outbox.updateOne(
        { _id: doc._id, reported: false },
        { $set: { reported: true } },
      );
      if (marked.modifiedCount === 1) taken.push(toEntry(doc));
    }
    return taken;
  }
}
