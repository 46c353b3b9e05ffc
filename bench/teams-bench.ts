import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { createLogger } from '../src/adapters/system/logger.js';
import { createAppContext } from '../src/wiring/app-context.js';
import { createBot } from '../src/wiring/server.js';
import {
  alternatingRounds,
  type ClosedLoopResult,
  durabilityBetween,
  postBody,
  printRounds,
  printSustained,
  progress,
  sustainedLoad,
} from './bench-util.js';
import { startServerProcess, withServerCpu } from './server-process.js';

/** A connector that answers every bot call at once, so only the bot is measured. */
async function startConnector(): Promise<{ url: string; server: Server; calls: () => number }> {
  let calls = 0;
  const server = createServer((req, res) => {
    calls += 1;
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `bot-${calls}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, calls: () => calls };
}

/** The baseline: botbuilder's echo bot on restify, nothing else. */
export async function startEchoBot(): Promise<{ url: string; close: () => Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req as never, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startTicketbot(): Promise<{
  url: string;
  close: () => Promise<void>;
  store: unknown;
}> {
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const logger = createLogger({ level: 'warn', destination: quiet });
  const context = await createAppContext({
    ...process.env,
    TICKETBOT_DEV: '1',
    MONGODB_URI: '',
    SLA_POLICIES_FILE: '',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-bench-teams-')),
  });
  const bot = await createBot(context, logger);
  const server = bot.http;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  bot.startWorkers();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    store: context.store,
    close: async () => {
      await bot.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await context.store.close();
    },
  };
}

const ANSWERS = [
  'hi',
  'Acme BV, https://acme.workspace365.net, since yesterday 9:15',
  'j.jansen, p.devries',
  'Nobody can sign in after the Microsoft login. The page stays blank.',
  { intakeStep: 'security', choice: 'no' },
  { intakeStep: 'impact', choice: 'organisation' },
  { intakeStep: 'urgency', choice: 'high' },
  'skip',
  'skip',
  'done',
  'skip',
  { intakeStep: 'review', choice: 'submit' },
];

function activity(serviceUrl: string, user: number, seq: number, answer: string | Record<string, unknown>) {
  return {
    type: 'message',
    id: `bench-${user}-${seq}`,
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:bench-${user}`, name: `User ${user}`, aadObjectId: `aad-bench-${user}` },
    conversation: { conversationType: 'personal', id: `a:bench-${user}`, tenantId: 't' },
    recipient: { id: '28:bot', name: 'ticketbot' },
    locale: 'en-US',
    entities: [{ type: 'clientInfo', timezone: 'Europe/Amsterdam' }],
    ...(typeof answer === 'string' ? { text: answer } : { value: answer }),
  };
}

function postActivity(url: string, body: unknown): Promise<number> {
  return postBody(`${url}/api/messages`, JSON.stringify(body), { 'content-type': 'application/json' });
}

const ROUNDS = 3;

/** A sustained rate of activities (open loop) from many conversations; each one's answer time. */
function sustained(url: string, serviceUrl: string, base: number, rate: number, seconds: number) {
  return sustainedLoad(rate, seconds, 400, async (conversation, turn) => {
    const answer = ANSWERS[turn % ANSWERS.length]!;
    const status = await postActivity(url, activity(serviceUrl, base + conversation, 1000 + turn, answer));
    return status === 200;
  });
}

/** Users run whole intakes in parallel; every POST's latency is recorded. */
async function load(
  url: string,
  serviceUrl: string,
  users: number,
  concurrency: number,
  base = 0,
): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < users) {
      const user = base + next++;
      for (const [seq, answer] of ANSWERS.entries()) {
        const t0 = performance.now();
        const status = await postActivity(url, activity(serviceUrl, user, seq, answer));
        if (status !== 200) throw new Error(`status ${status}`);
        latencies.push(performance.now() - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { events: latencies.length, seconds, p50: at(0.5), p99: at(0.99) };
}

export async function teamsBench(
  users: number,
  concurrency: number,
  rate = 200,
  rateSeconds = 10,
): Promise<void> {
  console.log(
    `\n## Teams: Bot Framework activities through the whole stack (${ROUNDS} rounds of ${users} intakes x ${ANSWERS.length} activities, ${concurrency} in parallel)`,
  );
  const connector = await startConnector();
  progress(
    'plain botbuilder echo bot (baseline) and ticketbot (restify + CloudAdapter + intake + SQLite store), each in a process of its own',
  );
  const echo = await startServerProcess('teams-echo', connector.url);
  const bot = await startServerProcess('teams-ticketbot', connector.url);
  await load(echo.url, connector.url, 5, concurrency, 300_000);
  await load(bot.url, connector.url, 5, concurrency, 310_000);
  const before = await bot.durability();
  const rounds = await alternatingRounds(
    ROUNDS,
    (round) =>
      withServerCpu(echo, () => load(echo.url, connector.url, users, concurrency, 400_000 + round * 10_000)),
    (round) =>
      withServerCpu(bot, () => load(bot.url, connector.url, users, concurrency, 500_000 + round * 10_000)),
  );
  const events = rounds.mine.reduce((sum, r) => sum + r.events, 0);
  const durability = durabilityBetween(before, await bot.durability(), events);
  progress(`plain botbuilder echo bot: ${rate} activities/s for ${rateSeconds} s`);
  const echoSustained = await sustained(echo.url, connector.url, 100_000, rate, rateSeconds);
  progress(`ticketbot: ${rate} activities/s for ${rateSeconds} s`);
  const mineSustained = await sustained(bot.url, connector.url, 200_000, rate, rateSeconds);
  await echo.stop();
  await bot.stop();
  connector.server.close();
  printRounds('activities', ['botbuilder echo bot', 'ticketbot'], rounds);
  console.log(durability);
  printSustained(rate, [
    ['botbuilder echo bot (baseline)', echoSustained],
    ['ticketbot', mineSustained],
  ]);
}
