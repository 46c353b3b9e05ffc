import type { Logger } from '../ports/logger.js';

export interface WorkerHealth {
  readonly name: string;
  readonly running: boolean;
  /** When a pass last finished (epoch ms), null before the first. */
  readonly lastPassAt: number | null;
  readonly lastError: string | null;
}

/**
 * A loop that runs one pass, waits, and runs again, until stopped; a pass that did
 * work is followed at once by the next. Its health tells /readyz whether it still runs.
 */
export class PollingWorker {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private current: Promise<void> | undefined;
  private lastPassAt: number | null = null;
  private lastError: string | null = null;

  constructor(
    readonly name: string,
    private readonly pass: () => Promise<number>,
    private readonly options: {
      readonly intervalMs: number;
      readonly logger: Logger;
      readonly now: () => number;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.runPass();
    }, delay);
  }

  private async runPass(): Promise<void> {
    let didWork = 0;
    try {
      didWork = await this.pass();
      this.lastError = null;
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.options.logger.error({ worker: this.name, err: this.lastError }, 'worker pass failed');
    }
    this.lastPassAt = this.options.now();
    this.schedule(didWork > 0 ? 0 : this.options.intervalMs);
  }

  /** Stops after the pass in progress (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current;
  }

  health(): WorkerHealth {
    return { name: this.name, running: this.running, lastPassAt: this.lastPassAt, lastError: this.lastError };
  }

  /** Ready: running, and a pass finished recently (a hung pass or a dead loop is not ready). */
  isAlive(now: number, maxSilenceMs: number): boolean {
    return this.running && this.lastPassAt !== null && now - this.lastPassAt <= maxSilenceMs;
  }
}
