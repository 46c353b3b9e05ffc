import { createSlackEndpoint, startSlackEndpoint } from './adapters/slack/slack-endpoint.js';
import { createLogger } from './adapters/system/logger.js';
import { createTeamsEndpoint } from './adapters/teams/teams-endpoint.js';
import { createAppContext } from './config/app-context.js';
import { ConfigError } from './config/config.js';
import { loadDotEnv } from './config/env-file.js';
import { loadTenantDirectory } from './config/tenants-file.js';
import { PolicyRegistryError } from './core/sla/policy-registry.js';
import { createHttpServer } from './http/server.js';

// The only place that knows every concrete class: configuration in, server out.
async function main(): Promise<void> {
  loadDotEnv();
  const logger = createLogger();
  let context: Awaited<ReturnType<typeof createAppContext>>;
  let tenants: ReturnType<typeof loadTenantDirectory>;
  try {
    context = await createAppContext();
    tenants = loadTenantDirectory(context.config.tenantsFile, context.policies);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PolicyRegistryError) {
      logger.fatal({ problem: err.message }, 'refusing to start: fix the configuration');
      process.stderr.write(`ticketbot: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const { config, store, intake, actions, policies } = context;
  for (const warning of policies.warnings) logger.warn({ warning }, 'SLA policy warning');
  for (const warning of tenants.warnings) logger.warn({ warning }, 'tenants file warning');
  const { customers, partners } = tenants.directory;
  logger.info({ customers: customers.length, partners: partners.length }, 'customers and partners loaded');

  const teams = createTeamsEndpoint(config, { store, intake, actions, logger });
  if (!teams) {
    logger.warn(
      'Teams is off: set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppType (see .env.example); /api/messages answers 503',
    );
  } else if (teams.mode === 'development') {
    logger.warn(
      '!!! TICKETBOT_DEV=1: Teams requests are NOT authenticated. Local development only, never in production. !!!',
    );
  } else {
    logger.info(
      { appId: config.teams.appId, appType: config.teams.appType },
      'Teams on: Bot Framework tokens are checked',
    );
  }
  const configured = createSlackEndpoint(config, { store, intake, actions, logger });
  if (!configured) {
    logger.warn(
      'Slack is off: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode), see .env.example; /slack/events answers 503',
    );
  }
  const { endpoint: slack, problem: slackProblem } = await startSlackEndpoint(configured, logger);

  const server = createHttpServer({
    logger,
    teams,
    slack,
    ...(slackProblem ? { slackProblem } : {}),
    readiness: [{ name: 'store', check: () => store.ping() }],
    gauges: async () => ({ ticketbot_unfinished_intakes: await store.conversations.countOpen() }),
    ...(config.dashboardToken
      ? {
          dashboard: {
            token: config.dashboardToken,
            tickets: () => store.tickets.list({ limit: 10_000 }),
            policies,
            timeZone: policies.get(config.defaultSlaPolicy)?.calendar.definition.timeZone ?? 'UTC',
          },
        }
      : {}),
  });
  logger.info(config.dashboardToken ? 'dashboard on at /dashboard' : 'dashboard off: set DASHBOARD_TOKEN');
  server.listen(config.port, () => {
    logger.info(
      { port: config.port, store: store.kind, defaultPolicy: config.defaultSlaPolicy },
      'ticketbot listening',
    );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(async () => {
      await store.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`ticketbot: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
