import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
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
