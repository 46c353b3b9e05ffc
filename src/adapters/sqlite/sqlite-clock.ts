import type Database from 'better-sqlite3';

/**
 * SQLite's own clock in epoch milliseconds. Leases are taken and checked by it, so every
 * process on the file agrees on when a lease runs out, whatever its own clock (or a
 * test's or drill's clock) says.
 */
export const SQLITE_NOW = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;

/** Reads SQLite's clock (one statement per call: its "now" is fixed within a statement). */
export function sqliteClock(db: Database.Database): () => number {
  const read = db.prepare<[], number>(`SELECT ${SQLITE_NOW}`).pluck();
  return () => read.get()!;
}
