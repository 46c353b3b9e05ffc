import { MongoStore } from '../adapters/mongo/mongo-store.js';
import { SqliteStore } from '../adapters/sqlite/sqlite-store.js';
import type { Config } from '../config/config.js';
import type { Store } from '../ports/store.js';

/** MongoDB when MONGODB_URI is set, otherwise the embedded SQLite file in DATA_DIR. */
export async function openStore(config: Pick<Config, 'mongodbUri' | 'dataDir'>): Promise<Store> {
  if (config.mongodbUri) return MongoStore.connect(config.mongodbUri);
  return SqliteStore.open(config.dataDir);
}
