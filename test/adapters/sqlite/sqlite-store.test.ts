import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import { newTicket, storeContract } from '../../helpers/store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ticketbot-sqlite-'));
storeContract('SQLite', async () => SqliteStore.open(dir));

describe('SQLite specifics', () => {
  it('upgrades a version 1 file (no conversation revisions) in place', async () => {
    const own = mkdtempSync(join(tmpdir(), 'ticketbot-sqlite-v1-'));
    const old = new Database(join(own, 'ticketbot.db'));
    old.exec(
      'CREATE TABLE conversations (key TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID',
    );
    old
      .prepare('INSERT INTO conversations VALUES (?, ?, ?)')
      .run('k', JSON.stringify({ conversationKey: 'k', step: 'company' }), 1);
    old.close();
    const store = SqliteStore.open(own);
    expect((await store.conversations.load('k'))?.revision).toBe(1);
    expect(store.db.prepare("SELECT value FROM meta WHERE name = 'schema_version'").pluck().get()).toBe('3');
    await store.close();
  });

  it('uses WAL and keeps tickets across reopening the file', async () => {
    const own = mkdtempSync(join(tmpdir(), 'ticketbot-sqlite-reopen-'));
    const first = SqliteStore.open(own);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const { ticket } = await first.tickets.create(newTicket(), {
      at: 1,
      actor: 'a',
      type: 'created',
      data: {},
    });
    await first.close();
    const second = SqliteStore.open(own);
    expect(await second.tickets.get(ticket.id)).toEqual(ticket);
    expect(second.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await second.close();
  });

  it('looks up open incidents through their own index, not through every open ticket', async () => {
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'ticketbot-sqlite-plan-')));
    const statement = (store.tickets as unknown as { openIncidents: { source: string } }).openIncidents;
    const plan = store.db
      .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.source}`)
      .all('acme.workspace365.net')
      .map((row) => row.detail);
    expect(plan.join('; ')).toMatch(/USING INDEX tickets_open_incidents/);
    await store.close();
  });
});
