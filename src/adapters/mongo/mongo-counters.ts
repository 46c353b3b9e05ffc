import type { ClientSession, Collection } from 'mongodb';
import type { CounterDoc } from './mongo-collections.js';

/**
 * Reserves `count` consecutive numbers of a sequence and returns the first. Inside a
 * transaction the counter document stays write-locked until commit, so numbers are
 * handed out in commit order.
 */
export async function nextSeq(
  counters: Collection<CounterDoc>,
  name: string,
  count: number,
  session: ClientSession,
): Promise<number> {
  const counter = await counters.findOneAndUpdate(
    { _id: name },
    { $inc: { seq: count } },
    { upsert: true, returnDocument: 'after', session },
  );
  return counter!.seq - count + 1;
}
