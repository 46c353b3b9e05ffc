import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../helpers/server-harness.js';

let server: RunningServer;

beforeAll(async () => {
  // Teams in local development mode, so /api/messages has its body parser (and its 413).
  server = await startServer({ TICKETBOT_DEV: '1' });
});
afterAll(async () => {
  await server?.close();
});

async function errorAnswer(path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, init);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    allow: res.headers.get('allow'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe('HTTP answers a newcomer meets first', () => {
  it('HEAD /healthz is 200 without a body', async () => {
    const res = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('an unknown path is 404 with {error, message}', async () => {
    expect(await errorAnswer('/nope?x=1')).toEqual({
      status: 404,
      type: 'application/json',
      allow: null,
      body: { error: 'not_found', message: 'GET /nope: no such endpoint' },
    });
  });

  it('a wrong method is 405 with {error, message} naming the allowed ones', async () => {
    expect(await errorAnswer('/api/messages')).toEqual({
      status: 405,
      type: 'application/json',
      allow: 'POST',
      body: { error: 'method_not_allowed', message: 'GET /api/messages: method not allowed; use POST' },
    });
    const health = await errorAnswer('/healthz', { method: 'DELETE' });
    expect(health.status).toBe(405);
    expect(health.body).toEqual({
      error: 'method_not_allowed',
      message: `DELETE /healthz: method not allowed; use ${health.allow}`,
    });
    expect(health.allow?.split(', ').sort()).toEqual(['GET', 'HEAD']);
  });

  it('a body over the limit is 413 in the same shape', async () => {
    const answer = await errorAnswer('/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expect(Object.keys(answer.body).sort()).toEqual(['error', 'message']);
    expect(answer.body.error).toBe('payload_too_large');
  });
});
