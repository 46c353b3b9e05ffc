import { type ClientSession, type MongoClient, MongoServerError } from 'mongodb';

export const DUPLICATE_KEY = 11000;
const WRITE_CONFLICT = 112;
const ILLEGAL_OPERATION = 20;
const ATTEMPTS = 5;

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

/**
 * A concurrent writer came first. MongoDB labels most of these transient and
 * withTransaction retries them itself; a write conflict found at commit without the
 * label (jongodb) or a duplicate key (another transaction created the same ticket or
 * outbox entry) reaches us, and a fresh transaction then sees the winner's write.
 */
function lostRace(err: unknown): boolean {
  if (!(err instanceof MongoServerError)) return false;
  return (
    err.code === WRITE_CONFLICT ||
    err.code === DUPLICATE_KEY ||
    err.hasErrorLabel('TransientTransactionError')
  );
}

/** Runs `work` in one multi-document transaction, retried from scratch when it lost a race. */
export async function inTransaction<T>(
  client: MongoClient,
  work: (session: ClientSession) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const session = client.startSession();
    try {
      return await session.withTransaction(() => work(session));
    } catch (err) {
      if (attempt >= ATTEMPTS || !lostRace(err)) throw err;
    } finally {
      await session.endSession();
    }
    // Jitter, so that racing writers do not collide again in lockstep.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
  }
}

/**
 * Fails unless the server runs multi-document transactions: every commit relies on
 * them, and writing a unit of work piece by piece could leave half of it behind.
 * A real probe (a write in a transaction), because some compatible servers that
 * support transactions do not report a replica set name in `hello`.
 */
export async function requireTransactions(
  client: MongoClient,
  probe: (session: ClientSession) => Promise<void>,
): Promise<void> {
  const session = client.startSession();
  try {
    await session.withTransaction(probe);
  } catch (err) {
    const unsupported =
      err instanceof MongoServerError &&
      (err.code === ILLEGAL_OPERATION || /transaction|replica set/i.test(err.message));
    if (!unsupported) throw err;
    throw new Error(
      'The MongoDB store needs multi-document transactions, and this server refused one ' +
        `(${err.message}). Run MongoDB as a replica set (a single node is enough: start mongod with ` +
        '--replSet rs0 and run rs.initiate() once) or use a sharded cluster or Atlas.',
      { cause: err },
    );
  } finally {
    await session.endSession();
  }
}
