import type { OutboxEntry } from '../../ports/outbox.js';

/** Kept at most this many: more can only wait when nobody claims (no worker runs). */
const MAX_WAITING = 10_000;

/**
 * Outbox entries leased to this process in the commit that wrote them, waiting for its
 * claim, which then costs no transaction of its own. In memory only: after a crash the
 * leases run out and any process claims the entries as usual.
 */
export class WriteLeases {
  private readonly waiting = new Map<string, { readonly entry: OutboxEntry; readonly at: number }>();
  /** Set at a clean stop: commits from now on lease nothing. */
  stopped = false;

  constructor(
    readonly owner: string,
    readonly leaseMs: number,
  ) {}

  /**
   * Once the commit that leased them at `leasedAt` (performance.now()) is durable. Returns
   * the keys let go for want of room, whose leases are to be given back.
   */
  keep(entries: readonly OutboxEntry[], leasedAt: number): string[] {
    for (const entry of entries) this.waiting.set(entry.key, { entry, at: leasedAt });
    const now = performance.now();
    const letGo: string[] = [];
    // Oldest first (a Map keeps insertion order): a lease run out is the store's to give again.
    for (const [key, { at }] of this.waiting) {
      if (now - at >= this.leaseMs) this.waiting.delete(key);
      else if (this.waiting.size > MAX_WAITING) {
        this.waiting.delete(key);
        letGo.push(key);
      } else break;
    }
    return letGo;
  }

  /**
   * Up to `limit` waiting entries (only `keys`, when given), each handed over once. One
   * that waited a quarter of its lease is handed over only when `renew` keeps it ours,
   * so its sender still has most of a lease, as after a claim.
   */
  take(keys: readonly string[] | undefined, limit: number, renew: (key: string) => boolean): OutboxEntry[] {
    if (this.waiting.size === 0) return [];
    const now = performance.now();
    const taken: OutboxEntry[] = [];
    const handOver = (key: string) => {
      const found = this.waiting.get(key);
      if (!found) return;
      this.waiting.delete(key);
      if (now - found.at < this.leaseMs / 4 || renew(key)) taken.push(found.entry);
    };
    for (const key of keys ?? [...this.waiting.keys()]) {
      if (taken.length >= limit) break;
      handOver(key);
    }
    return taken;
  }

  /** Keys still waiting (to give their leases back at a clean stop). */
  drain(): string[] {
    const keys = [...this.waiting.keys()];
    this.waiting.clear();
    return keys;
  }
}
