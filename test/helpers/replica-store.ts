import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';

export interface TicketRow {
  readonly id: string;
  readonly requesterId: string;
  readonly priority: string;
  readonly createdAt: number;
}

export interface TimelineRow {
  readonly ticketId: string;
  readonly version: number;
  readonly type: string;
}

export interface TimerRow {
  readonly id: string;
  readonly ticketId: string;
  readonly dueAt: number;
  readonly status: string;
  readonly firedAt: number | null;
}

/**
 * What the replicas left in their shared store, read straight from the tables or
 * collections (not through the store's own code, which is what is under test).
 */
export interface StoreView {
  tickets(): Promise<TicketRow[]>;
  timeline(): Promise<TimelineRow[]>;
  timers(): Promise<TimerRow[]>;
  outbox(): Promise<{ pending: number; dead: number }>;
  close(): Promise<void>;
}

export function sqliteView(dataDir: string): StoreView {
  const db = new Database(join(dataDir, 'ticketbot.db'), { readonly: true });
  return {
    tickets: async () =>
      db
        .prepare<[], TicketRow>(
          `SELECT id, requester_id AS requesterId, json_extract(doc, '$.priority') AS priority,
                  created_at AS createdAt FROM tickets`,
        )
        .all(),
    timeline: async () =>
      db.prepare<[], TimelineRow>('SELECT ticket_id AS ticketId, version, type FROM timeline').all(),
    timers: async () =>
      db
        .prepare<[], TimerRow>(
          'SELECT id, ticket_id AS ticketId, due_at AS dueAt, status, fired_at AS firedAt FROM timers',
        )
        .all(),
    outbox: async () =>
      db
        .prepare<[], { pending: number; dead: number }>(
          `SELECT COALESCE(SUM(status = 'pending'), 0) AS pending, COALESCE(SUM(status = 'dead'), 0) AS dead FROM outbox`,
        )
        .get()!,
    close: async () => {
      db.close();
    },
  };
}

export async function mongoView(uri: string): Promise<StoreView> {
  const client = await new MongoClient(uri).connect();
  const db = client.db();
  return {
    tickets: async () =>
      (await db.collection('tickets').find({}).toArray()).map((t) => ({
        id: String(t.id ?? t._id),
        requesterId: String(t.requester?.id),
        priority: String(t.priority),
        createdAt: Number(t.createdAt),
      })),
    timeline: async () =>
      (await db.collection('timeline').find({}).toArray()).map((e) => ({
        ticketId: String(e.ticketId),
        version: Number(e.version),
        type: String(e.type),
      })),
    timers: async () =>
      (await db.collection('timers').find({}).toArray()).map((t) => ({
        id: String(t._id),
        ticketId: String(t.ticketId),
        dueAt: Number(t.dueAt),
        status: String(t.status),
        firedAt: t.firedAt === null || t.firedAt === undefined ? null : Number(t.firedAt),
      })),
    outbox: async () => ({
      pending: await db.collection('outbox').countDocuments({ status: 'pending' }),
      dead: await db.collection('outbox').countDocuments({ status: 'dead' }),
    }),
    close: () => client.close(),
  };
}
