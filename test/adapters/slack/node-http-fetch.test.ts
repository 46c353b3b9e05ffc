import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from '../../../src/adapters/slack/node-http-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  port: number;
}

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A local server answering with `answer`; what each request carried is kept. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        port: req.socket.remotePort ?? 0,
      });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('a fetch for the Slack clients on node:http', () => {
  it('posts the body with its headers and reads the answer, over one kept-alive connection', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-oauth-scopes', 'chat:write');
      res.end(JSON.stringify({ ok: true, ts: '1.0001' }));
    });
    const fetch = nodeHttpFetch();
    const form = new URLSearchParams({ channel: 'C1', text: 'héllo & <b>' });
    const first = await fetch(`${url}/api/chat.postMessage`, { method: 'POST', body: form });
    const second = await fetch(`${url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-1' },
      body: JSON.stringify({ channel: 'C2' }),
    });

    expect(first.status).toBe(200);
    expect(first.headers.get('x-oauth-scopes')).toBe('chat:write');
    expect(first.bodyUsed).toBe(false);
    expect(await first.json()).toEqual({ ok: true, ts: '1.0001' });
    // A body is read once, as with any Response.
    expect(first.bodyUsed).toBe(true);
    await expect(first.text()).rejects.toThrow(TypeError);
    expect(new TextDecoder().decode(await second.arrayBuffer())).toBe('{"ok":true,"ts":"1.0001"}');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/chat.postMessage', body: form.toString() });
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength(form.toString())));
    expect(seen[1]).toMatchObject({ body: '{"channel":"C2"}' });
    expect(seen[1]!.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      authorization: 'Bearer xoxb-1',
    });
    expect(seen[1]!.port).toBe(seen[0]!.port);
  });

  it('behaves as fetch does with methods, default types, redirects and clones', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/elsewhere' });
        res.end();
      } else res.end('plain answer');
    });
    const fetch = nodeHttpFetch();
    const got = await fetch(`${url}/read`, { method: 'get' });
    expect(seen[0]).toMatchObject({ method: 'GET', body: '' });
    expect(seen[0]!.headers['content-length']).toBeUndefined();
    expect(got.url).toBe(`${url}/read`);
    const copy = got.clone();
    expect(await got.text()).toBe('plain answer');
    expect(await copy.text()).toBe('plain answer');
    expect(() => got.clone()).toThrow(TypeError);

    await fetch(`${url}/text`, { method: 'POST', body: 'some text' });
    expect(seen[1]!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    // WebClient asks for redirect: 'error' (a redirect is a failed call, as with fetch).
    await expect(fetch(`${url}/moved`, { method: 'POST', body: 'x', redirect: 'error' })).rejects.toThrow(
      TypeError,
    );
    expect((await fetch(`${url}/moved`, { method: 'POST', body: 'x', redirect: 'manual' })).status).toBe(302);
  });

  it('gives error statuses and empty answers as they came', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/busy') {
        res.writeHead(503, 'Service Unavailable', { 'retry-after': '7' });
        res.end('try later');
      } else {
        res.writeHead(204);
        res.end();
      }
    });
    const fetch = nodeHttpFetch();
    const busy = await fetch(`${url}/busy`, { method: 'POST', body: 'x' });
    expect([busy.status, busy.statusText, busy.headers.get('retry-after')]).toEqual([
      503,
      'Service Unavailable',
      '7',
    ]);
    expect(await busy.text()).toBe('try later');
    const empty = await fetch(`${url}/empty`, { method: 'POST', body: 'x' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('gives up on a server that never answers at its timeout, saying so, and drops the connection', async () => {
    let closed = false;
    const { url } = await serve((req) => req.socket.on('close', () => (closed = true)));
    const started = Date.now();
    await expect(
      nodeHttpFetch({ timeoutMs: 200 })(`${url}/hang`, { method: 'POST', body: 'x' }),
    ).rejects.toThrow(/did not answer within 0\.2 s \(timeout\)/);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => closed).toBe(true);
  });

  it('stops when its caller aborts, with the caller reason', async () => {
    const { url } = await serve(() => undefined);
    const controller = new AbortController();
    const call = nodeHttpFetch()(`${url}/hang`, { method: 'POST', body: 'x', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('the caller gave up')), 50);
    await expect(call).rejects.toThrow('the caller gave up');
  });

  it('leaves multipart forms (file uploads) to the platform fetch', async () => {
    const { url, seen } = await serve((_req, res) => res.end('{"ok":true}'));
    const form = new FormData();
    form.append('file', new Blob(['report body']), 'report.txt');
    const answer = await nodeHttpFetch()(`${url}/upload`, { method: 'POST', body: form });
    expect(answer.status).toBe(200);
    expect(seen[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.body).toContain('report body');
  });

  it("serves Slack's WebClient: a call's result, and a Web API error as the client reports it", async () => {
    const { url } = await serve((req, res, body) => {
      res.setHeader('content-type', 'application/json');
      const channel = new URLSearchParams(body).get('channel');
      if (req.url === '/api/chat.postMessage' && channel === 'C1') res.end('{"ok":true,"ts":"9.0001"}');
      else res.end('{"ok":false,"error":"channel_not_found"}');
    });
    const client = new WebClient('xoxb-test', { slackApiUrl: `${url}/api/`, fetch: nodeHttpFetch() });
    expect(await client.chat.postMessage({ channel: 'C1', text: 'hi' })).toMatchObject({
      ok: true,
      ts: '9.0001',
    });
    await expect(client.chat.postMessage({ channel: 'C404', text: 'hi' })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'channel_not_found' },
    });
  });
});
