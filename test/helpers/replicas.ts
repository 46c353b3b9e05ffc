import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { spawnMain } from './run-main.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** One `npm start` process of a replica set, with everything it printed. */
export interface Replica {
  readonly url: string;
  readonly offsetMs: number;
  readonly child: ChildProcessWithoutNullStreams;
  output: string;
}

export interface ReplicaSet {
  readonly replicas: readonly Replica[];
  /** A replica at random: no sticky sessions, as behind a round-robin load balancer. */
  any(): Replica;
  /** Another replica than `one` (a retry that the load balancer sends elsewhere). */
  other(one: Replica): Replica;
  /** Everything the replicas printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts one `npm start` process per clock offset, all with the same environment (one
 * store), each on its own port; TICKETBOT_CLOCK_OFFSET_MS puts its clock off by that much.
 */
export async function startReplicas(
  env: Record<string, string>,
  offsetsMs: readonly number[],
): Promise<ReplicaSet> {
  const replicas: Replica[] = [];
  for (const offsetMs of offsetsMs) {
    const port = await freePort();
    const child = spawnMain({ ...env, PORT: String(port), TICKETBOT_CLOCK_OFFSET_MS: String(offsetMs) });
    const replica: Replica = { url: `http://127.0.0.1:${port}`, offsetMs, child, output: '' };
    const collect = (d: string) => {
      replica.output += d;
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    replicas.push(replica);
  }
  const set: ReplicaSet = {
    replicas,
    any: () => replicas[Math.floor(Math.random() * replicas.length)]!,
    other: (one) => {
      const others = replicas.filter((r) => r !== one);
      return others[Math.floor(Math.random() * others.length)] ?? one;
    },
    output: () => replicas.map((r, i) => `--- replica ${i} (${r.offsetMs} ms)\n${r.output}`).join('\n'),
    stop: () => Promise.all(replicas.map(stopReplica)).then(() => undefined),
  };
  try {
    await Promise.all(replicas.map((r) => untilHealthy(r, 30_000)));
  } catch (err) {
    await set.stop();
    throw new Error(`${(err as Error).message}\n${set.output()}`);
  }
  return set;
}

async function untilHealthy(replica: Replica, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (replica.child.exitCode !== null) throw new Error(`a replica stopped (${replica.child.exitCode})`);
    const ok = await fetch(`${replica.url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error('a replica did not start');
    await sleep(100);
  }
}

async function stopReplica(replica: Replica): Promise<void> {
  const { child } = replica;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
