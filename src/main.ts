import { HeldOutput } from './adapters/system/held-output.js';
import { createLogger } from './adapters/system/logger.js';
import { loadDotEnv } from './config/env-file.js';
import { listen } from './http/listen.js';
import { refuseToStart } from './startup/refuse-to-start.js';
import { startupSummary } from './startup/startup-summary.js';
import { createAppContext } from './wiring/app-context.js';
import { createBot } from './wiring/server.js';

// The only place that knows every concrete class: configuration in, server out.
async function main(): Promise<void> {
  try {
    loadDotEnv();
  } catch (err) {
    refuseToStart(err);
  }
  const context = await createAppContext().catch(refuseToStart);
  const { config, store, policies } = context;
  // Start-up lines are held until the summary line is out (see HeldOutput).
  const startupLog = new HeldOutput(process.stdout);
  const logger = createLogger({ level: config.logLevel, destination: startupLog });
  for (const warning of policies.warnings) logger.warn({ warning }, 'SLA policy warning');
  for (const warning of context.tenants.warnings) logger.warn({ warning }, 'tenants file warning');
  const { customers, partners } = context.tenants.directory;
  logger.info({ customers: customers.length, partners: partners.length }, 'customers and partners loaded');
  logger.info(config.dashboardToken ? 'dashboard on at /dashboard' : 'dashboard off: set DASHBOARD_TOKEN');

  const bot = await createBot(context, logger);
  if (!bot.teams) {
    logger.warn(
      'Teams is off: set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppType (see .env.example); /api/messages answers 503',
    );
  } else if (bot.teams.mode === 'development') {
    logger.warn(
      '!!! TICKETBOT_DEV=1: Teams requests are NOT authenticated. Local development only, never in production. !!!',
    );
  } else {
    logger.info(
      { appId: config.teams.appId, appType: config.teams.appType },
      'Teams on: Bot Framework tokens are checked',
    );
  }
  if (!bot.slack && !bot.slackProblem) {
    logger.warn(
      'Slack is off: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode), see .env.example; /slack/events answers 503',
    );
  }
  const address = await listen(bot.http, config.port).catch(refuseToStart);
  const summary = startupSummary({
    address,
    config,
    teams: bot.teams,
    slack: bot.slack,
    slackProblem: bot.slackProblem,
  });
  createLogger({ level: config.logLevel, destination: process.stdout }).info(
    { ...summary.fields, port: address.port, defaultPolicy: config.defaultSlaPolicy },
    summary.message,
  );
  startupLog.release();
  bot.startWorkers();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    bot.http.close(async () => {
      await bot.stop();
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
