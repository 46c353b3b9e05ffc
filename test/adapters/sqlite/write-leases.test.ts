import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import type { OutboxDraft } from '../../../src/ports/outbox.js';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function draft(key: string, lane: string): OutboxDraft {
  return {
    key,
    lane,
    message: { kind: 'text', to: { platform: 'slack', kind: 'channel', id: 'C1' }, text: key },
  };
}

function openStore(): SqliteStore {
  return SqliteStore.open(mkdtempSync(join(tmpdir(), 'ticketbot-write-leases-')));
}

/** The entry's row as stored (who holds its lease, until when, how often it was tried). */
function row(store: SqliteStore, key: string) {
  return store.db
    .prepare<
      [string],
      { lease_owner: string | null; lease_until: number | null; attempts: number; status: string }
    >('SELECT lease_owner, lease_until, attempts, status FROM outbox WHERE key = ?')
    .get(key)!;
}

const claim = (store: SqliteStore, owner: string, keys?: string[], leaseMs = MINUTE) =>
  store.outbox.claim(owner, Date.now(), leaseMs, 10, keys);

describe('outbox entries leased in the commit that writes them (SQLite)', () => {
  it('leases a new entry to the owner in its commit and hands it over once, to that owner only', async () => {
    const store = openStore();
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    await store.commit({ at: Date.now(), outbox: [draft('reply', 'dm-U1')] });
    // Leased before anyone claimed it: on disk with the commit.
    expect(row(store, 'reply')).toMatchObject({ lease_owner: 'replica-a', attempts: 1, status: 'pending' });
    expect(await claim(store, 'replica-b', ['reply'])).toEqual([]);
    expect(await claim(store, 'replica-b')).toEqual([]);
    const handed = await claim(store, 'replica-a', ['reply']);
    expect(handed).toMatchObject([{ key: 'reply', lane: 'dm-U1', attempts: 1, lastError: null }]);
    expect(await claim(store, 'replica-a', ['reply'])).toEqual([]);
    expect(await claim(store, 'replica-a')).toEqual([]);
    await store.close();
  });

  it('leaves an entry behind an earlier one of its lane to the claim, once the lane is free', async () => {
    const store = openStore();
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    await store.commit({ at: Date.now(), outbox: [draft('first', 'dm-U1'), draft('second', 'dm-U1')] });
    expect(row(store, 'second').lease_owner).toBeNull();
    expect((await claim(store, 'replica-a', ['first', 'second'])).map((e) => e.key)).toEqual(['first']);
    expect(await claim(store, 'replica-a', ['second'])).toEqual([]);
    await store.outbox.complete('first', 'replica-a');
    expect(row(store, 'first').status).toBe('done');
    expect(await claim(store, 'replica-a', ['second'])).toMatchObject([{ key: 'second', attempts: 1 }]);
    await store.close();
  });

  it('writes a completion in the same transaction as the units beside it, freeing its lane for them', async () => {
    const store = openStore();
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    await store.commit({ at: Date.now(), outbox: [draft('question', 'dm-U1')] });
    expect(await claim(store, 'replica-a', ['question'])).toHaveLength(1);
    const before = { writes: store.groupCommit.transactions, syncs: store.walSync!.syncs };
    // The answer arrives while the question's send is being confirmed.
    const [, answered] = await Promise.all([
      store.outbox.complete('question', 'replica-a'),
      store.commit({ at: Date.now(), outbox: [draft('next question', 'dm-U1')] }),
    ]);
    expect(answered.outboxKeys).toEqual(['next question']);
    expect(store.groupCommit.transactions - before.writes).toBe(1);
    expect(store.walSync!.syncs - before.syncs).toBe(1);
    expect(row(store, 'question').status).toBe('done');
    // Completed first in that transaction: the lane was free, so the new entry was leased.
    expect(row(store, 'next question').lease_owner).toBe('replica-a');
    await store.close();
  });

  it('answers a completion once written, without waiting for an fsync', async () => {
    const store = openStore();
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    await store.commit({ at: Date.now(), outbox: [draft('reply', 'dm-U1')] });
    await claim(store, 'replica-a', ['reply']);
    const before = { writes: store.groupCommit.transactions, syncs: store.walSync!.syncs };
    await store.outbox.complete('reply', 'replica-a');
    expect(row(store, 'reply').status).toBe('done');
    expect(store.groupCommit.transactions - before.writes).toBe(1);
    expect(store.walSync!.syncs).toBe(before.syncs);
    await store.close();
  });

  it('renews a lease that waited long before handing it over, and never hands over one another process took', async () => {
    const store = openStore();
    const lease = 200;
    store.outbox.leaseOnWrite('replica-a', lease);
    await store.commit({ at: Date.now(), outbox: [draft('late', 'lane-1')] });
    const leasedUntil = row(store, 'late').lease_until!;
    await sleep(lease / 2);
    expect(await claim(store, 'replica-a', ['late'], lease)).toHaveLength(1);
    expect(row(store, 'late').lease_until!).toBeGreaterThan(leasedUntil);

    await store.commit({ at: Date.now(), outbox: [draft('lost', 'lane-2')] });
    await sleep(lease + 50);
    // Its lease ran out on the store's clock: another replica's pass took it.
    expect(await claim(store, 'replica-b', ['lost'], lease)).toMatchObject([{ key: 'lost', attempts: 2 }]);
    expect(await claim(store, 'replica-a', ['lost'], lease)).toEqual([]);
    expect(row(store, 'lost').lease_owner).toBe('replica-b');
    await store.close();
  });

  it("hands entries nobody claimed to the owner's worker pass, beside those it claims", async () => {
    const store = openStore();
    await store.commit({ at: Date.now(), outbox: [draft('before', 'lane-1')] });
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    await store.commit({ at: Date.now(), outbox: [draft('timer notice', 'lane-2')] });
    const pass = await claim(store, 'replica-a');
    expect(pass.map((e) => e.key).sort()).toEqual(['before', 'timer notice']);
    await store.close();
  });

  it('never lets entries waiting in memory crowd an older due entry out of a worker pass', async () => {
    const store = openStore();
    await store.commit({ at: Date.now(), outbox: [draft('older retry', 'lane-old')] });
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    // More entries waiting for this owner than one pass takes (10 here).
    for (let i = 0; i < 15; i++)
      await store.commit({ at: Date.now(), outbox: [draft(`new ${i}`, `lane-${i}`)] });
    const pass = await claim(store, 'replica-a');
    expect(pass).toHaveLength(10);
    expect(pass.map((e) => e.key)).toContain('older retry');
    await store.close();
  });

  it('gives leases taken on write back at a clean stop, as if never taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-write-leases-stop-'));
    const store = SqliteStore.open(dir);
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    await store.commit({ at: Date.now(), outbox: [draft('unsent', 'lane-1')] });
    await store.close();
    const reopened = SqliteStore.open(dir);
    expect(row(reopened, 'unsent')).toMatchObject({ lease_owner: null, attempts: 0 });
    // Claimed at once by the next process, as a first try (it looks for nothing sent before).
    expect(await claim(reopened, 'replica-b', ['unsent'])).toMatchObject([{ key: 'unsent', attempts: 1 }]);
    await reopened.close();
  });

  it('at a clean stop, waits for commits still on their way and gives their leases back too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-write-leases-stopping-'));
    const store = SqliteStore.open(dir);
    store.outbox.leaseOnWrite('replica-a', MINUTE);
    const onItsWay = store.commit({ at: Date.now(), outbox: [draft('late reply', 'lane-1')] });
    await store.close();
    await expect(onItsWay).resolves.toMatchObject({ outboxKeys: ['late reply'] });
    const reopened = SqliteStore.open(dir);
    expect(row(reopened, 'late reply')).toMatchObject({ lease_owner: null, attempts: 0 });
    await reopened.close();
  });

  it('keeps no lease after a crash beyond its time: the entry goes to the next claimer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-write-leases-crash-'));
    const lease = 150;
    const crashed = SqliteStore.open(dir);
    crashed.outbox.leaseOnWrite('replica-a', lease);
    await crashed.commit({ at: Date.now(), outbox: [draft('in flight', 'lane-1')] });
    // No close (the process died): the lease stays until it runs out.
    const next = SqliteStore.open(dir);
    expect(await claim(next, 'replica-b', ['in flight'], lease)).toEqual([]);
    await sleep(lease + 50);
    expect(await claim(next, 'replica-b', ['in flight'], lease)).toMatchObject([
      { key: 'in flight', attempts: 2 },
    ]);
    await next.close();
    crashed.db.close();
  });
});
