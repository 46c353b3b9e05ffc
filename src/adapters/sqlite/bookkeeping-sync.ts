import type Database from 'better-sqlite3';

/**
 * Runs a bookkeeping write (an outbox lease or completion) without waiting for fsync.
 * WAL keeps it safe from a process crash; only a power loss can undo it, and the next
 * durable commit (which fsyncs the same log) makes it durable too. Undoing a lease or a
 * completion can at worst send one message again; it never loses a ticket, an answer or a
 * message, which stay in synchronous=FULL commits.
 */
export function withoutFsync<R>(db: Database.Database, write: () => R): R {
  db.pragma('synchronous = NORMAL');
  try {
    return write();
  } finally {
    db.pragma('synchronous = FULL');
  }
}
