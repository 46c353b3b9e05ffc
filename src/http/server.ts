import { randomUUID } from 'node:crypto';
import restify from 'restify';
import type { SlackEndpoint } from '../adapters/slack/slack-endpoint.js';
import type { TeamsEndpoint } from '../adapters/teams/teams-endpoint.js';
import type { Logger } from '../ports/logger.js';
import { answerClientErrorsInJson } from './client-errors.js';
import { type DashboardDeps, registerDashboard } from './dashboard/dashboard-routes.js';
import { clientErrorBody } from './error-body.js';
import { HttpMetrics } from './metrics.js';
import { closeSilentConnections } from './silent-connections.js';

/** Teams activities are small (files travel as links): 1 MiB is generous. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** How long a client may take to send its request: a slow client is cut off after this. */
export interface HttpTimeouts {
  /** Until the last header line (slow-loris headers). */
  readonly headersMs: number;
  /** Until the whole request, body included (a trickled body). */
  readonly requestMs: number;
}

/** Slack and Bot Framework send a whole request in milliseconds; these leave room for slow networks. */
export const DEFAULT_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export interface ReadinessCheck {
  readonly name: string;
  /** Throws what is wrong: its message is the problem's `error`, a NotReadyError's details are added to it. */
  check(): Promise<void>;
}

/** A readiness failure with more to say than one line (e.g. which dead letters). */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export interface ServerDeps {
  readonly logger: Logger;
  readonly teams: TeamsEndpoint | null;
  readonly slack?: SlackEndpoint | null;
  /** Why Slack is off, when it is configured but could not start. */
  readonly slackProblem?: string;
  readonly readiness: readonly ReadinessCheck[];
  /** Gauges read on each /metrics scrape (e.g. unfinished intakes). */
  readonly gauges?: () => Promise<Record<string, number>>;
  /** /dashboard and /api/tickets; without it (no DASHBOARD_TOKEN) both answer 404. */
  readonly dashboard?: DashboardDeps;
  readonly timeouts?: HttpTimeouts;
}

/**
 * Bot Framework sends activities uncompressed. restify's body reader would inflate a
 * compressed body without an error handler (a corrupt one ends the process) and limits
 * only the compressed size (a small body could inflate to gigabytes): refused unread.
 */
function refuseContentEncoding(req: restify.Request, res: restify.Response, next: restify.Next): void {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === 'identity' || encoding === '') {
    // restify's reader refuses any Content-Encoding it does not inflate, "identity" too.
    delete req.headers['content-encoding'];
    next();
    return;
  }
  res.status(415);
  res.json({
    error: 'unsupported_media_type',
    message: `Content-Encoding "${encoding.slice(0, 40)}" is not accepted: send the activity uncompressed`,
  });
  next(false);
}

function notConfigured(res: restify.Response, channel: string, how: string): void {
  res.status(503);
  res.json({
    error: 'channel_not_configured',
    channel,
    message: `${channel} is not configured on this server: ${how}`,
  });
}

/** The request's body never arrived whole: the connection was cut while it was sent. */
function cutOffWhileSending(req: restify.Request, err: Error & { code?: string }): boolean {
  return !req.complete && (err.code === 'ECONNRESET' || err.message === 'aborted' || req.destroyed);
}

/**
 * The one HTTP server: health, readiness, Teams and Slack endpoints. Routes hold no
 * domain logic; they map requests to the channel adapters and errors to status codes.
 */
export function createHttpServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'ticketbot', handleUncaughtExceptions: false });
  const timeouts = deps.timeouts ?? DEFAULT_TIMEOUTS;
  server.server.headersTimeout = timeouts.headersMs;
  server.server.requestTimeout = timeouts.requestMs;
  // Node looks for clients past those timeouts only this often (30 s by default, read when
  // the server starts listening): check every second, so a slow client is cut off on time.
  (server.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(
    1_000,
    timeouts.headersMs,
  );

  answerClientErrorsInJson(server.server);
  closeSilentConnections(server.server, timeouts.headersMs);

  const metrics = new HttpMetrics();
  server.on('after', (req: restify.Request, res: restify.Response) => {
    const route = (req.getRoute?.()?.path as string | undefined) ?? 'unmatched';
    metrics.record(route, res.statusCode, Date.now() - req.time());
  });

  server.get('/metrics', async (_req, res) => {
    let gauges: Record<string, number> = {};
    try {
      gauges = (await deps.gauges?.()) ?? {};
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'a metrics gauge failed');
    }
    res.header('content-type', 'text/plain; version=0.0.4');
    res.sendRaw(200, metrics.render(gauges));
  });

  const healthz = async (_req: restify.Request, res: restify.Response) => {
    res.json({ status: 'ok' });
  };
  server.get('/healthz', healthz);
  // Load balancers and uptime checks often probe with HEAD.
  server.head('/healthz', healthz);

  server.get('/readyz', async (_req, res) => {
    const problems: Array<Record<string, unknown>> = [];
    await Promise.all(
      deps.readiness.map(async (r) => {
        try {
          await r.check();
        } catch (err) {
          const details = err instanceof NotReadyError ? err.details : {};
          problems.push({ ...details, check: r.name, error: (err as Error).message });
        }
      }),
    );
    res.status(problems.length ? 503 : 200);
    res.json(problems.length ? { status: 'not_ready', problems } : { status: 'ready' });
  });

  const parseBody = restify.plugins.bodyParser({
    maxBodySize: MAX_BODY_BYTES,
    mapParams: false,
    rejectUnknown: true,
  });
  // The token before the body: a caller without a valid one never has its body parsed.
  const teams = deps.teams;
  const admitTeams = (req: restify.Request, res: restify.Response, next: restify.Next) => {
    teams!.admit(req as never, res).then((admitted) => next(admitted ? undefined : false), next);
  };
  server.post(
    '/api/messages',
    ...(teams ? [admitTeams, refuseContentEncoding, ...parseBody] : []),
    async (req: restify.Request, res: restify.Response) => {
      if (!deps.teams) {
        notConfigured(
          res,
          'Microsoft Teams',
          'set MicrosoftAppId and MicrosoftAppPassword (or TICKETBOT_DEV=1 for local development)',
        );
        return;
      }
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
        res.status(400);
        res.json({
          error: 'bad_request',
          message: 'the body must be a Bot Framework activity (a JSON object)',
        });
        return;
      }
      try {
        // Admitted and parsed; the endpoint reads only body and headers.
        await deps.teams.handle(req as never, res);
      } catch (err) {
        // The endpoint answers bad input and refused tokens itself: what reaches here is ours.
        const errorId = randomUUID().slice(0, 8);
        deps.logger.error({ errorId, err }, 'Teams request failed');
        if (!res.headersSent) {
          res.status(500);
          res.json({ error: 'internal_error', errorId });
        }
      }
    },
  );

  // No body parser here: the Slack signature is computed over the raw bytes.
  server.post('/slack/events', async (req: restify.Request, res: restify.Response) => {
    if (!deps.slack) {
      notConfigured(res, 'Slack', deps.slackProblem ?? 'set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
      return;
    }
    await deps.slack.handle(req, res);
  });

  registerDashboard(server, deps.dashboard);

  server.on(
    'restifyError',
    (
      req: restify.Request,
      res: restify.Response,
      err: Error & { statusCode?: number; restCode?: string },
      callback: () => void,
    ) => {
      const status = err.statusCode ?? 500;
      if (cutOffWhileSending(req, err)) {
        // Node's request timeout (or the client) closed it mid-body: nothing of ours failed.
        deps.logger.info(
          { path: req.path(), reason: err.message },
          'a client closed the connection before its request was read',
        );
      } else if (status >= 500) {
        const errorId = randomUUID().slice(0, 8);
        deps.logger.error({ errorId, err, path: req.path() }, 'request failed');
        (err as unknown as { toJSON: () => unknown }).toJSON = () => ({ error: 'internal_error', errorId });
      } else {
        (err as unknown as { toJSON: () => unknown }).toJSON = () => clientErrorBody(req, res, err);
      }
      callback();
    },
  );
  return server;
}
