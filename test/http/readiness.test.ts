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

  it('is not ready while a dead letter exists, naming it and how to handle it', async () => {
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
      {
        check: 'outbox',
        error:
          '1 message(s) could not be delivered (dead letters): test:dead (text to slack conversation CGONE: Slack refused: channel_not_found). ' +
          'See "ticketbot outbox dead", then "ticketbot outbox retry KEY|--all" or "ticketbot outbox drop KEY"',
        deadLetters: 1,
        oldest: [
          {
            key: 'test:dead',
            kind: 'text',
            to: 'slack conversation CGONE',
            attempts: 1,
            error: 'Slack refused: channel_not_found',
          },
        ],
      },
    ]);
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    expect(metrics).toMatch(/^ticketbot_outbox_dead_letters 1$/m);
  });

  it('names the three oldest of many dead letters', async () => {
    const srv = await boot();
    const { store } = srv.context;
    const { owner } = srv.bot.delivery;
    for (const n of [1, 2, 3, 4, 5]) {
      const key = `test:dead-${n}`;
      await store.commit({
        at: Date.now(),
        outbox: [
          {
            key,
            lane: `test:lane-${n}`,
            message: { kind: 'text', to: { platform: 'teams', kind: 'channel', id: `19:c${n}` }, text: 'x' },
          },
        ],
      });
      expect(await store.outbox.claim(owner, Date.now(), 60_000, 1, [key])).toHaveLength(1);
      await store.outbox.deadLetter(key, owner, `refused ${n}`);
    }
    const { status, body } = await readyz(srv);
    expect(status).toBe(503);
    const [outbox] = problems(body) as unknown as Array<{
      error: string;
      deadLetters: number;
      oldest: Array<{ key: string }>;
    }>;
    expect(outbox!.deadLetters).toBe(5);
    expect(outbox!.oldest.map((d) => d.key)).toEqual(['test:dead-1', 'test:dead-2', 'test:dead-3']);
    expect(outbox!.error).toBe(
      '5 message(s) could not be delivered (dead letters): the oldest: ' +
        'test:dead-1 (text to teams channel 19:c1: refused 1); test:dead-2 (text to teams channel 19:c2: refused 2); ' +
        'test:dead-3 (text to teams channel 19:c3: refused 3). ' +
        'See "ticketbot outbox dead", then "ticketbot outbox retry KEY|--all" or "ticketbot outbox drop KEY"',
    );
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
    // Only ever growing: counters (Prometheus' rate() needs them so); the others are gauges.
    const types = new Map([...metrics.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(types.size).toBeGreaterThan(10);
    for (const [name, type] of types) expect(type, name).toBe(name.endsWith('_total') ? 'counter' : 'gauge');
    expect(types.get('ticketbot_outbox_delivered_total')).toBe('counter');
    expect(types.get('ticketbot_outbox_failures_total')).toBe('counter');
    expect(types.get('ticketbot_timers_fired_total')).toBe('counter');
    expect(types.get('ticketbot_outbox_depth')).toBe('gauge');
  });
});
