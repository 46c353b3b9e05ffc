import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSlackRequest } from '../src/adapters/slack/slack-signature.js';
import { START_ARGS } from '../test/helpers/run-main.js';
import { progress } from './bench-util.js';

const SECRET = 'bench-signing-secret';

/** Typed answers of a whole intake (choices typed too), one event each. */
const TURNS = [
  'hi',
  'Acme BV',
  'https://acme.workspace365.net',
  'j.jansen',
  'yesterday 9:15',
  'The documents app does not load since the update this morning.',
  'no',
  'multiple users',
  'low',
  'skip',
  'skip',
  'done',
  'skip',
];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/** A Slack Web API that answers at once and counts the messages posted. */
async function startApi(): Promise<{ url: string; posts: () => number; stop: () => Promise<void> }> {
  let posts = 0;
  let ts = 1_700_000_000;
  const server = createHttpServer((req, res) => {
    const method = (req.url ?? '').replace('/api/', '');
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      ts += 1;
      if (method === 'chat.postMessage') posts += 1;
      const answer =
        method === 'auth.test'
          ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }
          : method === 'users.info'
            ? { ok: true, user: { tz: 'Europe/Amsterdam', locale: 'en-US', real_name: 'U' } }
            : { ok: true, ts: `${ts}.0001`, channel: 'D1' };
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    posts: () => posts,
    stop: () => new Promise((done) => server.close(() => done())),
  };
}

/** `npm start` replicas on one store; resolves once every one answers /healthz. */
async function startReplicas(
  count: number,
  env: Record<string, string>,
): Promise<{ urls: string[]; stop: () => Promise<void> }> {
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    children.push(
      spawn(process.execPath, START_ARGS, {
        env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'error' },
        stdio: 'ignore',
      }),
    );
    urls.push(`http://127.0.0.1:${port}`);
  }
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('close', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  const deadline = Date.now() + 30_000;
  for (const url of urls) {
    while (
      !(await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error('a replica did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { urls, stop };
}

interface Run {
  readonly events: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * `conversations` people at once, each typing a whole intake one answer after the
 * other (each answer only once the last was acknowledged, i.e. committed); answers go
 * round robin to the replicas, so one conversation's turns land on different processes.
 */
async function drive(
  urls: readonly string[],
  conversations: number,
  intakes: number,
  tag: string,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let sequence = 0;
  let turn = 0;
  const started = process.hrtime.bigint();
  const person = async () => {
    for (;;) {
      const n = next++;
      if (n >= intakes) return;
      const user = `U${tag}${n}`;
      for (const text of TURNS) {
        sequence += 1;
        const body = JSON.stringify({
          type: 'event_callback',
          team_id: 'T1',
          api_app_id: 'A1',
          event_id: `Ev${tag}${sequence}`,
          event_time: Math.floor(Date.now() / 1000),
          event: {
            type: 'message',
            channel_type: 'im',
            channel: `D${user}`,
            user,
            text,
            ts: `${1_700_000_000 + sequence}.0001`,
          },
        });
        const timestamp = Math.floor(Date.now() / 1000);
        const url = urls[turn++ % urls.length]!;
        const sent = performance.now();
        const response = await fetch(`${url}/slack/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
          },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
        latencies.push(performance.now() - sent);
      }
    }
  };
  await Promise.all(Array.from({ length: conversations }, person));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { events: latencies.length, seconds, p50: at(50), p99: at(99) };
}

async function measure(
  store: string,
  storeEnv: () => Record<string, string>,
  replicas: number,
  conversations: number,
  intakes: number,
): Promise<Run> {
  const api = await startApi();
  const set = await startReplicas(replicas, {
    ...storeEnv(),
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: api.url,
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
  });
  try {
    // A short warm-up (JIT, connections), not counted.
    await drive(set.urls, Math.min(conversations, 4), 4, `w${replicas}`);
    const run = await drive(set.urls, conversations, intakes, `m${replicas}`);
    console.log(
      `| ${store} | ${replicas} | ${run.events} | ${(run.events / run.seconds).toFixed(0)} | ${run.p50.toFixed(0)} | ${run.p99.toFixed(0)} |`,
    );
    return run;
  } finally {
    await set.stop();
    await api.stop();
  }
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Throughput of 1 and of 3 `npm start` replicas on one store, with the same load:
 * Slack direct-message intake turns, each acknowledged after its commit (and the
 * delivery of its answer), from `conversations` people at once. 1 and 3 take turns,
 * `rounds` times, so a machine busy with something else weighs on both alike.
 */
export async function replicasBench(conversations: number, intakes: number, rounds: number): Promise<void> {
  console.log(
    `\n## Replicas on one store (${conversations} conversations at once, ${intakes} intakes of ${TURNS.length} events, ${rounds} rounds; ${availableParallelism()} cores)\n`,
  );
  console.log('| store | replicas | events | events/s | ack p50 ms | ack p99 ms |');
  console.log('|---|---|---|---|---|---|');
  const stores: Array<[string, () => Record<string, string>]> = [
    [
      'SQLite (one file)',
      () => ({ DATA_DIR: join(mkdtempSync(join(tmpdir(), 'ticketbot-bench-replicas-')), 'data') }),
    ],
  ];
  const mongo = process.env.MONGODB_URI;
  // jongodb, the test server, does not make concurrent writers atomic: only a real server is measured.
  if (mongo) stores.push(['MongoDB (MONGODB_URI)', () => ({ MONGODB_URI: mongo })]);
  else progress('MongoDB not measured: set MONGODB_URI to a replica set to measure it');
  for (const [name, env] of stores) {
    const ratios: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      progress(`${name}: round ${round}, 1 replica`);
      const one = await measure(name, env, 1, conversations, intakes);
      progress(`${name}: round ${round}, 3 replicas`);
      const three = await measure(name, env, 3, conversations, intakes);
      ratios.push(three.events / three.seconds / (one.events / one.seconds));
    }
    console.log(
      `\n${name}: 3 replicas give ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')} the events per second of 1 (median ${median(ratios).toFixed(2)}x).`,
    );
  }
  const cores = availableParallelism();
  if (cores < 4)
    console.log(
      `\nOn ${cores} cores this load generator, the fake Slack API and every replica share the CPU, and ` +
        'SQLite lets one process write at a time: a second or third process adds no capacity, only ' +
        'processes to schedule and a write lock to wait for. Replicas pay off with free cores per ' +
        'replica (or machines) and a store that takes writers side by side. On a machine busy with ' +
        'other work, three processes win more CPU time than one, which can make 3 look faster than 1.',
    );
}
