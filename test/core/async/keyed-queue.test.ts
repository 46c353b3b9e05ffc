import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../../src/core/async/keyed-queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after another, in arrival order, and other keys beside them', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run('a', task('a1', 30)),
      queue.run('a', task('a2', 1)),
      queue.run('b', task('b1', 5)),
      queue.run('a', task('a3', 1)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'a3']);
    const aOnly = log.filter((line) => line.endsWith('a1') || line.endsWith('a2') || line.endsWith('a3'));
    expect(aOnly).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    // b did not wait for a.
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('runs the next task after one that failed, and hands each caller its own outcome', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('forgets a key once nothing is queued for it', async () => {
    const queue = new KeyedQueue();
    await Promise.all([queue.run('a', async () => 1), queue.run('b', async () => 2)]);
    await sleep(0);
    expect(queue.size).toBe(0);
  });
});

describe('KeyedQueue with a task that never ends', () => {
  it('starts the next task of the key once the wait bound has passed', async () => {
    const queue = new KeyedQueue(50);
    void queue.run('a', () => new Promise<never>(() => undefined));
    const started = Date.now();
    await expect(queue.run('a', async () => 'next')).resolves.toBe('next');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
