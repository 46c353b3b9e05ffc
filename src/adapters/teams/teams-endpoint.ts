import { randomUUID } from 'node:crypto';
import {
  type Activity,
  type Request as BotRequest,
  CloudAdapter,
  type ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import { t } from '../../core/i18n/catalogue.js';
import { languageFromLocale } from '../../core/i18n/language.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { activityShapeProblem } from './activity-shape.js';
import { GraphClient, graphTokenProvider } from './graph-client.js';
import { withLibraryConsole } from './library-console.js';
import { ReusedConnectorsAuthentication } from './reused-connectors.js';
import { TeamsBot, type TeamsBotDeps } from './teams-bot.js';
import { TeamsIncidentChannels } from './teams-incident-channels.js';
import { TeamsPublisher } from './teams-publisher.js';
import { tokenShapeProblem } from './token-shape.js';

/** What the Teams adapter needs from configuration, and nothing else. */
export interface TeamsOptions {
  readonly appId: string | null;
  readonly appPassword: string | null;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly tenantId: string | null;
  /** TICKETBOT_DEV=1: token checks off (said loudly at start). */
  readonly devMode: boolean;
  /** Where the bot reaches Teams without an incoming activity (TEAMS_SERVICE_URL). */
  readonly serviceUrl: string;
  /** TEAMS_INCIDENT_TEAM_ID: the team (group id) P1 incident channels are created in through Graph. */
  readonly incidentTeamId: string | null;
  /** TEAMS_ESCALATION_CHANNEL: a channel conversation id whose threads are the fallback. */
  readonly escalationChannel: string | null;
  /** GRAPH_API_URL, ending in "/". */
  readonly graphApiUrl: string;
}

/** What the HTTP layer needs from Teams: the two steps of POST /api/messages. */
export interface TeamsEndpoint {
  readonly mode: 'authenticated' | 'development';
  readonly adapter: CloudAdapter;
  /** Sends for the app without an incoming message (the outbox worker). */
  readonly publisher: TeamsPublisher;
  /** P1 incident channels: a channel created through Graph, or a thread in the escalation channel. */
  readonly incidentChannels: TeamsIncidentChannels;
  /**
   * The token check that needs no body, run before the body is read: a caller without a
   * valid token gets 401 and never has its body parsed. False when it answered the request.
   */
  admit(request: BotRequest, response: HttpResponse): Promise<boolean>;
  /** The parsed activity: its shape, the token against it, then the turn. */
  handle(request: BotRequest, response: HttpResponse): Promise<void>;
}

/** The part of a restify response the endpoint writes to. */
export interface HttpResponse {
  status(code: number): unknown;
  send(...args: unknown[]): unknown;
  end(...args: unknown[]): unknown;
}

type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/** jsonwebtoken's errors for a token it refuses (bad signature, expired, not yet valid). */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * A refusal of the caller's token, told apart from a fault by its type: botbuilder's
 * AuthenticationError carries a 4xx status code, jsonwebtoken's errors their class name.
 * Anything else (the OpenID metadata unreachable, a bug) is ours, a 500.
 */
function isAuthRefusal(err: unknown): boolean {
  const { statusCode, name } = (err ?? {}) as { statusCode?: unknown; name?: unknown };
  if (typeof statusCode === 'number') return statusCode >= 400 && statusCode < 500;
  return typeof name === 'string' && TOKEN_ERRORS.has(name);
}

/**
 * What botbuilder's token check reads of the body, before there is one: an empty channelId
 * makes no claim the signing key must endorse and an empty serviceUrl none the token's
 * serviceurl claim must match. Signature, issuer, audience and expiry are checked in full;
 * the body's own channelId and serviceUrl are checked once it is read.
 */
const WITHOUT_BODY: Partial<Activity> = Object.freeze({ channelId: '', serviceUrl: '' });

function authorizationOf(request: BotRequest): string | undefined {
  const header = request.headers.authorization ?? request.headers.Authorization;
  return typeof header === 'string' ? header : undefined;
}

/**
 * Builds the Teams endpoint, or returns null when Teams is not configured. Token
 * checks are on whenever MicrosoftAppId is set; only TICKETBOT_DEV=1 turns them off.
 */
export function createTeamsEndpoint(
  teams: TeamsOptions,
  deps: Omit<TeamsBotDeps, 'refreshUsersOf'> & { store: Store; logger: Logger },
  tuning: { readonly connectorTimeoutMs?: number } = {},
): TeamsEndpoint | null {
  if (!teams.appId && !teams.devMode) return null;
  const auth = new ReusedConnectorsAuthentication({
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId ?? '',
  });
  if (tuning.connectorTimeoutMs) auth.connectorTimeoutMs = tuning.connectorTimeoutMs;
  const adapter = new TicketbotAdapter(auth);
  const log = deps.logger.child({ channel: 'teams' });
  // The turns that failed, with the error id their log line has, so an invoke (whose
  // answer is the HTTP response) answers 500 with it instead of botbuilder's 501.
  const failedTurns = new WeakMap<object, string>();
  adapter.onTurnError = async (context, error) => {
    const errorId = randomUUID().slice(0, 8);
    failedTurns.set(context.activity, errorId);
    log.error({ errorId, err: error, activityId: context.activity.id }, 'turn failed');
    try {
      await context.sendActivity({
        type: 'message',
        textFormat: 'plain',
        text: t(languageFromLocale(context.activity.locale), 'error.generic', { errorId }),
      });
    } catch {
      // The conversation may be unreachable; the log line above has the error id.
    }
  };
  const refreshUsersOf = async (ticket: Ticket) => refreshUsers(deps.store, ticket);
  const bot = new TeamsBot({ ...deps, refreshUsersOf });
  const publisher = new TeamsPublisher({ adapter, appId: teams.appId ?? '', refreshUsersOf });
  const graph = new GraphClient({
    baseUrl: teams.graphApiUrl,
    token: graphTokenProvider({
      appId: teams.appId,
      appPassword: teams.appPassword,
      tenantId: teams.tenantId,
      devMode: teams.devMode,
    }),
  });
  const incidentChannels = new TeamsIncidentChannels({
    publisher,
    graph,
    incidentTeamId: teams.incidentTeamId,
    escalationChannel: teams.escalationChannel,
    serviceUrl: teams.serviceUrl,
    tenantId: teams.tenantId,
    logger: log,
  });
  const refuse = (response: HttpResponse, reason: string, printed: readonly string[]) => {
    log.warn({ reason, ...(printed.length ? { detail: printed } : {}) }, 'refused a Teams request');
    response.status(401);
    response.send({ error: 'unauthorized', message: 'missing or invalid Bot Framework token' });
  };
  const fault = (response: HttpResponse, errorId: string) => {
    response.status(500);
    response.send({ error: 'internal_error', errorId });
  };
  /**
   * botbuilder's token check of `activity`: its result, or null once the request is answered
   * (401 for a refused token, 500 when the check itself failed). What botbuilder prints while
   * checking goes on our log line instead.
   */
  const authenticate = async (
    activity: Partial<Activity>,
    authorization: string,
    response: HttpResponse,
  ): Promise<AuthenticateRequestResult | null> => {
    const printed: string[] = [];
    try {
      return await withLibraryConsole(
        (line) => printed.push(line),
        () => auth.authenticateRequest(activity as Activity, authorization),
      );
    } catch (err) {
      if (isAuthRefusal(err)) refuse(response, String((err as Error).message).slice(0, 200), printed);
      else {
        const errorId = randomUUID().slice(0, 8);
        log.error({ errorId, err: (err as Error).message, detail: printed }, 'could not check a Teams token');
        fault(response, errorId);
      }
      return null;
    }
  };
  // Requests whose token passed the check that needs no body.
  const admitted = new WeakSet<object>();
  const admit = async (request: BotRequest, response: HttpResponse): Promise<boolean> => {
    // Without an app id (TICKETBOT_DEV) botbuilder accepts unsigned requests itself.
    if (teams.appId) {
      const authorization = authorizationOf(request);
      const problem = tokenShapeProblem(authorization);
      if (problem) {
        refuse(response, problem, []);
        return false;
      }
      if (!(await authenticate(WITHOUT_BODY, authorization ?? '', response))) return false;
    }
    admitted.add(request);
    return true;
  };
  return {
    mode: teams.appId ? 'authenticated' : 'development',
    adapter,
    publisher,
    incidentChannels,
    admit,
    async handle(request, response) {
      if (!admitted.has(request) && !(await admit(request, response))) return;
      // Only now (the caller is known) is the body's shape worth an answer.
      const body = request.body as Record<string, unknown>;
      const shape = activityShapeProblem(body);
      if (shape) {
        response.status(400);
        response.send({ error: 'bad_request', message: shape });
        return;
      }
      // The whole check again, now with what the body holds (channelId, serviceUrl).
      const activity = body as unknown as Activity;
      const authenticated = await authenticate(activity, authorizationOf(request) ?? '', response);
      if (!authenticated) return;
      let answer: { status: number; body?: unknown } | undefined;
      try {
        answer = await adapter.processAuthenticated(authenticated, activity, (context) => bot.run(context));
      } catch (err) {
        const errorId = randomUUID().slice(0, 8);
        log.error({ errorId, err }, 'Teams request failed');
        return fault(response, errorId);
      }
      const failed = failedTurns.get(activity);
      if (failed && activity.type === 'invoke') return fault(response, failed);
      response.status(answer?.status ?? 200);
      if (answer?.body !== undefined) response.send(answer.body);
      else response.end();
    },
  };
}

/** The CloudAdapter, with a turn run for a request whose token the endpoint checked itself. */
class TicketbotAdapter extends CloudAdapter {
  processAuthenticated(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ) {
    return this.processActivity(authenticated, activity, logic);
  }
}

/** Teams users who get their own view on refresh: the requester and the users of every personal copy. */
async function refreshUsers(store: Store, ticket: Ticket): Promise<string[]> {
  const copies = await store.cardCopies.list(ticket.id);
  const requester = (ticket.requesterAddress as { reference?: { user?: { id?: string } } } | null | undefined)
    ?.reference?.user?.id;
  const ids = [requester, ...copies.map((c) => (c.reference as { user?: { id?: string } }).user?.id)].filter(
    (id): id is string => typeof id === 'string',
  );
  return [...new Set(ids)].slice(0, 60);
}
