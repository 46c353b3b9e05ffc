import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoStore } from '../../../src/adapters/mongo/mongo-store.js';
import { type MongoTarget, mongoUnavailableReason, startMongo } from '../../helpers/jongodb.js';
import { storeContract } from '../../helpers/store-contract.js';

let target: MongoTarget;
const database = `ticketbot_test_${process.pid}`;

// Skipped, saying why, only where no server can be had (no MONGODB_URI and no jongodb binary).
const unavailable = mongoUnavailableReason();
if (unavailable) console.warn(`MongoDB contract suite skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)(
  `MongoDB store${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    beforeAll(async () => {
      target = await startMongo(database);
      console.info(`MongoDB contract suite runs against ${target.kind} at ${target.uri}`);
    });
    afterAll(async () => {
      await target?.stop();
    });

    storeContract('MongoDB', () => MongoStore.connect(target.uri, { databaseName: database }));

    describe('MongoDB specifics', () => {
      it('creates the indexes the store relies on', async () => {
        const store = await MongoStore.connect(target.uri, { databaseName: database });
        console.info(
          `transactions: ${store.transactions ? 'used' : 'not available (standalone server): sequential writes'}`,
        );
        const { MongoClient } = await import('mongodb');
        const client = new MongoClient(target.uri);
        const indexes = await client.db(database).collection('tickets').listIndexes().toArray();
        expect(indexes.map((i) => i.name)).toEqual(
          expect.arrayContaining(['idempotency_key', 'seq', 'status_created']),
        );
        expect(indexes.find((i) => i.name === 'idempotency_key')?.unique).toBe(true);
        await client.close();
        await store.close();
      });
    });
  },
);
