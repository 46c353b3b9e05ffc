import { randomUUID } from 'node:crypto';
import {
  type Request as BotRequest,
  type Response as BotResponse,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
} from 'botbuilder';
import type { IntakeService } from '../../app/intake-service.js';
import type { TicketActionService } from '../../app/ticket-action-service.js';
import type { Config } from '../../config/config.js';
import { t } from '../../core/i18n/catalogue.js';
import { languageFromLocale } from '../../core/i18n/language.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { TeamsBot } from './teams-bot.js';

/** What the HTTP layer needs from Teams: one handler for POST /api/messages. */
export interface TeamsEndpoint {
  readonly mode: 'authenticated' | 'development';
  readonly adapter: CloudAdapter;
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
  config: Config,
  deps: { store: Store; intake: IntakeService; actions: TicketActionService; logger: Logger },
): TeamsEndpoint | null {
  const { teams } = config;
  if (!teams.appId && !config.devMode) return null;
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
  const bot = new TeamsBot({
    adapter,
    appId: teams.appId ?? '',
    store: deps.store,
    intake: deps.intake,
    actions: deps.actions,
    supportChannel: teams.supportChannel,
    log: (level, message, data) => log[level](data ?? {}, message),
  });
  return {
    mode: teams.appId ? 'authenticated' : 'development',
    adapter,
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
