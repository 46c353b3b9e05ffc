import { join } from 'node:path';
import Database from 'better-sqlite3';

const TABLES = ['tickets', 'conversations', 'timeline', 'card_copies', 'inbox', 'outbox', 'timers'];

/**
 * Rows in every table a request could write to, read from the SQLite file in `dataDir`
 * through a connection of its own (not the store under test).
 */
export function storedRows(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, 'ticketbot.db'), { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      TABLES.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}
