/** Request counters and durations per route and status, in the Prometheus text format. */
export class HttpMetrics {
  private readonly counts = new Map<string, number>();
  private readonly seconds = new Map<string, number>();
  private readonly started = Date.now();

  record(route: string, status: number, durationMs: number): void {
    const key = `route="${route}",status="${status}"`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.seconds.set(key, (this.seconds.get(key) ?? 0) + durationMs / 1000);
  }

  /**
   * The exposition text, with extra values (name -> value) read at scrape time: a name
   * ending in `_total` only grows (a counter, for rate()), any other is a gauge.
   */
  render(gauges: Readonly<Record<string, number>>): string {
    const lines = [
      '# HELP ticketbot_http_requests_total HTTP requests by route and status.',
      '# TYPE ticketbot_http_requests_total counter',
      ...[...this.counts].map(([labels, n]) => `ticketbot_http_requests_total{${labels}} ${n}`),
      '# HELP ticketbot_http_request_seconds_total Time spent answering HTTP requests.',
      '# TYPE ticketbot_http_request_seconds_total counter',
      ...[...this.seconds].map(
        ([labels, s]) => `ticketbot_http_request_seconds_total{${labels}} ${s.toFixed(6)}`,
      ),
      '# HELP ticketbot_uptime_seconds Seconds since the process started.',
      '# TYPE ticketbot_uptime_seconds gauge',
      `ticketbot_uptime_seconds ${Math.round((Date.now() - this.started) / 1000)}`,
    ];
    for (const [name, value] of Object.entries(gauges)) {
      lines.push(`# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}`, `${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
