/** What one item of a batch came to: its value, or the error that undid only it. */
export type BatchOutcome<R> =
  | { readonly ok: true; readonly value: R }
  | { readonly ok: false; readonly error: unknown };

interface Waiting<T, R> {
  readonly item: T;
  /** Answered only once on disk; bookkeeping (an outbox completion) is answered once written. */
  readonly durable: boolean;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: the items submitted while the event loop is busy (typically the turns of
 * several conversations that arrived together) are written in one transaction, so they
 * share one fsync. Each caller is answered only after the transaction that holds its own
 * item has committed, so an acknowledged item is as durable as with a commit of its own.
 * Bookkeeping that needs no fsync rides along, saving a transaction of its own.
 */
export class GroupCommit<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private unanswered = 0;
  private readonly idle: Array<() => void> = [];
  private scheduled = false;
  /** Transactions that carried durable items, and those items (fsyncs per item = batches / items). */
  batches = 0;
  items = 0;
  /** Every transaction written, bookkeeping alone included. */
  transactions = 0;

  constructor(
    /** Writes a whole batch in one transaction; throws when the transaction itself failed. */
    private readonly writeBatch: (items: readonly T[]) => BatchOutcome<R>[],
    /** Resolves once what was just written is on disk (the callers are answered then). */
    private readonly durable: () => Promise<void>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: T, durable = true): Promise<R> {
    this.unanswered += 1;
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, durable, resolve, reject });
      this.schedule();
    });
  }

  /** Answers one item (and wakes settled() once none is left). */
  private answer(w: Waiting<T, R>, outcome: BatchOutcome<R>): void {
    if (outcome.ok) w.resolve(outcome.value);
    else w.reject(outcome.error);
    this.unanswered -= 1;
    if (this.unanswered === 0) for (const wake of this.idle.splice(0)) wake();
  }

  /** Resolves once every item submitted so far has been answered (for a clean stop). */
  settled(): Promise<void> {
    if (this.unanswered === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase: every request read in this loop turn joins.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.waiting.splice(0, this.maxBatch);
    if (this.waiting.length > 0) this.schedule();
    if (batch.length === 0) return;
    let outcomes: BatchOutcome<R>[];
    try {
      outcomes = this.writeBatch(batch.map((w) => w.item));
    } catch (error) {
      for (const w of batch) this.answer(w, { ok: false, error });
      return;
    }
    this.transactions += 1;
    const settle = (w: Waiting<T, R>, i: number) => this.answer(w, outcomes[i]!);
    let durableItems = 0;
    batch.forEach((w, i) => {
      if (w.durable) durableItems += 1;
      else settle(w, i);
    });
    if (durableItems === 0) return;
    this.batches += 1;
    this.items += durableItems;
    this.durable().then(
      () =>
        batch.forEach((w, i) => {
          if (w.durable) settle(w, i);
        }),
      (error: unknown) => {
        for (const w of batch) if (w.durable) this.answer(w, { ok: false, error });
      },
    );
  }
}
