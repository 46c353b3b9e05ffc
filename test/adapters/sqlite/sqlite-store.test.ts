import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import { newTicket, storeContract } from '../../helpers/store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'ticketbot-sqlite-'));
storeContract('SQLite', async () => SqliteStore.open(dir));

describe('SQLite specifics', () => {
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
});
