import { type MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoStore } from '../../../src/adapters/mongo/mongo-store.js';
import { requireTransactions } from '../../../src/adapters/mongo/mongo-transaction.js';
import { newIncident } from '../../../src/core/incidents/incident.js';
import { IncidentExistsError } from '../../../src/ports/conversation-repository.js';
import { type MongoTarget, mongoUnavailableReason, startMongo } from '../../helpers/jongodb.js';
import { newTicket, storeContract } from '../../helpers/store-contract.js';
import { type SerializingProxy, startSerializingProxy } from '../../helpers/transaction-serializing-proxy.js';

let target: MongoTarget;
let proxy: SerializingProxy | undefined;
const database = `ticketbot_test_${process.pid}`;

// Skipped, saying why, only where no server can be had (no MONGODB_URI and no jongodb binary).
const unavailable = mongoUnavailableReason();
if (unavailable) console.warn(`MongoDB contract suite skipped: ${unavailable}`);

/** A client whose server refuses transactions the way a standalone mongod does. */
function standaloneClient(): MongoClient {
  const refusal = new MongoServerError({
    ok: 0,
    code: 20,
    codeName: 'IllegalOperation',
    errmsg: 'Transaction numbers are only allowed on a replica set member or mongos',
  });
  const session = { withTransaction: async () => Promise.reject(refusal), endSession: async () => {} };
  return { startSession: () => session } as unknown as MongoClient;
}

describe.skipIf(unavailable !== null)(
  `MongoDB store${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    beforeAll(async () => {
      target = await startMongo(database);
      // jongodb does not isolate concurrent transactions (a replica set does): the cases
      // about concurrent commits go through a proxy that runs one transaction at a time.
      if (target.kind === 'jongodb') proxy = await startSerializingProxy(target.uri);
      console.info(`MongoDB contract suite runs against ${target.kind} at ${target.uri}`);
    });
    afterAll(async () => {
      await proxy?.stop();
      await target?.stop();
    });

    storeContract('MongoDB', () => MongoStore.connect(target.uri, { databaseName: database }), {
      openIsolated: () => MongoStore.connect(proxy?.uri ?? target.uri, { databaseName: database }),
    });

    describe('MongoDB specifics', () => {
      it('creates the indexes the store relies on', async () => {
        const store = await MongoStore.connect(target.uri, { databaseName: database });
        const { MongoClient } = await import('mongodb');
        const client = new MongoClient(target.uri);
        const db = client.db(database);
        const names = async (collection: string) =>
          (await db.collection(collection).listIndexes().toArray()).map((i) => i.name);
        const tickets = await db.collection('tickets').listIndexes().toArray();
        expect(tickets.map((i) => i.name)).toEqual(
          expect.arrayContaining(['idempotency_key', 'seq', 'status_created', 'incident_state_seq']),
        );
        expect(tickets.find((i) => i.name === 'idempotency_key')?.unique).toBe(true);
        expect(await names('outbox')).toEqual(expect.arrayContaining(['status_due', 'lane_status_seq']));
        expect(await names('timers')).toEqual(expect.arrayContaining(['status_due', 'ticket_status']));
        await client.close();
        await store.close();
      });

      it("a report that may open an incident writes its customer's guard document in the same transaction", async () => {
        // jongodb does not isolate concurrent transactions, so the write skew this guard
        // prevents cannot be shown here; a real replica set (MONGODB_URI) runs the contract's
        // concurrent case. Here: every guarded commit writes the guard, and a refused one
        // leaves it as it was (its write went with the aborted transaction).
        const store = await MongoStore.connect(target.uri, { databaseName: database });
        const { MongoClient } = await import('mongodb');
        const client = new MongoClient(target.uri);
        const meta = client.db(database).collection<{ _id: string; at: number; writes: number }>('meta');
        const customer = `guarded-${process.pid}-${Date.now()}`;
        const guard = { conversationKey: 'k', customer, environments: ['guarded.example.com'] };
        const T = 1_795_000_000_000;
        const report = (at: number) =>
          store.commit({
            at,
            onlyIfNoIncidentOn: guard,
            createTicket: {
              ticket: newTicket({
                customer,
                environments: ['https://guarded.example.com/'],
                incident: newIncident(at),
              }),
              event: { at, actor: 'slack:U1', type: 'created', data: {} },
            },
          });
        await report(T);
        expect(await meta.findOne({ _id: `incident-guard:${customer}` })).toEqual({
          _id: `incident-guard:${customer}`,
          at: T,
          writes: 1,
        });
        await expect(report(T + 1)).rejects.toBeInstanceOf(IncidentExistsError);
        expect(await meta.findOne({ _id: `incident-guard:${customer}` })).toMatchObject({ at: T, writes: 1 });
        await client.close();
        await store.close();
      });
    });
  },
);

describe('MongoDB without a replica set', () => {
  it('refuses to start without transactions, saying a replica set is needed', async () => {
    await expect(requireTransactions(standaloneClient(), async () => {})).rejects.toThrow(
      /needs multi-document transactions.*replica set/s,
    );
  });
});
