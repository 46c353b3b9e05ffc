import { createSlackEndpoint, startSlackEndpoint } from './adapters/slack/slack-endpoint.js';
import { HeldOutput } from './adapters/system/held-output.js';
import { createLogger } from './adapters/system/logger.js';
import { createTeamsEndpoint } from './adapters/teams/teams-endpoint.js';
import { createAppContext } from './config/app-context.js';
import { loadDotEnv } from './config/env-file.js';
import { listen } from './http/listen.js';
import { createHttpServer } from './http/server.js';
import { refuseToStart } from './startup/refuse-to-start.js';
import { startupSummary } from './startup/startup-summary.js';

// The only place that knows every concrete class: configuration in, server out.
async function main(): Promise<void> {
  loadDotEnv();
  const context = await createAppContext().catch(refuseToStart);
  const { config, store, intake, actions, policies } = context;
  // Start-up lines are held until the summary line is out (see HeldOutput).
  const startupLog = new HeldOutput(process.stdout);
  const logger = createLogger({ level: config.logLevel, destination: startupLog });
  for (const warning of policies.warnings) logger.warn({ warning }, 'SLA policy warning');

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
  });
  const address = await listen(server, config.port).catch(refuseToStart);
  const summary = startupSummary({ address, config, teams, slack, slackProblem });
  createLogger({ level: config.logLevel, destination: process.stdout }).info(
    { ...summary.fields, port: address.port, defaultPolicy: config.defaultSlaPolicy },
    summary.message,
  );
  startupLog.release();

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
