import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET, SlackUser } from '../helpers/slack-user.js';

// Short timeouts, so the test sees a slow client cut off; production uses DEFAULT_TIMEOUTS.
const HEADERS_MS = 1_500;
const REQUEST_MS = 3_000;
/** Node checks for late clients once a second; the rest is room for a loaded CI machine. */
const CUT_OFF_SLACK_MS = 2_500;

let api: FakeSlackApi;
let server: RunningServer;
let port: number;

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  server = await startServer(
    {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: api.url,
      // Teams in development mode, so /api/messages reads bodies (and has a body limit).
      TICKETBOT_DEV: '1',
    },
    { httpTimeouts: { headersMs: HEADERS_MS, requestMs: REQUEST_MS } },
  );
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
  await api?.stop();
});

/** A client sending its request a byte at a time; `closed` says when the server hung up. */
function trickle(head: string, body: string, everyMs: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let received = '';
  socket.setEncoding('utf8').on('data', (d: string) => {
    received += d;
  });
  socket.on('error', () => undefined);
  const bytes = [...head, ...body];
  const timer = setInterval(() => {
    const next = bytes.shift();
    if (next === undefined || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    socket.write(next);
  }, everyMs);
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: Date.now() - started, received });
    }),
  );
  return { closed, stop: () => socket.destroy() };
}

/** Meanwhile: /healthz and a signed Slack request, each answered quickly, again and again. */
async function othersAreServed(forMs: number): Promise<number[]> {
  const user = new SlackUser(server.url, api, 'UPROMPT');
  const latencies: number[] = [];
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    const started = Date.now();
    const health = await fetch(`${server.url}/healthz`);
    const challenge = await user.send(
      JSON.stringify({ type: 'url_verification', challenge: 'still-here', token: 't' }),
      'application/json',
    );
    expect(health.status).toBe(200);
    expect(await challenge.json()).toEqual({ challenge: 'still-here' });
    latencies.push(Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return latencies;
}

describe('slow clients', () => {
  it('slow-loris headers, 30 connections: all cut off in bounded time while others are answered promptly', async () => {
    const head = 'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
    const slow = Array.from({ length: 30 }, () => trickle(`${head}${'a'.repeat(1_000)}`, '', 100));
    const latencies = await othersAreServed(HEADERS_MS + 500);
    const cut = await Promise.all(slow.map((s) => s.closed));
    for (const { afterMs, received } of cut) {
      expect(afterMs).toBeLessThan(HEADERS_MS + CUT_OFF_SLACK_MS);
      // Node answers 408 Request Timeout before it closes.
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    }
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  });

  it('connections that never send a byte are closed after the headers timeout, and a slow handler is not', async () => {
    const silent = Array.from({ length: 50 }, () => trickle('', '', 100));
    const latencies = await othersAreServed(HEADERS_MS + 500);
    const cut = await Promise.all(silent.map((s) => s.closed));
    for (const { afterMs, received } of cut) {
      expect(afterMs).toBeLessThan(HEADERS_MS + CUT_OFF_SLACK_MS);
      expect(received).toBe('');
    }
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    // A keep-alive client is left to Node's keep-alive timeout, request after request.
    const agent = new Agent({ keepAlive: true });
    try {
      for (let i = 0; i < 3; i++) {
        const status = await new Promise<number>((resolve, reject) =>
          httpRequest(`${server.url}/healthz`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
            .on('error', reject)
            .end(),
        );
        expect(status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, HEADERS_MS / 2));
      }
    } finally {
      agent.destroy();
    }
  });

  it('a body trickled a byte at a time is cut off at the request timeout while others are answered', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'x'.repeat(500) });
    const head = `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const logged = server.logs.length;
    // Another client sends its headers and part of its body, then gives up.
    const quitter = connect(port, '127.0.0.1');
    quitter.on('error', () => undefined);
    quitter.write(`${head}${body.slice(0, 100)}`);
    setTimeout(() => quitter.destroy(), 500);
    const slowBody = trickle(head, body, 100);
    const latencies = await othersAreServed(REQUEST_MS);
    const { afterMs } = await slowBody.closed;
    expect(afterMs).toBeLessThan(REQUEST_MS + CUT_OFF_SLACK_MS);
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    // A client that went away is the client's doing: noted, not an error with a stack (a
    // cheap attack would otherwise flood the error log and its alerts).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = server.logs.slice(logged).join('');
    expect(lines).not.toMatch(/"level":50/);
    expect(lines).toContain('closed the connection before its request was read');
  });

  it('bodies over 1 MiB in a loop get 413 on both endpoints, and the server keeps answering', async () => {
    const big = JSON.stringify({ type: 'message', text: 'x'.repeat(1024 * 1024 + 10) });
    const post = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        // The server may answer (and stop reading) before the whole body is sent.
        req.on('error', (err: NodeJS.ErrnoException) =>
          err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
        );
        req.end(big);
      });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push(await post(i % 2 ? '/slack/events' : '/api/messages'));
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    }
    expect(statuses).toEqual(Array(20).fill(413));
  });
});
