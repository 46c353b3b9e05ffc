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
import { TeamsBot, type TeamsBotDeps } from './teams-bot.js';
import { TeamsPublisher } from './teams-publisher.js';

/** What the Teams adapter needs from configuration, and nothing else. */
export interface TeamsOptions {
  readonly appId: string | null;
  readonly appPassword: string | null;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly tenantId: string | null;
  /** TICKETBOT_DEV=1: token checks off (said loudly at start). */
  readonly devMode: boolean;
}

/** What the HTTP layer needs from Teams: one handler for POST /api/messages. */
export interface TeamsEndpoint {
  readonly mode: 'authenticated' | 'development';
  readonly adapter: CloudAdapter;
  /** Sends for the app without an incoming message (the outbox worker). */
  readonly publisher: TeamsPublisher;
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
  return {
    mode: teams.appId ? 'authenticated' : 'development',
    adapter,
    publisher,
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
