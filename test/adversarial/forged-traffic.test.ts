import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/adapters/slack/slack-signature.js';
import { BOT_APP_ID, BotFrameworkKeys } from '../helpers/bot-framework-tokens.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { type RunningServer, startServer } from '../helpers/server-harness.js';
import { SIGNING_SECRET, SlackUser } from '../helpers/slack-user.js';
import { storedRows } from '../helpers/stored-rows.js';
import { TeamsUser } from '../helpers/teams-user.js';

const keys = new BotFrameworkKeys();
const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-forged-'));
let api: FakeSlackApi;
let connector: FakeConnector;
let server: RunningServer;

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
});

afterAll(async () => {
  await server?.close();
  await api?.stop();
  await connector?.stop();
  BotFrameworkKeys.unserve();
});

/** Runs `send` and says what it changed: outbound calls to either platform and stored rows. */
async function effectsOf(send: () => Promise<Response>) {
  const rows = storedRows(dataDir);
  const slackCalls = api.calls.length;
  const teamsCalls = connector.calls.length;
  const response = await send();
  const body = await response.text();
  // Work the request might have started after its answer would show up by now.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return {
    status: response.status,
    body,
    outbound: api.calls.length - slackCalls + (connector.calls.length - teamsCalls),
    stored: JSON.stringify(storedRows(dataDir)) !== JSON.stringify(rows),
  };
}

describe('forged Slack requests: 401, nothing processed', () => {
  const user = () => new SlackUser(server.url, api, 'UFORGED');
  const now = () => Math.floor(Date.now() / 1000);
  /** A direct message that starts an intake when it is accepted. */
  const dm = () =>
    user().eventBody({
      type: 'message',
      channel_type: 'im',
      channel: 'DUFORGED',
      user: 'UFORGED',
      text: 'hi',
    });
  const sslCheck = 'token=legacy&ssl_check=1';

  const cases: Array<[string, () => Promise<Response>]> = [
    [
      'a signature made with another secret',
      () => {
        const body = dm();
        return user().send(body, 'application/json', {
          signature: signSlackRequest('not-the-secret', now(), body),
        });
      },
    ],
    [
      'no signature',
      () =>
        fetch(`${server.url}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now()) },
          body: dm(),
        }),
    ],
    [
      'no timestamp',
      () => {
        const body = dm();
        return fetch(`${server.url}/slack/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-slack-signature': signSlackRequest(SIGNING_SECRET, now(), body),
          },
          body,
        });
      },
    ],
    [
      'a stale timestamp (5 min 1 s old), correctly signed for it',
      () => user().send(dm(), 'application/json', { timestamp: now() - 301 }),
    ],
    [
      'a future timestamp (5 min 1 s ahead), correctly signed for it',
      () => user().send(dm(), 'application/json', { timestamp: now() + 301 }),
    ],
    [
      'a replay: an old signature under a new timestamp',
      () => {
        const body = dm();
        return user().send(body, 'application/json', {
          timestamp: now(),
          signature: signSlackRequest(SIGNING_SECRET, now() - 60, body),
        });
      },
    ],
    [
      'a replay: a signed body with another body swapped in',
      () => {
        const signedFor = dm();
        return user().send(dm(), 'application/json', {
          signature: signSlackRequest(SIGNING_SECRET, now(), signedFor),
        });
      },
    ],
    [
      'a signature in another version',
      () => {
        const body = dm();
        return user().send(body, 'application/json', {
          signature: signSlackRequest(SIGNING_SECRET, now(), body).replace('v0=', 'v1='),
        });
      },
    ],
    // The right HMAC with something around it: the header must be exactly "v0=" and 64 lowercase hex digits.
    ...(
      [
        ['the right signature with "=junk" after it', (sig: string) => `${sig}=junk`],
        ['the right signature with "=" after it', (sig: string) => `${sig}=`],
        ['the right signature with more hex after it', (sig: string) => `${sig}00`],
        ['the right signature in capitals', (sig: string) => `v0=${sig.slice(3).toUpperCase()}`],
        ['the right signature twice', (sig: string) => `${sig},${sig}`],
        ['the right signature without its version', (sig: string) => sig.slice(3)],
        ['the right signature under "V0="', (sig: string) => `V0=${sig.slice(3)}`],
      ] as const
    ).map(([name, change]): [string, () => Promise<Response>] => [
      name,
      () => {
        const body = dm();
        const timestamp = now();
        return user().send(body, 'application/json', {
          timestamp,
          signature: change(signSlackRequest(SIGNING_SECRET, timestamp, body)),
        });
      },
    ]),
    [
      'ssl_check=1 with a bad signature',
      () => user().send(sslCheck, 'application/x-www-form-urlencoded', { signature: `v0=${'0'.repeat(64)}` }),
    ],
    [
      'ssl_check=1 without a signature',
      () =>
        fetch(`${server.url}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: sslCheck,
        }),
    ],
    [
      'a real event with ?ssl_check=1 on the URL and a bad signature',
      () =>
        fetch(`${server.url}/slack/events?ssl_check=1`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-slack-request-timestamp': String(now()),
            'x-slack-signature': `v0=${'0'.repeat(64)}`,
          },
          body: dm(),
        }),
    ],
    [
      'a real event with "ssl_check": 1 in it and a bad signature',
      () => {
        const body = JSON.stringify({ ...JSON.parse(dm()), ssl_check: 1 });
        return user().send(body, 'application/json', {
          signature: signSlackRequest('not-the-secret', now(), body),
        });
      },
    ],
  ];

  it.each(cases)('%s', async (_name, send) => {
    const effects = await effectsOf(send);
    expect(effects).toMatchObject({ status: 401, outbound: 0, stored: false });
    expect(JSON.parse(effects.body)).toMatchObject({ error: 'invalid_signature' });
  });

  it('the same direct message, correctly signed, is processed (so the refusals above mean something)', async () => {
    const effects = await effectsOf(() => user().send(dm(), 'application/json'));
    expect(effects.status).toBe(200);
    expect(effects.stored).toBe(true);
    expect(effects.outbound).toBeGreaterThan(0);
  });
});

describe('forged Teams tokens: 401, nothing processed', () => {
  let sequence = 0;
  const user = () => {
    sequence += 1;
    return new TeamsUser(server.url, connector, {
      id: `29:forged-${sequence}`,
      aadObjectId: `aad-forged-${sequence}`,
      name: 'Forged',
    });
  };
  const claims = (over: Record<string, unknown> = {}) => keys.claims(connector.url, over);
  const now = () => Math.floor(Date.now() / 1000);

  const cases: Array<[string, () => string]> = [
    ['alg none (unsigned)', () => `Bearer ${keys.none(claims())}`],
    [
      'HS256 signed with the public key as the HMAC secret',
      () => `Bearer ${keys.hs256WithPublicKey(claims())}`,
    ],
    ['a wrong audience', () => `Bearer ${keys.rs256(claims({ aud: 'someone-else' }))}`],
    ['a wrong issuer', () => `Bearer ${keys.rs256(claims({ iss: 'https://evil.example' }))}`],
    [
      'an unknown key id',
      () => `Bearer ${keys.rs256(claims(), { kid: 'unknown-key', key: keys.other.privateKey })}`,
    ],
    [
      'the known key id, signed with another key',
      () => `Bearer ${keys.rs256(claims(), { key: keys.other.privateKey })}`,
    ],
    ['an expired token', () => `Bearer ${keys.rs256(claims({ nbf: now() - 7200, exp: now() - 3600 }))}`],
    ['a token not valid yet', () => `Bearer ${keys.rs256(claims({ nbf: now() + 3600, exp: now() + 7200 }))}`],
    ['an exp that is a string', () => `Bearer ${keys.rs256(claims({ exp: 'tomorrow' }))}`],
    ['no exp at all', () => `Bearer ${keys.rs256(claims({ exp: undefined }))}`],
    [
      'a serviceurl claim for another service',
      () => `Bearer ${keys.rs256(claims({ serviceurl: 'https://evil.example/' }))}`,
    ],
    ['no token', () => ''],
    ['a Basic scheme', () => 'Basic dXNlcjpwYXNz'],
    ['a token that is no JWT', () => 'Bearer not.a.jwt'],
  ];

  it.each(cases)('%s', async (_name, authorization) => {
    const u = user();
    const header = authorization();
    const effects = await effectsOf(() =>
      u.post(u.activity({ text: 'hi' }), header ? { authorization: header } : {}),
    );
    expect(effects).toMatchObject({ status: 401, outbound: 0, stored: false });
    expect(JSON.parse(effects.body)).toEqual({
      error: 'unauthorized',
      message: 'missing or invalid Bot Framework token',
    });
  });

  // The token is checked before the body is read: a forged one learns nothing of how its body
  // parses. (A token for another service is checked against the body's serviceUrl, once read.)
  const withoutBody = cases.filter(([name]) => !name.includes('serviceurl'));
  it.each(withoutBody)('%s, with a body that is no JSON', async (_name, authorization) => {
    const header = authorization();
    const effects = await effectsOf(() =>
      fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(header ? { authorization: header } : {}) },
        body: '{"type": "message", "text": ',
      }),
    );
    expect(effects).toMatchObject({ status: 401, outbound: 0, stored: false });
  });

  it('the same activity with a valid token is processed (so the refusals above mean something)', async () => {
    const u = user();
    const effects = await effectsOf(() =>
      u.post(u.activity({ text: 'hi' }), { authorization: `Bearer ${keys.rs256(claims())}` }),
    );
    expect(effects.status).toBe(200);
    expect(effects.stored).toBe(true);
    expect(effects.outbound).toBeGreaterThan(0);
  });
});
