import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { IntakeService } from '../../app/intake-service.js';
import type { TicketActionService } from '../../app/ticket-action-service.js';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { SlackBot } from './slack-bot.js';
import { RestifySlackReceiver } from './slack-receiver.js';

export interface SlackEndpoint {
  readonly mode: 'http' | 'socket';
  readonly app: App;
  /** Handles POST /slack/events (HTTP mode). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Verifies the token (auth.test) and, in Socket Mode, connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the Slack endpoint, or null when Slack is not configured. HTTP mode needs
 * SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN; SLACK_APP_TOKEN switches to Socket Mode.
 */
export function createSlackEndpoint(
  config: Config,
  deps: { store: Store; intake: IntakeService; actions: TicketActionService; logger: Logger },
): SlackEndpoint | null {
  const { slack } = config;
  if (!slack.botToken || (!slack.signingSecret && !slack.appToken)) return null;
  const logger = deps.logger.child({ channel: 'slack' });
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // 429s wait for Retry-After; 5xx and network errors back off and retry.
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 10_000, randomize: true },
  };
  const bot = new SlackBot({
    store: deps.store,
    intake: deps.intake,
    actions: deps.actions,
    supportChannel: slack.supportChannel,
    logger,
  });
  // Socket Mode's receiver is built here rather than by App, so its WebSocket URL lookup
  // honours SLACK_API_URL too.
  const socketMode = slack.appToken
    ? new SocketModeReceiver({
        appToken: slack.appToken,
        logLevel: LogLevel.WARN,
        installerOptions: { clientOptions },
      })
    : null;
  const httpReceiver = socketMode
    ? null
    : new RestifySlackReceiver({ signingSecret: slack.signingSecret!, logger });
  const app = new App({
    token: slack.botToken,
    receiver: (socketMode ?? httpReceiver)!,
    clientOptions,
    logLevel: LogLevel.WARN,
    deferInitialization: true,
  });
  bot.register(app);
  return {
    mode: socketMode ? 'socket' : 'http',
    app,
    async handle(req, res) {
      if (httpReceiver) return httpReceiver.handle(req, res);
      res.statusCode = 404;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          error: 'socket_mode',
          message: 'Slack runs in Socket Mode (SLACK_APP_TOKEN); no HTTP events here',
        }),
      );
    },
    async start() {
      await app.init();
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
    },
  };
}
