import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Claims = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type Factory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type Client = Awaited<ReturnType<Factory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Service URLs are a handful per cloud region; the bound only guards against a flood of odd ones. */
const MAX_CLIENTS = 64;

/** botbuilder sets no timeout: a connector that never answers would hold a send for ever. */
export const CONNECTOR_TIMEOUT_MS = 20_000;

/** The part of the client's HTTP pipeline (@azure/core-client) a policy is added to. */
interface PipelineOwner {
  readonly client?: {
    readonly pipeline?: {
      removePolicy(options: { phase: 'Retry' }): unknown[];
      addPolicy(policy: {
        name: string;
        sendRequest(
          request: { timeout: number; abortSignal?: AbortSignal },
          next: (r: unknown) => Promise<unknown>,
        ): Promise<unknown>;
      }): void;
    };
  };
}

/**
 * Gives every request of the client a timeout; when it runs out the error says so (and
 * says "timeout", so the outbox counts the message as perhaps sent and retries it).
 * The client's own retries go: on a 5xx or a 429 it posted the same activity up to four
 * times within one try (a connector that took it and then failed showed the user each
 * copy) and waited out Retry-After holding the conversation's lane. The outbox retries,
 * with backoff and Retry-After, and sees every failure.
 */
function forOutbox(connector: Client, timeoutMs: number): Client {
  const pipeline = (connector as unknown as PipelineOwner).client?.pipeline;
  if (!pipeline)
    throw new Error('botbuilder ConnectorClient without an HTTP pipeline: cannot set its timeout');
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy({
    name: 'ticketbot-connector-timeout',
    async sendRequest(request, next) {
      if (!request.timeout) request.timeout = timeoutMs;
      try {
        return await next(request);
      } catch (err) {
        const ours = (err as { name?: unknown }).name === 'AbortError' && !request.abortSignal?.aborted;
        if (ours)
          throw new Error(`the Teams connector did not answer within ${timeoutMs / 1000} s (timeout)`);
        throw err;
      }
    },
  });
  return connector;
}

/** The app a request or a proactive turn acts as (botbuilder's rule: audience, else appid). */
function appIdOf(claims: Claims): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

/** `make(key)` once per key (a failed attempt is forgotten), holding at most MAX_CLIENTS. */
function remembered<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known) {
    // Used again: moved to the end, so a flood of odd keys evicts the least recently used.
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const made = make();
  made.catch(() => {
    if (cache.get(key) === made) cache.delete(key);
  });
  if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  return made;
}

/**
 * Bot Framework authentication that reuses one ConnectorClient per app, service URL and
 * audience (and one user token client per app) instead of building new ones for every
 * turn and every proactive send: credentials and an HTTP pipeline each time were a tenth
 * of a Teams turn's CPU. The clients keep no per-turn state, and the credentials renew
 * their tokens themselves. Each client's requests time out (CONNECTOR_TIMEOUT_MS) and are
 * never repeated by the client itself.
 */
export class ReusedConnectorsAuthentication extends ConfigurationBotFrameworkAuthentication {
  /** CONNECTOR_TIMEOUT_MS unless a test wants a hanging connector to give up sooner. */
  connectorTimeoutMs = CONNECTOR_TIMEOUT_MS;

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
        remembered(this.connectors, `${appId}\n${serviceUrl}\n${audience ?? ''}`, async () =>
          forOutbox(await inner.create(serviceUrl, audience), this.connectorTimeoutMs),
        ),
    };
  }
}
