/** The last N timer lags, for p50/p99 on /metrics. */
export class LagStats {
  private readonly samples: number[] = [];
  fired = 0;

  constructor(private readonly keep = 1000) {}

  add(lags: readonly number[]): void {
    this.fired += lags.length;
    for (const lag of lags) {
      this.samples.push(lag);
      if (this.samples.length > this.keep) this.samples.shift();
    }
  }

  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }
}
