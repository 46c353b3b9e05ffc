import { STATUS_CODES } from 'node:http';
import { ConfidentialClientApplication } from '@azure/msal-node';

/** The application-permission scope of Microsoft Graph (client credentials). */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const DEFAULT_GRAPH_API_URL = 'https://graph.microsoft.com/v1.0/';

/** A token for Graph, or null to call without one (local development mode without credentials). */
export type GraphTokenProvider = () => Promise<string | null>;

/**
 * A Graph call that did not succeed: `status` is the HTTP status (null when no answer came:
 * a timeout, a network error, no token), `code` Graph's error code ("Forbidden", "NameAlreadyExists").
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly status: number | null,
    readonly code: string | null,
    readonly detail: string,
  ) {
    super(
      status === null
        ? detail
        : `${status} ${STATUS_CODES[status] ?? 'Error'}${code ? `: ${code}` : ''}${detail ? `: ${detail}` : ''}`,
    );
  }
}

export interface GraphCredentials {
  readonly appId: string | null;
  readonly appPassword: string | null;
  readonly tenantId: string | null;
  /** TICKETBOT_DEV=1: without credentials, Graph is called without a token (CONTRACTS.md section 8). */
  readonly devMode: boolean;
  /** Entra ID host (tests); default https://login.microsoftonline.com/. */
  readonly authorityHost?: string;
}

/**
 * The bot's application token for Graph: client credentials of its own app registration
 * (MicrosoftAppId / MicrosoftAppPassword) in its tenant. MSAL caches and renews the token.
 */
export function graphTokenProvider(credentials: GraphCredentials): GraphTokenProvider {
  const { appId, appPassword, tenantId, devMode } = credentials;
  if (!appId && devMode) return async () => null;
  let client: ConfidentialClientApplication | undefined;
  return async () => {
    if (!appId || !appPassword) {
      throw new GraphError(null, null, 'Graph needs MicrosoftAppId and MicrosoftAppPassword for a token');
    }
    if (!tenantId) {
      throw new GraphError(
        null,
        null,
        'MicrosoftAppTenantId is not set: Graph application tokens are issued by the tenant of the team',
      );
    }
    client ??= new ConfidentialClientApplication({
      auth: {
        clientId: appId,
        clientSecret: appPassword,
        authority: `${credentials.authorityHost ?? 'https://login.microsoftonline.com/'}${tenantId}`,
      },
    });
    try {
      const result = await client.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
      if (!result?.accessToken) throw new Error('no access token in the answer');
      return result.accessToken;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new GraphError(null, null, `could not get a Microsoft Graph token: ${message.split('\n')[0]}`);
    }
  };
}

export interface GraphClientOptions {
  /** GRAPH_API_URL, ending in "/". */
  readonly baseUrl: string;
  readonly token: GraphTokenProvider;
  readonly timeoutMs?: number;
}

/** The few Microsoft Graph calls the Teams incident channels need, over global fetch. */
export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  private async call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const token = await this.options.token();
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const cause =
        err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : err.message) : String(err);
      throw new GraphError(null, null, `Graph did not answer ${method} ${path}: ${cause}`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      throw new GraphError(
        response.status,
        typeof error?.code === 'string' ? error.code : null,
        typeof error?.message === 'string' ? error.message : text.slice(0, 200),
      );
    }
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }

  /** Creates a standard channel in a team (POST teams/{id}/channels); returns the channel id. */
  async createChannel(teamId: string, displayName: string, description: string): Promise<string> {
    const created = await this.call('POST', `teams/${encodeURIComponent(teamId)}/channels`, {
      displayName,
      description,
      membershipType: 'standard',
    });
    if (typeof created.id !== 'string' || !created.id) {
      throw new GraphError(null, null, 'Graph created a channel but did not say its id');
    }
    return created.id;
  }

  /** The id of a team's channel with exactly this display name, or null (GET teams/{id}/channels?$filter). */
  async findChannel(teamId: string, displayName: string): Promise<string | null> {
    const filter = encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`);
    const found = await this.call('GET', `teams/${encodeURIComponent(teamId)}/channels?$filter=${filter}`);
    const channels = Array.isArray(found.value) ? (found.value as Array<Record<string, unknown>>) : [];
    const match = channels.find((c) => c.displayName === displayName && typeof c.id === 'string');
    return match ? String(match.id) : null;
  }

  /** Archives (never deletes) a channel; Graph finishes it asynchronously. */
  async archiveChannel(teamId: string, channelId: string): Promise<void> {
    await this.call(
      'POST',
      `teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/archive`,
      {},
    );
  }
}
