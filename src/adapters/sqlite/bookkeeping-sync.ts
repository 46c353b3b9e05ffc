import type Database from 'better-sqlite3';

/**
 * Runs a write with synchronous=NORMAL: no fsync inside the commit. Outbox leases and
 * completions need none (WAL keeps them safe from a process crash; a power loss can at
 * worst send one message again, and the next durable commit syncs them too). Group
 * commits use it as well, and their callers wait for WalSync's fdatasync of the log
 * instead, so tickets, answers and messages are on disk before anyone is told. Every
 * other write keeps the connection's synchronous=FULL.
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
