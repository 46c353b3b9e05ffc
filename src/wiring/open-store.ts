import { join } from 'node:path';
import { SqliteStore } from '../adapters/sqlite/sqlite-store.js';
import { type Config, ConfigError } from '../config/config.js';
import { prepareDataDir } from '../config/data-dir.js';
import type { Store } from '../ports/store.js';
import { mongoStartError } from '../startup/mongo-start-error.js';

/** MongoDB when MONGODB_URI is set, otherwise the embedded SQLite file in DATA_DIR. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Store> {
  if (config.mongodbUri) {
    // Loaded only when used: the driver adds a fifth of a second to every SQLite start.
    const { MongoStore, SERVER_SELECTION_TIMEOUT_MS } = await import('../adapters/mongo/mongo-store.js');
    try {
      return await MongoStore.connect(config.mongodbUri);
    } catch (err) {
      throw mongoStartError(err, config.mongodbUri, SERVER_SELECTION_TIMEOUT_MS);
    }
  }
  const directory = prepareDataDir(config.dataDir);
  try {
    return SqliteStore.open(directory);
  } catch (err) {
    // File-system and SQLite errors carry a code (EACCES, SQLITE_CANTOPEN, ...): name the file.
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string') throw err;
    throw new ConfigError(
      `DATA_DIR "${config.dataDir}": cannot open the SQLite store ${join(directory, 'ticketbot.db')} (${code}: ${(err as Error).message})`,
    );
  }
}
