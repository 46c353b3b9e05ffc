import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/adapters/sqlite/sqlite-store.js';
import { type ChatSession, IntakeService } from '../src/app/intake-service.js';
import { TicketFlows } from '../src/app/ticket-flows.js';
import { IntakeEngine } from '../src/core/intake/intake-engine.js';
import { PolicyRegistry } from '../src/core/sla/policy-registry.js';
import { durabilityBetween, durabilityOf, progress, quietIncidents, rate } from './bench-util.js';

// Each conversation reports its own customer's environment (one outage would end as one incident).
const answers = (i: number) => [
  `Acme ${i} BV, https://acme${i}.workspace365.net, since yesterday 9:15`,
  'j.jansen, p.devries@acme.nl',
  'Nobody can sign in after the Microsoft login. The page stays blank for everyone.',
  'no',
  '1',
  // One report in ten is a P1 (an incident), as at a real helpdesk; the rest are not.
  i % 10 === 0 ? 'high' : 'low',
  'Open the portal and click Sign in',
  'skip',
  'done',
  'skip',
  'submit',
];
const ANSWER_COUNT = answers(0).length;

function session(i: number): ChatSession {
  return {
    conversationKey: `bench:${i}`,
    requester: { platform: 'slack', id: `U${i}`, name: `User ${i}` },
    language: i % 2 ? 'nl' : 'en',
    timeZone: 'Europe/Amsterdam',
  };
}

function service(store: SqliteStore): IntakeService {
  let id = 0;
  return new IntakeService({
    store,
    policies: PolicyRegistry.create(),
    defaultPolicy: 'workspace365-basic',
    clock: { now: () => Date.now() },
    flows: new TicketFlows({ support: { slack: null, teams: null }, supportLanguage: 'en' }),
    incidents: quietIncidents(),
    ids: { next: () => `bench-${++id}` },
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function intakeBench(
  conversations: number,
  unfinished: number,
  concurrency = 64,
): Promise<void> {
  console.log(`\n## Intake: whole conversations (${ANSWER_COUNT} answers each, English answers)`);
  // Baseline: the pure engine, state kept in a variable.
  const engine = new IntakeEngine();
  let started = performance.now();
  for (let i = 0; i < conversations; i++) {
    const s = session(i);
    let outcome = engine.start({ ...s, language: 'en', intakeId: `e${i}`, now: Date.now() });
    for (const text of answers(i)) {
      if (!outcome.state) break;
      outcome = engine.handle(outcome.state, { text, at: Date.now() });
    }
    if (!outcome.submission) throw new Error('the engine did not submit');
  }
  const engineSeconds = (performance.now() - started) / 1000;

  const rows: Array<[string, number]> = [];
  let durability = '';
  for (const parallel of [1, concurrency]) {
    progress(
      `through IntakeService and the SQLite store (every answer durable before it is answered), ${parallel} at a time`,
    );
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'ticketbot-bench-intake-')));
    const intake = service(store);
    const before = durabilityOf(store);
    started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < conversations) {
        const i = next++;
        const s = { ...session(i), language: 'en' as const };
        await intake.open(s);
        let last = { open: true } as { open: boolean; ticket?: unknown };
        for (const text of answers(i)) last = await intake.handle(s, { text });
        if (!last.ticket) throw new Error('no ticket was created');
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    rows.push([
      `engine + SQLite store, ${parallel} conversation(s) at a time`,
      (performance.now() - started) / 1000,
    ]);
    durability = durabilityBetween(before, durabilityOf(store), conversations * (ANSWER_COUNT + 1));
    await store.close();
  }
  console.log('| what | conversations | seconds | conversations/s | / engine only |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| engine only (baseline) | ${conversations} | ${engineSeconds.toFixed(2)} | ${rate(conversations, engineSeconds)} | 1 |`,
  );
  for (const [name, seconds] of rows)
    console.log(
      `| ${name} | ${conversations} | ${seconds.toFixed(2)} | ${rate(conversations, seconds)} | ${(engineSeconds / seconds).toFixed(3)} |`,
    );
  console.log(`${concurrency} at a time: ${durability}`);

  // Memory is measured in fresh processes, so nothing measured earlier in this run counts.
  progress(`${unfinished.toLocaleString('en-US')} unfinished conversations, each in a fresh process`);
  const stored = await memoryRun('store', unfinished);
  const held = await memoryRun('memory', unfinished);
  console.log(
    `\n| ${unfinished.toLocaleString('en-US')} unfinished conversations | RSS before | RSS after | RSS delta | heap delta |`,
  );
  console.log('|---|---|---|---|---|');
  const row = (name: string, r: MemoryResult) =>
    `| ${name} | ${mb(r.before.rss)} | ${mb(r.after.rss)} | ${mb(r.after.rss - r.before.rss)} | ${mb(r.after.heapUsed - r.before.heapUsed)} |`;
  console.log(row('kept in a Map in memory (baseline)', held));
  console.log(row('ticketbot: kept in the SQLite store', stored));
  console.log(
    `stored: ${stored.count}; heap delta ticketbot / in-memory: ${((stored.after.heapUsed - stored.before.heapUsed) / Math.max(1, held.after.heapUsed - held.before.heapUsed)).toFixed(2)}`,
  );
}

interface MemoryResult {
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  count: number;
}

async function memoryRun(mode: 'store' | 'memory', count: number): Promise<MemoryResult> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', new URL('./unfinished-memory.js', import.meta.url).pathname, mode, String(count)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as MemoryResult;
}
