import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../helpers/fake-connector.js';
import { type RunningServer, startServer } from '../../helpers/server-harness.js';
import { TeamsUser } from '../../helpers/teams-user.js';

const APP_ID = '00000000-1111-2222-3333-444444444444';
const KID = 'test-signing-key';

// A signing key made here; the Bot Framework OpenID metadata and keys are served by nock.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function token(claims: Record<string, unknown>, options: { kid?: string; key?: KeyObject } = {}): string {
  const header = { alg: 'RS256', typ: 'JWT', kid: options.kid ?? KID, x5t: options.kid ?? KID };
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    nbf: now - 60,
    exp: now + 3600,
    ...claims,
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign(
    'RSA-SHA256',
    Buffer.from(input),
    options.key ?? createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
  );
  return `${input}.${base64url(signature)}`;
}

let connector: FakeConnector;
let server: RunningServer;
const tokenRequests: string[] = [];

beforeAll(async () => {
  connector = await new FakeConnector().start();
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  nock('https://login.botframework.com')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: 'https://api.botframework.com',
      jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
    })
    .get('/v1/.well-known/keys')
    .reply(200, {
      keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
    });
  // The bot's own token for replying (client credentials against Entra ID).
  nock('https://login.microsoftonline.com')
    .persist()
    .get(/\/discovery\/instance/)
    .reply(200, {
      tenant_discovery_endpoint:
        'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
      metadata: [
        {
          preferred_network: 'login.microsoftonline.com',
          preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com'],
        },
      ],
    })
    .get(/\/botframework\.com\/v2\.0\/\.well-known\/openid-configuration/)
    .reply(200, {
      token_endpoint: 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token',
      authorization_endpoint: 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/authorize',
      issuer: 'https://login.microsoftonline.com/botframework.com/v2.0',
      jwks_uri: 'https://login.microsoftonline.com/botframework.com/discovery/v2.0/keys',
      end_session_endpoint: 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/logout',
    })
    .post(/\/oauth2\/v2\.0\/token/)
    .reply(200, (_uri, body) => {
      tokenRequests.push(String(body));
      return {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: 'bot-outbound-token',
      };
    });
  server = await startServer({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'secret',
    MicrosoftAppType: 'MultiTenant',
  });
});

afterAll(async () => {
  await server?.close();
  await connector?.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('Teams with MicrosoftAppId set: every request needs a valid Bot Framework token', () => {
  const user = () =>
    new TeamsUser(server.url, connector, { id: '29:auth-user', aadObjectId: 'aad-auth', name: 'Auth User' });

  it('accepts a correctly signed token and answers, replying with its own token', async () => {
    const u = user();
    const before = connector.calls.length;
    const response = await u.post(u.activity({ text: 'hi' }), {
      authorization: `Bearer ${token({ serviceurl: connector.url })}`,
    });
    expect(response.status).toBe(200);
    const replies = connector.calls.slice(before);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]!.authorization).toBe('Bearer bot-outbound-token');
    expect(JSON.stringify(replies.map((r) => r.body))).toContain('name of your company');
    expect(tokenRequests.some((b) => b.includes(APP_ID))).toBe(true);
  });

  it.each([
    ['no token', () => ({})],
    [
      'an unknown signing key',
      () => ({
        authorization: `Bearer ${token({ serviceurl: connector.url }, { kid: 'unknown-key', key: other.privateKey })}`,
      }),
    ],
    [
      'a key that signed with another private key',
      () => ({ authorization: `Bearer ${token({ serviceurl: connector.url }, { key: other.privateKey })}` }),
    ],
    [
      'a wrong audience',
      () => ({ authorization: `Bearer ${token({ serviceurl: connector.url, aud: 'someone-else' })}` }),
    ],
    [
      'an expired token',
      () => ({
        authorization: `Bearer ${token({ serviceurl: connector.url, nbf: 1_600_000_000, exp: 1_600_003_600 })}`,
      }),
    ],
    [
      'a serviceurl claim that differs from the activity',
      () => ({ authorization: `Bearer ${token({ serviceurl: 'https://evil.example/' })}` }),
    ],
  ])('refuses %s with 401 and sends nothing', async (_name, headers) => {
    const u = user();
    const before = connector.calls.length;
    const response = await u.post(u.activity({ text: 'hi' }), headers() as Record<string, string>);
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toEqual({ error: 'unauthorized', message: 'missing or invalid Bot Framework token' });
    expect(connector.calls.length).toBe(before);
  });
});

describe('Teams without MicrosoftAppId and without TICKETBOT_DEV', () => {
  it('answers 503 with a clear message instead of accepting unauthenticated traffic', async () => {
    const off = await startServer({});
    const response = await fetch(`${off.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      error: 'channel_not_configured',
      channel: 'Microsoft Teams',
    });
    await off.close();
  });
});
