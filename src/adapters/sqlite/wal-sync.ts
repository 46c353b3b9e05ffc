import { closeSync, fdatasync, openSync } from 'node:fs';

/**
 * Makes commits durable without holding the event loop: transactions are written with
 * synchronous=NORMAL (in the write-ahead log, not yet on disk) and their callers wait for
 * an fdatasync of that log, run on libuv's thread pool. One sync covers every commit
 * written before it started, so commits arriving while a sync is in flight share the
 * next one (group commit), and the loop keeps serving other conversations meanwhile.
 * NORMAL keeps the file safe from corruption: SQLite syncs the log itself before every
 * checkpoint.
 */
export class WalSync {
  private fd: number | null = null;
  private written = 0;
  private synced = 0;
  private inFlight = false;
  private waiting: Array<{ seq: number; resolve: () => void; reject: (error: unknown) => void }> = [];
  /** fdatasync calls made (fsyncs per event = syncs / events). */
  syncs = 0;

  constructor(
    private readonly walFile: string,
    /** The sync call (fdatasync; replaceable to observe ordering in tests). */
    private readonly sync: (
      fd: number,
      done: (error: NodeJS.ErrnoException | null) => void,
    ) => void = fdatasync,
  ) {}

  /** Called right after a transaction committed: resolves once it is on disk. */
  durable(): Promise<void> {
    const seq = ++this.written;
    return new Promise((resolve, reject) => {
      this.waiting.push({ seq, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.inFlight || this.waiting.length === 0) return;
    this.inFlight = true;
    // Everything written before this point is covered by this sync.
    const covers = this.written;
    let fd: number;
    try {
      fd = this.fd ??= openSync(this.walFile, 'r+');
    } catch (error) {
      this.settle(covers, error);
      return;
    }
    this.syncs += 1;
    this.sync(fd, (error) => this.settle(covers, error ?? undefined));
  }

  private settle(covers: number, error: unknown): void {
    this.inFlight = false;
    if (error === undefined) this.synced = covers;
    const done = this.waiting.filter((w) => w.seq <= covers);
    this.waiting = this.waiting.filter((w) => w.seq > covers);
    for (const w of done) {
      if (error === undefined) w.resolve();
      else w.reject(error);
    }
    this.kick();
  }

  /** True when every commit so far is on disk. */
  get idle(): boolean {
    return this.synced === this.written && !this.inFlight;
  }

  /** Waits for the syncs still running, then lets go of the log file. */
  async close(): Promise<void> {
    while (this.inFlight) await new Promise((resolve) => setImmediate(resolve));
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
