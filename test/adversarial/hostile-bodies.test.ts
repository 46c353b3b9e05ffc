import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import fc, { type Arbitrary } from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/adapters/slack/slack-signature.js';
import { BOT_APP_ID, BotFrameworkKeys } from '../helpers/bot-framework-tokens.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET } from '../helpers/slack-user.js';
import { storedRows } from '../helpers/stored-rows.js';
import {
  slackCommandBodies,
  slackEventBodies,
  slackInteractionBodies,
  teamsActivityBodies,
} from './hostile-payloads.js';
import { count5xx, type PlannedRequest, sendAll } from './request-pool.js';

/** Payloads per endpoint (the issue asks for at least 10,000). */
const PAYLOADS = 10_000;
/** Fixed, so a failure can be replayed; printed with the figures. */
const SEED = 20261203;

const keys = new BotFrameworkKeys();
const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-hostile-'));
let api: FakeSlackApi;
let connector: FakeConnector;
let server: RunningServer;
let token: string;

/** Heap in use after a full collection (gc exposed at run time, as --expose-gc would). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function slackRequest(body: string, contentType: string): PlannedRequest {
  return {
    path: '/slack/events',
    body,
    headers: () => {
      const timestamp = Math.floor(Date.now() / 1000);
      return {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, timestamp, body),
      };
    },
  };
}

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  connector = await new FakeConnector().start();
  keys.serve();
  server = await startServer({
    DATA_DIR: dataDir,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: api.url,
    MicrosoftAppId: BOT_APP_ID,
    MicrosoftAppPassword: 'secret',
    MicrosoftAppType: 'MultiTenant',
  });
  token = keys.rs256(keys.claims(connector.url));
});

afterAll(async () => {
  await server?.close();
  await api?.stop();
  await connector?.stop();
  BotFrameworkKeys.unserve();
});

const endpoints: Array<[string, () => Arbitrary<string>, (body: string) => PlannedRequest]> = [
  ['Slack Events API (JSON)', () => slackEventBodies, (b) => slackRequest(b, 'application/json')],
  [
    'Slack interactivity (payload=)',
    () => slackInteractionBodies,
    (b) => slackRequest(b, 'application/x-www-form-urlencoded'),
  ],
  [
    'Slack slash commands (form)',
    () => slackCommandBodies,
    (b) => slackRequest(b, 'application/x-www-form-urlencoded'),
  ],
  [
    'Teams /api/messages (valid token)',
    () => teamsActivityBodies(connector.url),
    (body) => ({
      path: '/api/messages',
      body,
      headers: () => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` }),
    }),
  ],
];

describe(`${PAYLOADS} generated hostile payloads per endpoint, correctly signed`, () => {
  it.each(endpoints)(
    '%s: no 5xx, no crash, nothing stored, memory bounded',
    async (name, bodies, request) => {
      const before = storedRows(dataDir);
      const logsBefore = server.logs.length;
      const heapBefore = heapAfterGc();
      const t0 = Date.now();
      // Made and sent in one call, so none of it is still referenced when the heap is measured.
      const { result, generated, chars } = await (async () => {
        const bodiesSent = fc.sample(bodies(), { numRuns: PAYLOADS, seed: SEED });
        const size = bodiesSent.reduce((n, b) => n + b.length, 0);
        return {
          result: await sendAll(server.url, bodiesSent.map(request), 16),
          generated: bodiesSent.length,
          chars: size,
        };
      })();
      const heapGrowthMb = (heapAfterGc() - heapBefore) / 1024 / 1024;
      const errorLines = server.logs
        .slice(logsBefore)
        .filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
      if (process.env.HOSTILE_DEBUG) {
        const seen = new Map<string, number>();
        for (const line of errorLines) {
          const e = JSON.parse(line) as { err?: { message?: string; stack?: string } | string; msg: string };
          const key =
            typeof e.err === 'object'
              ? `${e.msg}: ${e.err.message} @ ${e.err.stack?.split('\n')[1]?.trim()}`
              : `${e.msg}: ${e.err}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        console.log([...seen].map(([k, n]) => `${n}x ${k}`).join('\n'));
        console.log(result.samples.join('\n'));
        console.log(
          [...result.refusals]
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${n}x ${k}`)
            .join('\n'),
        );
      }
      console.log(
        `${name}: ${generated} payloads (${(chars / 1e6).toFixed(1)} M chars) sent in ${result.ms} ms of ${Date.now() - t0} ms (seed ${SEED}); answers ${JSON.stringify(
          Object.fromEntries(result.statuses),
        )}; heap ${heapGrowthMb >= 0 ? '+' : ''}${heapGrowthMb.toFixed(1)} MB`,
      );
      expect(result.samples).toEqual([]);
      expect(result.networkErrors).toBe(0);
      expect(count5xx(result)).toBe(0);
      expect(errorLines.slice(0, 3)).toEqual([]);
      expect(storedRows(dataDir)).toEqual(before);
      // Still answering, and nothing of the payloads kept: the heap is back near where it was.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(heapGrowthMb).toBeLessThan(64);
    },
    // About 20-40 s per endpoint on an idle 2-core machine; more when it is shared.
    300_000,
  );
});

/** One raw POST; the status and the body as text (the server may hang up early: status 0). */
function rawPost(
  path: string,
  headers: Record<string, string>,
  body: Buffer | string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${server.url}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

/** What a raw socket gets back for bytes that are no valid HTTP request. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (d: string) => {
      received += d;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.end(bytes);
  });
}

describe('encodings, charsets, headers and field types neither Slack nor Teams sends', () => {
  it('a compressed Teams activity is refused unread with 415: a corrupt one or a gzip bomb leaves the server up', async () => {
    const before = storedRows(dataDir);
    const headers = {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      authorization: `Bearer ${token}`,
    };
    const corrupt = await rawPost('/api/messages', headers, 'x');
    // 64 MB of spaces in 64 KB: restify would limit only the compressed size.
    const bomb = await rawPost('/api/messages', headers, gzipSync(Buffer.alloc(64 * 1024 * 1024, ' ')));
    for (const answer of [corrupt, bomb]) {
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.text)).toMatchObject({ error: 'unsupported_media_type' });
    }
    // "identity" is no compression: the body is read (and this one is no JSON).
    const identity = await rawPost('/api/messages', { ...headers, 'content-encoding': 'identity' }, '{');
    expect(identity.status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(storedRows(dataDir)).toEqual(before);
  });

  it.each([
    [
      'a message whose ts is an operator object',
      'application/json',
      {
        type: 'event_callback',
        team_id: 'T1',
        event_id: 'EvTsObject1',
        event: {
          type: 'message',
          channel_type: 'im',
          channel: 'DX',
          user: 'UX',
          text: 'hi',
          ts: { $gt: '' },
        },
      },
      'the event’s "ts" must be text',
    ],
    [
      'a url_verification whose challenge is an object',
      'application/json',
      { type: 'url_verification', challenge: { $gt: '' }, token: 't' },
      'text "challenge"',
    ],
    [
      'a body declared UTF-16',
      'application/json; charset=utf-16',
      {
        type: 'event_callback',
        team_id: 'T1',
        event_id: 'EvUtf16Body1',
        event: { type: 'message', channel_type: 'im', channel: 'DX', user: 'UX', text: 'hi', ts: '1.1' },
      },
      'unsupported charset "utf-16"',
    ],
  ])('Slack: %s is refused with 400 and nothing stored', async (_name, contentType, payload, message) => {
    const before = storedRows(dataDir);
    const request = slackRequest(JSON.stringify(payload), contentType);
    const answer = await rawPost(request.path, request.headers(), request.body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'bad_request' });
    expect(JSON.parse(answer.text).message).toContain(message);
    expect(storedRows(dataDir)).toEqual(before);
  });

  it('headers over the limit and bytes that are no HTTP get a JSON error, not a bare status line', async () => {
    const huge = await rawExchange(
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(60_000)}\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(huge.split('\r\n\r\n')[1]!)).toMatchObject({ error: 'headers_too_large' });
    const garbage = await rawExchange('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1]!)).toMatchObject({ error: 'bad_request' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
