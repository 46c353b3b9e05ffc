import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { App, LogLevel } from '@slack/bolt';
import { signSlackRequest } from '../src/adapters/slack/slack-signature.js';
import { createLogger } from '../src/adapters/system/logger.js';
import { type AppContext, createAppContext } from '../src/wiring/app-context.js';
import { createBot } from '../src/wiring/server.js';
import {
  alternatingRounds,
  type ClosedLoopResult,
  durabilityBetween,
  postBody,
  printRounds,
  printSustained,
  progress,
  type SustainedResult,
  sustainedLoad,
} from './bench-util.js';
import { startServerProcess, withServerCpu } from './server-process.js';

const SECRET = 'bench-signing-secret';

/** The channel of a Web API call, sent as JSON or as a form. */
function channelOf(body: string): string {
  if (body.startsWith('{')) return String((JSON.parse(body) as { channel?: unknown }).channel ?? '');
  return new URLSearchParams(body).get('channel') ?? '';
}

/** A Slack Web API that answers at once and counts chat.postMessage calls. */
async function startApi(): Promise<{ url: string; server: Server; posts: (channel?: string) => number }> {
  let posts = 0;
  const postsTo = new Map<string, number>();
  let ts = 1_700_000_000;
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace('/api/', '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (method === 'chat.postMessage') {
        const channel = channelOf(Buffer.concat(chunks).toString('utf8'));
        postsTo.set(channel, (postsTo.get(channel) ?? 0) + 1);
      }
      res.setHeader('content-type', 'application/json');
      if (method === 'auth.test') {
        res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }));
      } else if (method === 'users.info') {
        res.end(
          JSON.stringify({ ok: true, user: { tz: 'Europe/Amsterdam', locale: 'en-US', real_name: 'U' } }),
        );
      } else {
        if (method === 'chat.postMessage') posts += 1;
        ts += 1;
        res.end(JSON.stringify({ ok: true, ts: `${ts}.0001`, channel: 'D1' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    server,
    posts: (channel?: string) => (channel === undefined ? posts : (postsTo.get(channel) ?? 0)),
  };
}

export async function startEcho(apiUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new App({
    signingSecret: SECRET,
    token: 'xoxb-bench',
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.ERROR,
  });
  app.message(async ({ message, say }) => {
    await say(`Echo: ${(message as { text?: string }).text ?? ''}`);
  });
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  await app.start(port);
  return { url: `http://127.0.0.1:${port}`, stop: () => app.stop() as Promise<void> };
}

export async function startTicketbot(
  apiUrl: string,
  env: Record<string, string> = {},
): Promise<{
  url: string;
  stop: () => Promise<void>;
  context: AppContext;
}> {
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  const logger = createLogger({ level: 'error', destination: quiet });
  const context = await createAppContext({
    ...process.env,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: apiUrl,
    MONGODB_URI: '',
    SLA_POLICIES_FILE: '',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-bench-slack-')),
    ...env,
  });
  const bot = await createBot(context, logger);
  const server = bot.http;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  bot.startWorkers();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    context,
    stop: async () => {
      await bot.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await context.store.close();
    },
  };
}

const ROUNDS = 3;

const ANSWERS = [
  'hi',
  'Acme BV, https://acme.workspace365.net, since yesterday 9:15',
  'j.jansen',
  'Nobody can sign in after the Microsoft login.',
  'no',
  'organisation',
  'high',
  'skip',
  'skip',
  'done',
  'skip',
  'submit',
];

let sequence = 0;

/** One signed Events API request: a DM from `user`; the answer's status. */
export async function postEvent(url: string, user: string, text: string): Promise<number> {
  sequence += 1;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `EvBench${sequence}-${Math.random()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel_type: 'im', channel: `D${user}`, user, text, ts: `${sequence}.0001` },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  return postBody(`${url}/slack/events`, body, {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
  });
}

/** A sustained rate of events (open loop) from many conversations; each event's ack time. */
function sustained(url: string, prefix: string, rate: number, seconds: number): Promise<SustainedResult> {
  return sustainedLoad(rate, seconds, 400, async (conversation, turn) => {
    const status = await postEvent(url, `${prefix}${conversation}`, ANSWERS[turn % ANSWERS.length]!);
    return status === 200;
  });
}

async function load(
  url: string,
  posts: (channel?: string) => number,
  users: number,
  concurrency: number,
  prefix = 'UB',
): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < users) {
      const user = `${prefix}${next++}`;
      for (const text of ANSWERS) {
        const before = posts(`D${user}`);
        const t0 = performance.now();
        const status = await postEvent(url, user, text);
        latencies.push(performance.now() - t0);
        if (status !== 200) throw new Error(`status ${status}`);
        // A person reads the answer before typing the next one: wait for the reply in this DM.
        for (let i = 0; i < 2000 && posts(`D${user}`) === before; i++)
          await new Promise((r) => setTimeout(r, 1));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Let the last replies (the ticket card) finish before the clock stops: this run's DMs only
  // (the other bot may be posting elsewhere meanwhile).
  const ours = () =>
    Array.from({ length: users }, (_, i) => posts(`D${prefix}${i}`)).reduce((a, b) => a + b, 0);
  for (let last = -1; ours() !== last; ) {
    last = ours();
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { events: latencies.length, seconds, p50: at(0.5), p99: at(0.99) };
}

export async function slackBench(
  users: number,
  concurrency: number,
  rate = 200,
  rateSeconds = 10,
): Promise<void> {
  console.log(
    `\n## Slack: signed Events API requests through the whole stack (${ROUNDS} rounds of ${users} intakes x ${ANSWERS.length} events, ${concurrency} in parallel)`,
  );
  const api = await startApi();
  progress(
    'plain Bolt echo app (baseline, its own HTTPReceiver) and ticketbot (restify + our receiver + Bolt + intake + SQLite store), each in a process of its own',
  );
  const echo = await startServerProcess('slack-echo', api.url);
  const bot = await startServerProcess('slack-ticketbot', api.url);
  await load(echo.url, api.posts, 4, concurrency, 'UWE');
  await load(bot.url, api.posts, 4, concurrency, 'UWB');
  const before = await bot.durability();
  const rounds = await alternatingRounds(
    ROUNDS,
    (round) => withServerCpu(echo, () => load(echo.url, api.posts, users, concurrency, `UE${round}R`)),
    (round) => withServerCpu(bot, () => load(bot.url, api.posts, users, concurrency, `UB${round}R`)),
  );
  const events = rounds.mine.reduce((sum, r) => sum + r.events, 0);
  const durability = durabilityBetween(before, await bot.durability(), events);
  progress(`plain Bolt echo app: ${rate} events/s for ${rateSeconds} s`);
  const echoSustained = await sustained(echo.url, 'UE', rate, rateSeconds);
  progress(`ticketbot: ${rate} events/s for ${rateSeconds} s`);
  const mineSustained = await sustained(bot.url, 'US', rate, rateSeconds);
  await echo.stop();
  await bot.stop();
  api.server.close();
  printRounds('events', ['Bolt echo app', 'ticketbot'], rounds);
  console.log(durability);
  printSustained(rate, [
    ['Bolt echo app (baseline)', echoSustained],
    ['ticketbot', mineSustained],
  ]);
}
