import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSlackRequest } from '../src/adapters/slack/slack-signature.js';
import { START_ARGS } from '../test/helpers/run-main.js';
import { postBody, progress } from './bench-util.js';

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
): Promise<{ urls: string[]; cpuMs: () => number | null; stop: () => Promise<void> }> {
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
  return { urls, cpuMs: () => cpuMsOf(children), stop };
}

/** CPU time (user and system) the processes have used so far, from /proc; null off Linux. */
function cpuMsOf(children: readonly ChildProcess[]): number | null {
  let ticks = 0;
  for (const child of children) {
    try {
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime and stime.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  // Linux reports in clock ticks of 1/100 s (USER_HZ).
  return ticks * 10;
}

interface Run {
  readonly events: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU of the replicas and of this process (load generator, fake Slack API) over the run. */
  readonly cpuMs?: number | null;
}

/** Intakes per replica before a measurement: each process warms its own JIT. */
const WARM_UP_INTAKES = 48;

async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
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
      // Slack ids are upper case: ticketbot ignores (and logs) a message from any other id.
      const user = `U${tag.toUpperCase()}${n}`;
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
        const status = await postBody(`${url}/slack/events`, body, {
          'content-type': 'application/json',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
        });
        if (status !== 200) throw new Error(`status ${status}`);
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
    // A warm-up (JIT, connections) of as many events per replica as 1 replica gets, not counted.
    await drive(set.urls, conversations, WARM_UP_INTAKES * replicas, `w${replicas}`);
    const postsBefore = api.posts();
    const benchBefore = process.cpuUsage();
    const replicasBefore = set.cpuMs();
    const run = await drive(set.urls, conversations, intakes, `m${replicas}`);
    const bench = process.cpuUsage(benchBefore);
    const replicasAfter = set.cpuMs();
    // Every turn is answered in its direct message: fewer posts means events were dropped.
    await waitFor(() => api.posts() - postsBefore >= run.events, 10_000);
    const posts = api.posts() - postsBefore;
    if (posts < run.events)
      throw new Error(`the replicas answered ${posts} of ${run.events} events: the measurement is void`);
    const perEvent = (ms: number | null) => (ms === null ? '?' : `${(ms / run.events).toFixed(2)} ms`);
    const replicaCpu =
      replicasBefore === null || replicasAfter === null ? null : replicasAfter - replicasBefore;
    const benchCpu = (bench.user + bench.system) / 1000;
    console.log(
      `| ${store} | ${replicas} | ${run.events} | ${posts} | ${(run.events / run.seconds).toFixed(0)} | ${run.p50.toFixed(0)} | ${run.p99.toFixed(0)} | ${perEvent(replicaCpu)} | ${perEvent(benchCpu)} | ${replicaCpu === null ? '?' : ((replicaCpu + benchCpu) / (run.seconds * 1000)).toFixed(2)} |`,
    );
    return { ...run, cpuMs: replicaCpu === null ? null : replicaCpu + benchCpu };
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
  console.log(
    '| store | replicas | events | answers posted | events/s | ack p50 ms | ack p99 ms | replicas CPU per event | load generator and fake Slack API CPU per event | cores busy |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
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
    const cpuRatios: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      progress(`${name}: round ${round}, 1 replica`);
      const one = await measure(name, env, 1, conversations, intakes);
      progress(`${name}: round ${round}, 3 replicas`);
      const three = await measure(name, env, 3, conversations, intakes);
      ratios.push(three.events / three.seconds / (one.events / one.seconds));
      if (one.cpuMs && three.cpuMs) cpuRatios.push(three.cpuMs / three.events / (one.cpuMs / one.events));
    }
    console.log(
      `\n${name}: 3 replicas give ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')} the events per second of 1 (median ${median(ratios).toFixed(2)}x).`,
    );
    if (cpuRatios.length > 0)
      console.log(
        `${name}: the machine spends ${cpuRatios.map((r) => `${r.toFixed(2)}x`).join(', ')} the CPU per event with 3 replicas (median ${median(cpuRatios).toFixed(2)}x): with every core busy, that is the ceiling's divisor.`,
      );
  }
  const cores = availableParallelism();
  if (cores < 4)
    console.log(
      `\nOn ${cores} cores one replica and this load generator already keep most of them busy ("cores busy"), ` +
        'so three replicas can at best share what is left, and they do more work per event: every process ' +
        'warms its own JIT, reads again the database pages another process changed (SQLite drops a ' +
        "connection's cached pages when another process commits), waits for the one write lock, and " +
        'the processes and their threads preempt each other. Replicas pay off with a core (or machine) ' +
        'per replica and a store that takes writers side by side.',
    );
}
