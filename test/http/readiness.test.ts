import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../helpers/server-harness.js';

// /readyz tells a load balancer or an operator the truth: the store takes writes, the
// workers run, nothing was given up on. /metrics shows the timer and outbox gauges.

let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function boot(): Promise<RunningServer> {
  server = await startServer({}, { workers: true, outboxIntervalMs: 100, timerIntervalMs: 100 });
  // Both workers finish a first pass.
  const deadline = Date.now() + 10_000;
  while ((await fetch(`${server.url}/readyz`)).status !== 200 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  return server;
}

async function readyz(srv: RunningServer): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${srv.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function problems(body: Record<string, unknown>): Array<{ check: string; error: string }> {
  return (body.problems ?? []) as Array<{ check: string; error: string }>;
}

describe('/readyz and /metrics', () => {
  it('is ready normally', async () => {
    const srv = await boot();
    expect(await readyz(srv)).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('is not ready, naming the store, when the store cannot write', async () => {
    const srv = await boot();
    await srv.context.store.close();
    const { status, body } = await readyz(srv);
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(problems(body).map((p) => p.check)).toContain('store');
    expect(problems(body).find((p) => p.check === 'store')?.error).toMatch(/\S/);
  });

  it('is not ready, naming the worker, when a worker stopped', async () => {
    const srv = await boot();
    const [timers] = srv.bot.workers;
    await timers!.stop();
    const { status, body } = await readyz(srv);
    expect(status).toBe(503);
    expect(problems(body)).toEqual([{ check: 'workers', error: `not running: ${timers!.name}` }]);
  });

  it('is not ready while a dead letter exists', async () => {
    const srv = await boot();
    const { store } = srv.context;
    // A message that was given up on (as the outbox does after its last attempt).
    await store.commit({
      at: Date.now(),
      outbox: [
        {
          key: 'test:dead',
          lane: 'test:nowhere',
          message: {
            kind: 'text',
            to: { platform: 'slack', kind: 'conversation', id: 'CGONE' },
            text: 'never delivered',
          },
        },
      ],
    });
    // Leased in its commit to this process's delivery, which takes it before its worker can.
    const { owner } = srv.bot.delivery;
    expect(await store.outbox.claim(owner, Date.now(), 60_000, 1, ['test:dead'])).toHaveLength(1);
    await store.outbox.deadLetter('test:dead', owner, 'Slack refused: channel_not_found');
    const { status, body } = await readyz(srv);
    expect(status).toBe(503);
    expect(problems(body)).toEqual([
      { check: 'outbox', error: '1 message(s) could not be delivered (dead letters)' },
    ]);
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    expect(metrics).toMatch(/^ticketbot_outbox_dead_letters 1$/m);
  });

  it('/metrics shows the timer and outbox gauges', async () => {
    const srv = await boot();
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    for (const gauge of [
      'ticketbot_timers_pending',
      'ticketbot_timers_due',
      'ticketbot_timers_fired_total',
      'ticketbot_timer_lag_p50_ms',
      'ticketbot_timer_lag_p99_ms',
      'ticketbot_outbox_depth',
      'ticketbot_outbox_dead_letters',
      'ticketbot_outbox_delivered_total',
      'ticketbot_outbox_failures_total',
    ])
      expect(metrics).toMatch(new RegExp(`^${gauge} \\d+(\\.\\d+)?$`, 'm'));
    expect(metrics).toMatch(/^ticketbot_outbox_dead_letters 0$/m);
  });
});
