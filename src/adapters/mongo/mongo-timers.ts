import type { ClientSession, Collection, Filter } from 'mongodb';
import type { TimerPlan } from '../../core/tickets/ticket-timers.js';
import type { StoredTimer, TimerRepository, TimerStats } from '../../ports/timers.js';
import { TimerAlreadyFiredError } from '../../ports/timers.js';
import type { ServerClock } from './mongo-clock.js';
import type { TimerDoc } from './mongo-collections.js';

function toTimer(doc: TimerDoc): StoredTimer {
  return {
    id: doc._id,
    ticketId: doc.ticketId,
    kind: doc.kind,
    target: doc.target,
    fraction: doc.fraction,
    dueAt: doc.dueAt,
  };
}

/** Pending, due by `now` and not leased (or its lease ran out by the server's clock). */
function claimable(now: number, serverNow: number): Filter<TimerDoc> {
  return {
    status: 'pending',
    dueAt: { $lte: now },
    $or: [{ leaseUntil: null }, { leaseUntil: { $lte: serverNow } }],
  };
}

/**
 * Durable timers on MongoDB; each lease is one findOneAndUpdate, so one process fires a
 * timer, and leases run on the server's clock, so a replica whose clock is off never
 * takes over a live one.
 */
export class MongoTimers implements TimerRepository {
  constructor(
    private readonly timers: Collection<TimerDoc>,
    private readonly clock: ServerClock,
  ) {}

  /** Inside a commit: the ticket's pending timers become exactly `plan` (fired ones stay fired). */
  async replaceIn(session: ClientSession, ticketId: string, plan: readonly TimerPlan[]): Promise<void> {
    const keep = plan.map((p) => p.id);
    await this.timers.deleteMany({ ticketId, status: 'pending', _id: { $nin: keep } }, { session });
    for (const { id, ...timer } of plan) {
      const doc: TimerDoc = {
        _id: id,
        ...timer,
        status: 'pending',
        leaseOwner: null,
        leaseUntil: null,
        firedAt: null,
      };
      // A timer that exists already (pending or fired) is kept as it is.
      await this.timers.updateOne({ _id: id }, { $setOnInsert: doc }, { upsert: true, session });
    }
  }

  /** Inside a commit: a timer no longer pending aborts the unit, so nothing fires twice. */
  async markFiredIn(session: ClientSession, id: string, at: number): Promise<void> {
    const result = await this.timers.updateOne(
      { _id: String(id), status: 'pending' },
      { $set: { status: 'fired', firedAt: at, leaseOwner: null, leaseUntil: null } },
      { session },
    );
    if (result.matchedCount !== 1) throw new TimerAlreadyFiredError(id);
  }

  async claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<StoredTimer[]> {
    const claimed: StoredTimer[] = [];
    const serverNow = await this.clock.now();
    while (claimed.length < limit) {
      const leased = await this.timers.findOneAndUpdate(
        claimable(now, serverNow),
        { $set: { leaseOwner: owner, leaseUntil: serverNow + leaseMs } },
        { sort: { dueAt: 1 }, returnDocument: 'after' },
      );
      if (!leased) break;
      claimed.push(toTimer(leased));
    }
    return claimed;
  }

  async release(ids: readonly string[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    await this.timers.updateMany(
      { _id: { $in: ids.map(String) }, leaseOwner: owner },
      { $set: { leaseOwner: null, leaseUntil: null } },
    );
  }

  async pendingOf(ticketId: string): Promise<StoredTimer[]> {
    const docs = await this.timers
      .find({ ticketId: String(ticketId), status: 'pending' })
      .sort({ dueAt: 1 })
      .toArray();
    return docs.map(toTimer);
  }

  async stats(now: number): Promise<TimerStats> {
    const [pending, dueNow, fired, next] = await Promise.all([
      this.timers.countDocuments({ status: 'pending' }),
      this.timers.countDocuments({ status: 'pending', dueAt: { $lte: now } }),
      this.timers.countDocuments({ status: 'fired' }),
      this.timers.findOne({ status: 'pending' }, { sort: { dueAt: 1 }, projection: { dueAt: 1 } }),
    ]);
    return { pending, dueNow, fired, nextDueAt: next?.dueAt ?? null };
  }

  now(): Promise<number> {
    return this.clock.now();
  }
}
