import type { Db } from 'mongodb';

const REFRESH_MS = 5_000;

/**
 * The store's notion of now: the server's clock, so processes on machines whose clocks
 * drift apart still agree on when a lease runs out. Asking the server on every call
 * would cost a round trip each time, so the offset to the local clock is cached and
 * refreshed every few seconds.
 */
export class ServerClock {
  private offset = 0;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | null = null;
  private askStatus = true;

  constructor(private readonly db: Db) {}

  async now(): Promise<number> {
    if (Date.now() - this.checkedAt >= REFRESH_MS) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = null;
      });
      await this.refreshing;
    }
    return Date.now() + this.offset;
  }

  private async refresh(): Promise<void> {
    const sentAt = Date.now();
    const server = await this.serverTime();
    const receivedAt = Date.now();
    // A server that reports no time (the jongodb test server): the local clock, so
    // leases across processes then rely on their machines' clocks agreeing.
    this.offset = server === null ? 0 : server - Math.round((sentAt + receivedAt) / 2);
    this.checkedAt = receivedAt;
  }

  /** The server's wall clock as reported by `hello` (or `serverStatus`), if it reports one. */
  private async serverTime(): Promise<number | null> {
    const hello = await this.db.admin().command({ hello: 1 });
    if (hello.localTime instanceof Date) return hello.localTime.getTime();
    if (!this.askStatus) return null;
    try {
      const status = await this.db.admin().command({ serverStatus: 1, repl: 0, metrics: 0, locks: 0 });
      if (status.localTime instanceof Date) return status.localTime.getTime();
    } catch {
      // Not every server offers serverStatus (or grants it to this user): not asked again.
      this.askStatus = false;
    }
    return null;
  }
}
