import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Claims = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type Factory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type Client = Awaited<ReturnType<Factory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Service URLs are a handful per cloud region; the bound only guards against a flood of odd ones. */
const MAX_CLIENTS = 64;

/** The app a request or a proactive turn acts as (botbuilder's rule: audience, else appid). */
function appIdOf(claims: Claims): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

/** `make(key)` once per key (a failed attempt is forgotten), holding at most MAX_CLIENTS. */
function remembered<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) return known;
  const made = make();
  made.catch(() => cache.delete(key));
  if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  return made;
}

/**
 * Bot Framework authentication that reuses one ConnectorClient per app, service URL and
 * audience (and one user token client per app) instead of building new ones for every
 * turn and every proactive send: credentials and an HTTP pipeline each time were a tenth
 * of a Teams turn's CPU. The clients keep no per-turn state, and the credentials renew
 * their tokens themselves.
 */
export class ReusedConnectorsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<Client>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']> {
    const result = await super.authenticateRequest(...args);
    const factory = result.connectorFactory;
    return factory
      ? { ...result, connectorFactory: this.reusing(factory, appIdOf(result.claimsIdentity)) }
      : result;
  }

  override createConnectorFactory(claims: Claims): Factory {
    return this.reusing(super.createConnectorFactory(claims), appIdOf(claims));
  }

  override createUserTokenClient(claims: Claims): Promise<UserTokenClient> {
    return remembered(this.userTokenClients, appIdOf(claims), () => super.createUserTokenClient(claims));
  }

  private reusing(inner: Factory, appId: string): Factory {
    return {
      create: (serviceUrl: string, audience?: string) =>
        remembered(this.connectors, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () =>
          inner.create(serviceUrl, audience),
        ),
    };
  }
}
