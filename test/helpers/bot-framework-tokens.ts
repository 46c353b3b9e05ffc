import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import nock from 'nock';

export const BOT_APP_ID = '00000000-1111-2222-3333-444444444444';
export const SIGNING_KID = 'test-signing-key';

/** A server's environment for Teams with tokens checked (the bot's app id and a password). */
export const AUTHENTICATED_TEAMS_ENV = {
  MicrosoftAppId: BOT_APP_ID,
  MicrosoftAppPassword: 'secret',
  MicrosoftAppType: 'MultiTenant',
} as const;

/**
 * Bot Framework tokens as the channel service makes them, and forgeries of them: an RSA
 * key made here whose public half nock serves as Bot Framework's signing keys.
 */
export class BotFrameworkKeys {
  readonly signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly other = generateKeyPairSync('rsa', { modulusLength: 2048 });

  /** The public key as a PEM, the secret an HS256 forgery uses. */
  get publicPem(): string {
    return this.signing.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** Serves the OpenID metadata and keys, and the bot's own outbound token, through nock. */
  serve(): void {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    const jwk = this.signing.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    nock('https://login.botframework.com')
      .persist()
      .get('/v1/.well-known/openidconfiguration')
      .reply(200, {
        issuer: 'https://api.botframework.com',
        jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
      })
      .get('/v1/.well-known/keys')
      .reply(200, {
        keys: [{ kty: 'RSA', use: 'sig', kid: SIGNING_KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
      });
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
      .reply(200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: 'bot-outbound-token',
      });
  }

  static unserve(): void {
    nock.cleanAll();
    nock.enableNetConnect();
  }

  /** The claims of a valid token for `serviceUrl`, with `claims` over them. */
  claims(serviceUrl: string, claims: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: 'https://api.botframework.com',
      aud: BOT_APP_ID,
      nbf: now - 60,
      exp: now + 3600,
      serviceurl: serviceUrl,
      ...claims,
    };
  }

  /** RS256 with the served key (or `key`), under `kid`. */
  rs256(claims: Record<string, unknown>, options: { kid?: string; key?: KeyObject } = {}): string {
    const kid = options.kid ?? SIGNING_KID;
    const input = signingInput({ alg: 'RS256', typ: 'JWT', kid, x5t: kid }, claims);
    const signature = sign('RSA-SHA256', Buffer.from(input), options.key ?? this.signing.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /** The algorithm-confusion forgery: HS256 with the public key's PEM as the HMAC secret. */
  hs256WithPublicKey(claims: Record<string, unknown>): string {
    const input = signingInput({ alg: 'HS256', typ: 'JWT', kid: SIGNING_KID }, claims);
    return `${input}.${createHmac('sha256', this.publicPem).update(input).digest('base64url')}`;
  }

  /** An unsigned token. */
  none(claims: Record<string, unknown>): string {
    return `${signingInput({ alg: 'none', typ: 'JWT', kid: SIGNING_KID }, claims)}.`;
  }
}

function signingInput(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}`;
}
