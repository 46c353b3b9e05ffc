import { randomUUID } from 'node:crypto';
import {
  type Request as BotRequest,
  type Response as BotResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
} from 'botbuilder';
import { t } from '../../core/i18n/catalogue.js';
import { languageFromLocale } from '../../core/i18n/language.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { GraphClient, graphTokenProvider } from './graph-client.js';
import { TeamsBot, type TeamsBotDeps } from './teams-bot.js';
import { TeamsIncidentChannels } from './teams-incident-channels.js';
import { TeamsPublisher } from './teams-publisher.js';

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

/** What the HTTP layer needs from Teams: one handler for POST /api/messages. */
export interface TeamsEndpoint {
  readonly mode: 'authenticated' | 'development';
  readonly adapter: CloudAdapter;
  /** Sends for the app without an incoming message (the outbox worker). */
  readonly publisher: TeamsPublisher;
  /** P1 incident channels: a channel created through Graph, or a thread in the escalation channel. */
  readonly incidentChannels: TeamsIncidentChannels;
  handle(request: BotRequest, response: HttpResponse): Promise<void>;
}

/** The part of a restify response the endpoint writes to. */
export interface HttpResponse {
  readonly socket: unknown;
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(...args: unknown[]): unknown;
  end(...args: unknown[]): unknown;
}

/**
 * Builds the Teams endpoint, or returns null when Teams is not configured. Token
 * checks are on whenever MicrosoftAppId is set; only TICKETBOT_DEV=1 turns them off.
 */
export function createTeamsEndpoint(
  teams: TeamsOptions,
  deps: Omit<TeamsBotDeps, 'refreshUsersOf'> & { store: Store; logger: Logger },
): TeamsEndpoint | null {
  if (!teams.appId && !teams.devMode) return null;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  const log = deps.logger.child({ channel: 'teams' });
  adapter.onTurnError = async (context, error) => {
    const errorId = randomUUID().slice(0, 8);
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
  return {
    mode: teams.appId ? 'authenticated' : 'development',
    adapter,
    publisher,
    incidentChannels,
    async handle(request, response) {
      // botbuilder writes error.message into 500 bodies; keep internals out of responses.
      const guarded: BotResponse = {
        socket: response.socket,
        status: (code: number) => response.status(code),
        header: (name: string, value: unknown) => response.header(name, value),
        end: (...args: unknown[]) => response.end(...args),
        send: (...args: unknown[]) => {
          let code = (response as { statusCode?: number }).statusCode ?? 200;
          // A bad token signature surfaces from jsonwebtoken as a plain error (500): it is a refusal.
          if (code >= 500 && /invalid signature|jwt|token/i.test(String(args[0]))) {
            response.status(401);
            code = 401;
          }
          if (code === 401) {
            return response.send({
              error: 'unauthorized',
              message: 'missing or invalid Bot Framework token',
            });
          }
          if (code >= 500) {
            const errorId = randomUUID().slice(0, 8);
            log.error({ errorId, detail: args[0] }, 'Teams request failed');
            return response.send({ error: 'internal_error', errorId });
          }
          return response.send(...args);
        },
      };
      await adapter.process(request, guarded, (context) => bot.run(context));
    },
  };
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
