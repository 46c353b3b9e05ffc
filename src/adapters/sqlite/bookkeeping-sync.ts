import type Database from 'better-sqlite3';

/**
 * Runs a bookkeeping write (an outbox lease or completion) without waiting for fsync.
 * WAL keeps it safe from a process crash; only a power loss can undo it, and the next
 * durable commit (which fsyncs the same log) makes it durable too. Undoing a lease or a
 * completion can at worst send one message again; it never loses a ticket, an answer or a
 * message, which stay in synchronous=FULL commits.
 */
export function withoutFsync<R>(db: Database.Database, write: () => R): R {
  const { normal, full } = switchesOf(db);
  normal.run();
  try {
    return write();
  } finally {
    full.run();
  }
}

interface Switches {
  readonly normal: Database.Statement;
  readonly full: Database.Statement;
}

const switches = new WeakMap<Database.Database, Switches>();

/** Prepared once per connection: db.pragma() prepares its statement on every call, twice per event. */
function switchesOf(db: Database.Database): Switches {
  let found = switches.get(db);
  if (!found) {
    found = {
      normal: db.prepare('PRAGMA synchronous = NORMAL'),
      full: db.prepare('PRAGMA synchronous = FULL'),
    };
    switches.set(db, found);
  }
  return found;
}
