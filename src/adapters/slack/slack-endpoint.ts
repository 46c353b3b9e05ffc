import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../ports/logger.js';
import { nodeHttpFetch } from './node-http-fetch.js';
import { SlackBot, type SlackBotDeps } from './slack-bot.js';
import { SlackIncidentChannels } from './slack-incident-channels.js';
import { slackSdkLogger } from './slack-logger.js';
import { SlackPublisher, slackErrorCode } from './slack-publisher.js';
import { RestifySlackReceiver } from './slack-receiver.js';
import { missingSlackScopes } from './slack-scopes.js';

/** What the Slack adapter needs from configuration, and nothing else. */
export interface SlackOptions {
  readonly signingSecret: string | null;
  readonly botToken: string | null;
  readonly appToken: string | null;
  readonly apiUrl: string | null;
}

/** How long a Slack client (Bolt's, the outbox's) waits for one Web API call. */
export const SLACK_TIMEOUT_MS = 20_000;

const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
]);

export interface SlackEndpoint {
  readonly mode: 'http' | 'socket';
  readonly app: App;
  /** Sends for the app without an incoming message (the outbox worker). */
  readonly publisher: SlackPublisher;
  /** P1 incident channels (the outbox's openIncident, incidentTopic, archiveIncident), on the publisher's client. */
  readonly incidentChannels: SlackIncidentChannels;
  /** Handles POST /slack/events (HTTP mode). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Verifies the token (auth.test; refused tokens throw) and, in Socket Mode, connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the Slack endpoint, or null when Slack is not configured. HTTP mode needs
 * SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN; SLACK_APP_TOKEN switches to Socket Mode.
 */
export function createSlackEndpoint(
  slack: SlackOptions,
  deps: SlackBotDeps,
  tuning: { readonly timeoutMs?: number } = {},
): SlackEndpoint | null {
  if (!slack.botToken || (!slack.signingSecret && !slack.appToken)) return null;
  const logger = deps.logger.child({ channel: 'slack' });
  // One connection pool for both clients; no call hangs for ever (a start-up auth.test,
  // a handler's views.open, respond(), an outbox send whose entry stays leased meanwhile).
  const fetch = nodeHttpFetch({ timeoutMs: tuning.timeoutMs ?? SLACK_TIMEOUT_MS });
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // 429s wait for Retry-After; 5xx and network errors back off and retry.
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 10_000, randomize: true },
    fetch,
  };
  const bot = new SlackBot({ ...deps, logger });
  // Socket Mode's receiver is built here rather than by App, so its WebSocket URL lookup
  // honours SLACK_API_URL too.
  const socketMode = slack.appToken
    ? new SocketModeReceiver({
        appToken: slack.appToken,
        logger: slackSdkLogger(logger, 'socket-mode', LogLevel.WARN),
        installerOptions: { clientOptions },
      })
    : null;
  const httpReceiver = socketMode
    ? null
    : new RestifySlackReceiver({
        signingSecret: slack.signingSecret!,
        logger,
        nowSeconds: () => Math.floor(deps.clock.now() / 1000),
      });
  // One workspace, one bot token. The bot's own ids come from auth.test at start and
  // let Bolt ignore the bot's own messages.
  const botToken = slack.botToken;
  let identity: { botUserId?: string; botId?: string } = {};
  const app = new App({
    authorize: async () => ({ botToken, ...identity }),
    receiver: (socketMode ?? httpReceiver)!,
    clientOptions,
    // Bolt's lines (and its client's) go into our JSON log, not as plain text on stderr.
    logger: slackSdkLogger(logger, 'bolt', LogLevel.WARN),
    logLevel: LogLevel.WARN,
    // The error handler gets the payload too, to tell the user who was left waiting.
    extendedErrorHandler: true,
    // Conversations live in our store; Bolt's in-memory store made an Error (with a stack)
    // for every event of a new conversation and would differ between replicas.
    convoStore: false,
  });
  bot.register(app);
  // The outbox's client never resends by itself: a 5xx or a lost answer may come after
  // Slack took the message, and only the outbox looks (by the key in the metadata)
  // before it sends again, with backoff. A 429 is handed back at once, and the outbox
  // holds that entry until Retry-After: the client waiting would hold its whole queue,
  // every other conversation with it, and the outbox would then wait again.
  const outboxClient = new WebClient(botToken, {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    fetch,
    logger: slackSdkLogger(logger, 'outbox-web-api', LogLevel.WARN),
  });
  const publisher = new SlackPublisher(outboxClient, logger);
  const incidentChannels = new SlackIncidentChannels(outboxClient, logger);
  return {
    mode: socketMode ? 'socket' : 'http',
    app,
    publisher,
    incidentChannels,
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
      try {
        const me = await app.client.auth.test({ token: botToken });
        identity = {
          ...(me.user_id ? { botUserId: me.user_id } : {}),
          ...(me.bot_id ? { botId: me.bot_id } : {}),
        };
        const missing = missingSlackScopes(me.response_metadata?.scopes);
        if (missing.length > 0)
          logger.warn(
            { missing },
            `the Slack bot token lacks ${missing.join(', ')}: add them under OAuth & Permissions (or from manifests/slack/manifest.yaml) and reinstall the app; what each is for is in the manifest`,
          );
      } catch (err) {
        const code = slackErrorCode(err);
        // A refused token is a configuration error; anything else (an outage) must not
        // take Slack off: the token is checked again on every call.
        if (code && TOKEN_ERRORS.has(code)) throw new Error(`Slack refused the bot token: ${code}`);
        logger.warn(
          { err: (err as Error).message },
          'auth.test failed; Slack stays on and the token is used as configured',
        );
      }
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
    },
  };
}

/**
 * Starts the endpoint. A refused token turns Slack off with the reason (the endpoint
 * then answers 503 saying so); the server itself always starts.
 */
export async function startSlackEndpoint(
  endpoint: SlackEndpoint | null,
  logger: Logger,
): Promise<{ endpoint: SlackEndpoint | null; problem?: string }> {
  if (!endpoint) return { endpoint: null };
  try {
    await endpoint.start();
    logger.info({ mode: endpoint.mode }, 'Slack on');
    return { endpoint };
  } catch (err) {
    const problem = `${(err as Error).message}; check SLACK_BOT_TOKEN (and SLACK_API_URL)`;
    logger.error({ problem }, 'Slack is off');
    return { endpoint: null, problem };
  }
}
