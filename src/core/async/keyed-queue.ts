import { waitAtMost } from './with-deadline.js';

const ignore = () => undefined;

/**
 * Runs tasks one after another per key, in the order they arrive; tasks of different keys
 * run side by side. A task runs whether the one before it succeeded or failed, and waits
 * at most `maxWaitMs` for it (a task that hangs must not hold its key for ever; whatever
 * the queue guards must stay safe without it, as a compare-and-set does). Keys with
 * nothing queued are forgotten, so memory follows what is in progress.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxWaitMs = 30_000) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? waitAtMost(previous, this.maxWaitMs).then(() => task()) : task();
    const tail = result.then(ignore, ignore);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
