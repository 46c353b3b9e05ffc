import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { runCli } from '../helpers/run-cli.js';

/** A store with one message that failed for good. */
async function storeWithDeadLetter(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ticketbot-outbox-cli-'));
  const store = SqliteStore.open(dir);
  const to = { platform: 'slack', kind: 'channel', id: 'CGONE' } as const;
  await store.commit({
    at: 1_000,
    outbox: [{ key: 'notice-1', lane: 'slack:CGONE', message: { kind: 'text', to, text: 'hello' } }],
  });
  const [entry] = await store.outbox.claim('op', 2_000, 60_000, 10);
  await store.outbox.deadLetter(entry!.key, 'op', 'Slack refused: channel_not_found');
  await store.close();
  return dir;
}

describe('ticketbot outbox: the operator handles dead letters', () => {
  it('lists them, queues one again, and drops one for good', async () => {
    const dir = await storeWithDeadLetter();
    const env = { DATA_DIR: dir };
    const listed = await runCli(['outbox', 'dead'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(
      'notice-1\ttext\tslack channel CGONE\t1 attempts\tSlack refused: channel_not_found',
    );

    const retried = await runCli(['outbox', 'retry', 'notice-1'], { env });
    expect(retried).toMatchObject({ code: 0, stdout: 'queued again: notice-1\n' });
    const store = SqliteStore.open(dir);
    expect(await store.outbox.stats(3_000)).toMatchObject({ pending: 1, dead: 0 });
    const [again] = await store.outbox.claim('op', Date.now(), 60_000, 10);
    await store.outbox.deadLetter(again!.key, 'op', 'still gone');
    await store.close();

    const dropped = await runCli(['outbox', 'drop', 'notice-1'], { env });
    expect(dropped).toMatchObject({ code: 0, stdout: 'dropped: notice-1\n' });
    expect((await runCli(['outbox', 'dead'], { env })).stdout).toBe('no dead letters\n');
    const unknown = await runCli(['outbox', 'retry', 'nothing-here'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no dead letter "nothing-here"');
  });

  it('retry --all queues every dead letter again and says how many; drop --all drops every one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-outbox-cli-all-'));
    const store = SqliteStore.open(dir);
    const keys = ['all-1', 'all-2', 'all-3'];
    for (const key of keys) {
      const to = { platform: 'slack', kind: 'user', id: `U-${key}` } as const;
      await store.commit({
        at: 1_000,
        outbox: [{ key, lane: `dm:${key}`, message: { kind: 'text', to, text: 'hi' } }],
      });
    }
    for (const entry of await store.outbox.claim('op', 2_000, 60_000, 10))
      await store.outbox.deadLetter(entry.key, 'op', 'Slack refused the bot token (invalid_auth)');
    await store.close();
    const env = { DATA_DIR: dir };

    const retried = await runCli(['outbox', 'retry', '--all'], { env });
    expect(retried).toMatchObject({ code: 0, stdout: 'queued again: 3 dead letters\n' });
    expect((await runCli(['outbox', 'dead'], { env })).stdout).toBe('no dead letters\n');
    // Nothing left to queue: said so, still a success.
    expect(await runCli(['outbox', 'retry', '--all'], { env })).toMatchObject({
      code: 0,
      stdout: 'queued again: 0 dead letters\n',
    });

    const again = SqliteStore.open(dir);
    const claimed = await again.outbox.claim('op', Date.now(), 60_000, 10);
    expect(claimed.map((e) => [e.key, e.attempts])).toEqual(keys.map((k) => [k, 1]));
    for (const entry of claimed.slice(0, 2)) await again.outbox.deadLetter(entry.key, 'op', 'gone');
    await again.close();

    const dropped = await runCli(['outbox', 'drop', '--all'], { env });
    expect(dropped).toMatchObject({ code: 0, stdout: 'dropped: 2 dead letters\n' });
    expect((await runCli(['outbox', 'dead'], { env })).stdout).toBe('no dead letters\n');
    const after = SqliteStore.open(dir);
    expect(await after.outbox.stats(Date.now())).toMatchObject({ pending: 1, dead: 0 });
    await after.close();
  });

  it('refuses a KEY together with --all, --all on "dead", and neither on retry', async () => {
    const dir = await storeWithDeadLetter();
    const env = { DATA_DIR: dir };
    for (const args of [
      ['outbox', 'retry', 'notice-1', '--all'],
      ['outbox', 'drop', '--all', 'notice-1'],
      ['outbox', 'dead', '--all'],
      ['outbox', 'retry'],
    ]) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('outbox retry KEY|--all');
    }
    // Nothing was touched.
    expect((await runCli(['outbox', 'dead'], { env })).stdout).toContain('notice-1\t');
  });
});
