import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHENTICATED_TEAMS_ENV, BotFrameworkKeys } from '../../helpers/bot-framework-tokens.js';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';

// The token is checked before the body is read: a caller without a valid one never gets
// its body parsed, and learns nothing about it (401, not the JSON parser's 400 or a 413).

const keys = new BotFrameworkKeys();
let connector: FakeConnector;
let server: RunningServer;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  keys.serve();
  server = await startServer({
    ...AUTHENTICATED_TEAMS_ENV,
  });
});

afterAll(async () => {
  await server?.close();
  await connector?.stop();
  BotFrameworkKeys.unserve();
});

const UNAUTHORIZED = { error: 'unauthorized', message: 'missing or invalid Bot Framework token' };

async function post(body: string, authorization?: string) {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const tokens: Array<[string, () => string | undefined]> = [
  ['no token', () => undefined],
  ['a Basic scheme', () => 'Basic dXNlcjpwYXNz'],
  ['a token that is no JWT', () => 'Bearer x.y.z'],
  ['alg none', () => `Bearer ${keys.none(keys.claims(connector.url))}`],
  ['another key', () => `Bearer ${keys.rs256(keys.claims(connector.url), { key: keys.other.privateKey })}`],
  [
    'an expired token',
    () => `Bearer ${keys.rs256(keys.claims(connector.url, { nbf: 1_600_000_000, exp: 1_600_003_600 }))}`,
  ],
];

describe('a request without a valid token is refused before its body is parsed', () => {
  it.each(tokens)('%s with malformed JSON: 401, not the parser’s 400', async (_name, token) => {
    expect(await post('{"type": "message", ', token())).toEqual({ status: 401, body: UNAUTHORIZED });
  });

  it.each(tokens)('%s with a body over the size limit: 401, not 413', async (_name, token) => {
    const huge = JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) });
    expect(await post(huge, token())).toEqual({ status: 401, body: UNAUTHORIZED });
  });

  it('no token: answered while the body is still on its way', { timeout: 10_000 }, async () => {
    const port = Number(new URL(server.url).port);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json', 'content-length': '100000' },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      // A tenth of the body, and then nothing: a server waiting for the rest never answers.
      req.write('{"type":"message","text":"'.padEnd(10_000, 'x'));
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual(UNAUTHORIZED);
  });

  it('a valid token with malformed JSON: 400 with the parser’s reason', async () => {
    const answer = await post('{"type": "message", ', `Bearer ${keys.rs256(keys.claims(connector.url))}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'bad_request' });
  });

  it('a valid token whose serviceurl claim is not the body’s serviceUrl: 401 once the body is read', async () => {
    const activity = {
      type: 'message',
      id: 'act-claim',
      serviceUrl: connector.url,
      channelId: 'msteams',
      from: { id: '29:claim', name: 'Claim', aadObjectId: 'aad-claim' },
      conversation: { id: 'a:claim', conversationType: 'personal', tenantId: 'tenant-1' },
      recipient: { id: '28:ticketbot', name: 'ticketbot' },
      text: 'hi',
    };
    const before = connector.calls.length;
    const token = keys.rs256(keys.claims('https://smba.example/other/'));
    expect(await post(JSON.stringify(activity), `Bearer ${token}`)).toEqual({
      status: 401,
      body: UNAUTHORIZED,
    });
    expect(connector.calls.length).toBe(before);
  });
});
