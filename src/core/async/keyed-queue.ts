const ignore = () => undefined;

/**
 * Runs tasks one after another per key, in the order they arrive; tasks of different keys
 * run side by side. A task runs whether the one before it succeeded or failed. Keys with
 * nothing queued are forgotten, so memory follows what is in progress, not what was seen.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task) : task();
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
