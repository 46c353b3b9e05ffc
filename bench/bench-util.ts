import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { nodeHttpFetch } from '../src/adapters/slack/node-http-fetch.js';
import { IncidentFlows } from '../src/app/incident-flows.js';
import type { SupportChannels } from '../src/app/support-channels.js';

export interface ProcessRun {
  seconds: number;
  code: number | null;
}

/** Runs a node script with a file on stdin and another as stdout; wall time of the whole process. */
export async function runNodeProcess(
  args: string[],
  inputFile: string,
  outputFile: string,
  env: Record<string, string> = {},
): Promise<ProcessRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const out = createWriteStream(outputFile);
  child.stdout.pipe(out);
  createReadStream(inputFile).pipe(child.stdin);
  const [code] = (await once(child, 'close')) as [number | null];
  if (!out.writableFinished) await once(out, 'finish');
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, code };
}

export function rate(count: number, seconds: number): string {
  return `${Math.round(count / seconds).toLocaleString('en-US')}/s`;
}

/** A seeded generator, so every run measures the same workload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The load generators' fetch: the one the Slack clients use (node:http, kept-alive
 * connections). With the platform's fetch most answers outlived their requests into the
 * old generation, and the generator's own collections paused it for tens of milliseconds
 * in the middle of a measurement.
 */
const loadFetch = nodeHttpFetch();

/** POSTs a body and resolves with the status once the answer has been read. */
export async function postBody(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await loadFetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  return response.status;
}

export function progress(text: string): void {
  process.stderr.write(`  … ${text}\n`);
}

/** Incident flows with nobody to tell: benchmarks measure the ticket path, not escalations. */
export function quietIncidents(support: SupportChannels = { slack: null, teams: null }): IncidentFlows {
  return new IncidentFlows({
    incidentManagers: [],
    securityOfficers: [],
    support,
    channelPlatforms: [],
    archiveOnClose: false,
    language: 'en',
  });
}

export interface SustainedResult {
  sent: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests not answered with the expected status. */
  failed: number;
}

/**
 * Open-loop load: one request every 1/rate seconds whatever the answers do (as Slack and
 * Teams deliver events), each by a conversation with no request of its own in flight,
 * so every conversation still speaks in turn. Records each request's answer time.
 */
export async function sustainedLoad(
  ratePerSecond: number,
  seconds: number,
  conversations: number,
  send: (conversation: number, turn: number) => Promise<boolean>,
): Promise<SustainedResult> {
  const latencies: number[] = [];
  const busy = new Set<number>();
  const turns = new Array<number>(conversations).fill(0);
  const inFlight: Promise<void>[] = [];
  let failed = 0;
  let cursor = 0;
  const total = Math.round(ratePerSecond * seconds);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    let conversation = cursor;
    for (let tries = 0; busy.has(conversation) && tries < conversations; tries++)
      conversation = (conversation + 1) % conversations;
    cursor = (conversation + 1) % conversations;
    busy.add(conversation);
    const turn = turns[conversation]!++;
    const t0 = performance.now();
    inFlight.push(
      send(conversation, turn).then(
        (ok) => {
          latencies.push(performance.now() - t0);
          if (!ok) failed += 1;
          busy.delete(conversation);
        },
        () => {
          failed += 1;
          busy.delete(conversation);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sent: total, seconds: elapsed, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0, failed };
}

/** Durable commits of an embedded store: fdatasyncs and transactions, for "fsyncs per event". */
export interface Durability {
  syncs: number;
  transactions: number;
  units: number;
}

export function durabilityOf(store: unknown): Durability {
  const s = store as {
    walSync?: { syncs: number } | null;
    groupCommit?: { batches: number; items: number };
  };
  return {
    syncs: s.walSync?.syncs ?? 0,
    transactions: s.groupCommit?.batches ?? 0,
    units: s.groupCommit?.items ?? 0,
  };
}

export function durabilityBetween(before: Durability, after: Durability, events: number): string {
  const syncs = after.syncs - before.syncs;
  const transactions = after.transactions - before.transactions;
  const units = after.units - before.units;
  return `fsyncs (fdatasync of the write-ahead log) per event: ${(syncs / events).toFixed(3)} (${syncs} for ${events} events); ${units} units of work in ${transactions} group commits (${(units / Math.max(1, transactions)).toFixed(2)} per commit)`;
}

export function printSustained(rate: number, rows: Array<[string, SustainedResult]>): void {
  console.log(`\n| at ${rate} events/s (open loop) | events | seconds | ack p50 | ack p99 | max | failed |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, r] of rows)
    console.log(
      `| ${name} | ${r.sent} | ${r.seconds.toFixed(2)} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms | ${r.failed} |`,
    );
}

/** One closed-loop run: how many events were answered in how long, and their latencies. */
export interface ClosedLoopResult {
  readonly events: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time the server under test used in the run (its own process), when measured. */
  readonly serverCpuMs?: number;
}

/** Both sides' closed loops, round by round, and ticketbot's throughput over the baseline's. */
export interface Rounds {
  readonly baseline: ClosedLoopResult[];
  readonly mine: ClosedLoopResult[];
  readonly ratios: number[];
  readonly median: number;
}

/**
 * The baseline and ticketbot closed loops in alternating rounds, the order swapped each
 * round, so that a shared machine's drift (here the baseline alone varied 470-1,000 events/s
 * between runs minutes apart) hits both sides alike; the ratio reported is the median.
 */
export async function alternatingRounds(
  rounds: number,
  baseline: (round: number) => Promise<ClosedLoopResult>,
  mine: (round: number) => Promise<ClosedLoopResult>,
): Promise<Rounds> {
  const result = {
    baseline: [] as ClosedLoopResult[],
    mine: [] as ClosedLoopResult[],
    ratios: [] as number[],
  };
  for (let round = 0; round < rounds; round++) {
    progress(`closed loop, round ${round + 1} of ${rounds}`);
    if (round % 2 === 0) {
      result.baseline.push(await baseline(round));
      result.mine.push(await mine(round));
    } else {
      result.mine.push(await mine(round));
      result.baseline.push(await baseline(round));
    }
    const perSecond = (r: ClosedLoopResult) => r.events / r.seconds;
    result.ratios.push(perSecond(result.mine[round]!) / perSecond(result.baseline[round]!));
  }
  const sorted = [...result.ratios].sort((a, b) => a - b);
  return { ...result, median: sorted[Math.floor(sorted.length / 2)]! };
}

/** The rounds as table rows, then the ratio per round and its median. */
export function printRounds(unit: string, names: readonly [string, string], rounds: Rounds): void {
  console.log(
    `| round | what | ${unit} | seconds | ${unit}/s | p50 | p99 | server CPU per event | cores busy |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  // CPU per event says what an event costs; cores busy whether the server waited (below 1) or was saturated.
  const cpu = (r: ClosedLoopResult) =>
    r.serverCpuMs === undefined
      ? '- | -'
      : `${(r.serverCpuMs / r.events).toFixed(2)} ms | ${(r.serverCpuMs / 1000 / r.seconds).toFixed(2)}`;
  const row = (round: number, name: string, r: ClosedLoopResult) =>
    `| ${round} | ${name} | ${r.events} | ${r.seconds.toFixed(2)} | ${Math.round(r.events / r.seconds)}/s | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${cpu(r)} |`;
  rounds.ratios.forEach((_, i) => {
    console.log(row(i + 1, names[0], rounds.baseline[i]!));
    console.log(row(i + 1, names[1], rounds.mine[i]!));
  });
  console.log(
    `ticketbot / ${names[0]} throughput: ${rounds.ratios.map((r) => r.toFixed(2)).join(', ')} (median ${rounds.median.toFixed(2)})`,
  );
}
