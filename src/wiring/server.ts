import { hostname } from 'node:os';
import type restify from 'restify';
import {
  createSlackEndpoint,
  type SlackEndpoint,
  startSlackEndpoint,
} from '../adapters/slack/slack-endpoint.js';
import { createTeamsEndpoint, type TeamsEndpoint } from '../adapters/teams/teams-endpoint.js';
import { deadLetterSummary } from '../app/dead-letter-summary.js';
import { IncidentChannelEvents } from '../app/incident-channel-events.js';
import { OutboxDelivery, STOP_WAIT_MS } from '../app/outbox-delivery.js';
import { TimerService } from '../app/timer-service.js';
import { waitAtMost } from '../core/async/with-deadline.js';
import { createHttpServer, type HttpTimeouts, NotReadyError, type ReadinessCheck } from '../http/server.js';
import type { ChatPublisher } from '../ports/chat-publisher.js';
import type { IncidentChannels } from '../ports/incident-channels.js';
import type { Logger } from '../ports/logger.js';
import { LagStats } from '../workers/lag-stats.js';
import { PollingWorker } from '../workers/polling-worker.js';
import type { AppContext } from './app-context.js';

export interface ServerTuning {
  /** How often the timer worker looks for due timers (lag p99 stays under a second). */
  readonly timerIntervalMs?: number;
  readonly outboxIntervalMs?: number;
  /** How long a client may take to send a request (defaults in src/http/server.ts). */
  readonly httpTimeouts?: HttpTimeouts;
  /** How long one outbound send may hang before it is retried (SEND_DEADLINE_MS). */
  readonly sendDeadlineMs?: number;
  /** How long an outbox entry stays leased to the process trying it (LEASE_MS). */
  readonly outboxLeaseMs?: number;
  /** How long the Slack clients wait for one Web API call (SLACK_TIMEOUT_MS). */
  readonly slackTimeoutMs?: number;
  /** How long the Teams connector may take to answer one request (CONNECTOR_TIMEOUT_MS). */
  readonly connectorTimeoutMs?: number;
}

export interface Bot {
  readonly http: restify.Server;
  readonly teams: TeamsEndpoint | null;
  readonly slack: SlackEndpoint | null;
  readonly slackProblem: string | undefined;
  readonly delivery: OutboxDelivery;
  readonly workers: readonly PollingWorker[];
  /** Starts the timer and outbox workers. */
  startWorkers(): void;
  /** Stops the workers (after their pass in progress) and the channels. */
  stop(): Promise<void>;
}

/** A worker that has not finished a pass for this long is reported on /readyz. */
const WORKER_SILENCE_MS = 30_000;

/** The whole bot around one app context: channels, outbox delivery, workers, the HTTP server. */
export async function createBot(
  context: AppContext,
  logger: Logger,
  tuning: ServerTuning = {},
): Promise<Bot> {
  const { config, store, intake, actions, policies, clock, flows, support } = context;
  const publishers = new Map<string, ChatPublisher>();
  const incidentChannels = new Map<string, IncidentChannels>();
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const delivery = new OutboxDelivery({
    store,
    policies,
    publishers,
    incidentChannels,
    incidents: context.incidents,
    clock,
    logger,
    support,
    owner,
    ...(tuning.sendDeadlineMs ? { sendDeadlineMs: tuning.sendDeadlineMs } : {}),
    ...(tuning.outboxLeaseMs ? { leaseMs: tuning.outboxLeaseMs } : {}),
  });
  // A reply leased in the commit that writes it is sent without a claim of its own.
  store.outbox.leaseOnWrite?.(owner, delivery.leaseMs);
  const teams = createTeamsEndpoint(
    { ...config.teams, devMode: config.devMode },
    { store, policies, intake, actions, delivery, clock, logger },
    tuning.connectorTimeoutMs ? { connectorTimeoutMs: tuning.connectorTimeoutMs } : {},
  );
  if (teams) {
    publishers.set('teams', teams.publisher);
    incidentChannels.set('teams', teams.incidentChannels);
  }
  const incidentEvents = new IncidentChannelEvents({
    store,
    clock,
    timelineReaction: config.incidents.timelineReaction,
  });
  const configured = createSlackEndpoint(
    config.slack,
    { intake, actions, delivery, clock, logger, incidentEvents },
    tuning.slackTimeoutMs ? { timeoutMs: tuning.slackTimeoutMs } : {},
  );
  const { endpoint: slack, problem: slackProblem } = await startSlackEndpoint(configured, logger);
  if (slack) {
    publishers.set('slack', slack.publisher);
    incidentChannels.set('slack', slack.incidentChannels);
  }

  const lags = new LagStats();
  const timerService = new TimerService({
    store,
    policies,
    flows,
    incidents: context.incidents,
    logger,
    owner,
  });
  const timerWorker = new PollingWorker(
    'timers',
    async () => {
      const report = await timerService.runOnce();
      lags.add(report.lagsMs);
      return report.fired;
    },
    { intervalMs: tuning.timerIntervalMs ?? 250, logger, now: () => clock.now() },
  );
  const outboxWorker = new PollingWorker('outbox', () => delivery.runOnce(), {
    intervalMs: tuning.outboxIntervalMs ?? 500,
    logger,
    now: () => clock.now(),
  });
  const workers = [timerWorker, outboxWorker];

  const readiness: ReadinessCheck[] = [
    // A real write: a full disk, a lost file or a locked database is not ready.
    { name: 'store', check: () => store.probeWrite(clock.now()) },
    {
      name: 'workers',
      check: async () => {
        const now = clock.now();
        const dead = workers.filter((w) => !w.isAlive(now, WORKER_SILENCE_MS));
        if (dead.length) throw new Error(`not running: ${dead.map((w) => w.name).join(', ')}`);
      },
    },
    {
      name: 'outbox',
      check: async () => {
        const dead = await deadLetterSummary(store.outbox, clock.now());
        if (dead) throw new NotReadyError(dead.text, { deadLetters: dead.count, oldest: dead.oldest });
      },
    },
    // A platform refusing the bot's credentials: every message to it is held until they are fixed.
    ...(['slack', 'teams'] as const).map((platform) => ({
      name: platform,
      check: async () => {
        const problem = delivery.credentials.problem(platform);
        if (problem) throw new Error(problem);
      },
    })),
  ];
  const http = createHttpServer({
    logger,
    teams,
    slack,
    ...(slackProblem ? { slackProblem } : {}),
    readiness,
    ...(tuning.httpTimeouts ? { timeouts: tuning.httpTimeouts } : {}),
    ...(config.dashboardToken
      ? {
          dashboard: {
            token: config.dashboardToken,
            tickets: () => store.tickets.list({ limit: 10_000 }),
            policies,
            timeZone: policies.get(config.defaultSlaPolicy)?.calendar.definition.timeZone ?? 'UTC',
            viewers: { roles: config.roles, directory: context.tenants.directory },
          },
        }
      : {}),
    gauges: async () => {
      const now = clock.now();
      const [timers, outbox] = await Promise.all([store.timers.stats(now), store.outbox.stats(now)]);
      return {
        ticketbot_unfinished_intakes: await store.conversations.countOpen(),
        ticketbot_timers_pending: timers.pending,
        ticketbot_timers_due: timers.dueNow,
        ticketbot_timers_fired_total: timers.fired,
        ticketbot_timer_lag_p50_ms: lags.percentile(50),
        ticketbot_timer_lag_p99_ms: lags.percentile(99),
        ticketbot_outbox_depth: outbox.pending,
        ticketbot_outbox_dead_letters: outbox.dead,
        ticketbot_outbox_delivered_total: delivery.delivered,
        ticketbot_outbox_failures_total: delivery.failed,
      };
    },
  });
  return {
    http,
    teams,
    slack,
    slackProblem,
    delivery,
    workers,
    startWorkers: () => {
      for (const worker of workers) worker.start();
    },
    stop: async () => {
      // A pass held by a hanging platform is not waited for long; once no pass claims any
      // more, the tries still running are given a moment, then handed back.
      // (The same wait for the workers' passes as delivery.stop gives the sends.)
      await waitAtMost(Promise.all(workers.map((w) => w.stop())), STOP_WAIT_MS);
      await delivery.stop();
      await slack?.stop();
    },
  };
}
