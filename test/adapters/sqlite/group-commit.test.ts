import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/adapters/sqlite/group-commit.js';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import { WalSync } from '../../../src/adapters/sqlite/wal-sync.js';
import type { IntakeState } from '../../../src/core/intake/intake-state.js';
import { ConversationConflictError } from '../../../src/ports/conversation-repository.js';

const state = (key: string) => ({ conversationKey: key, updatedAt: 1 }) as unknown as IntakeState;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit on SQLite', () => {
  it('commits units that arrive together in one transaction and one fdatasync', async () => {
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'ticketbot-group-')));
    const before = { batches: store.groupCommit.batches, syncs: store.walSync!.syncs };
    const units = Array.from({ length: 50 }, (_, i) =>
      store.commit({
        eventId: `e${i}`,
        at: i,
        conversation: { save: state(`c${i}`), expectedRevision: null },
      }),
    );
    const results = await Promise.all(units);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(await store.conversations.countOpen()).toBe(50);
    expect(store.groupCommit.batches - before.batches).toBe(1);
    expect(store.walSync!.syncs - before.syncs).toBe(1);
    await store.close();
  });

  it('undoes only the unit that conflicts; the others of its batch commit', async () => {
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'ticketbot-group-conflict-')));
    await store.commit({ at: 0, conversation: { save: state('taken'), expectedRevision: null } });
    const [first, conflicting, third] = await Promise.allSettled([
      store.commit({ eventId: 'a', at: 1, conversation: { save: state('x'), expectedRevision: null } }),
      // Revision null means "new": the conversation exists, so this unit must fail whole.
      store.commit({ eventId: 'b', at: 1, conversation: { save: state('taken'), expectedRevision: null } }),
      store.commit({ eventId: 'c', at: 1, conversation: { save: state('y'), expectedRevision: null } }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(third.status).toBe('fulfilled');
    expect(conflicting.status).toBe('rejected');
    expect((conflicting as PromiseRejectedResult).reason).toBeInstanceOf(ConversationConflictError);
    // Its event id claim was undone with it: a retry of event b is not taken for a duplicate.
    expect(await store.inbox.seen('b')).toBe(false);
    expect(await store.inbox.seen('a')).toBe(true);
    expect(await store.conversations.load('y')).not.toBeNull();
    await store.close();
  });
});

describe('background checkpoints', () => {
  it('copy the write-ahead log into the database file off the event loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-checkpoint-'));
    const store = SqliteStore.open(dir);
    // The connection itself would only checkpoint after thousands of pages.
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
    const before = statSync(join(dir, 'ticketbot.db')).size;
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.commit({
          at: i,
          conversation: { save: state(`k${i}${'x'.repeat(500)}`), expectedRevision: null },
        }),
      ),
    );
    let after = before;
    for (let i = 0; i < 50 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = statSync(join(dir, 'ticketbot.db')).size;
    }
    expect(after).toBeGreaterThan(before);
    await store.close();
  });
});

describe('WalSync', () => {
  it('answers a commit only after a sync that started after it was written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ticketbot-walsync-')), 'log');
    writeFileSync(file, 'x');
    const held: Array<(error: null) => void> = [];
    const sync = new WalSync(file, (_fd, done) => held.push(done));
    const answered: string[] = [];
    void sync.durable().then(() => answered.push('first'));
    await tick();
    // Written while the first sync runs: it must wait for a second sync.
    void sync.durable().then(() => answered.push('second'));
    void sync.durable().then(() => answered.push('third'));
    await tick();
    expect(held).toHaveLength(1);
    expect(answered).toEqual([]);
    held[0]!(null);
    await tick();
    expect(answered).toEqual(['first']);
    expect(held).toHaveLength(2);
    held[1]!(null);
    await tick();
    expect(answered).toEqual(['first', 'second', 'third']);
    expect(sync.syncs).toBe(2);
    await sync.close();
  });

  it('fails the commits a failed sync covered, so they are not acknowledged', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ticketbot-walsync-fail-')), 'log');
    writeFileSync(file, 'x');
    const sync = new WalSync(file, (_fd, done) =>
      done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })),
    );
    await expect(sync.durable()).rejects.toThrow(/EIO/);
    await sync.close();
  });

  it('fails every caller of a batch whose transaction could not be written', async () => {
    const group = new GroupCommit<number, number>(
      () => {
        throw new Error('SQLITE_FULL: database or disk is full');
      },
      () => Promise.resolve(),
    );
    const results = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
