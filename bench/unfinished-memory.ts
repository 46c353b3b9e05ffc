import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/adapters/sqlite/sqlite-store.js';
import { IntakeService } from '../src/app/intake-service.js';
import { TicketFlows } from '../src/app/ticket-flows.js';
import { IntakeEngine } from '../src/core/intake/intake-engine.js';
import type { IntakeState } from '../src/core/intake/intake-state.js';
import { PolicyRegistry } from '../src/core/sla/policy-registry.js';
import { quietIncidents } from './bench-util.js';

// Run by intake-bench in a fresh process: N unfinished conversations, one answer each,
// kept either by the intake service in SQLite, or (the baseline) in a Map in memory.
const [mode, countText] = process.argv.slice(2);
const count = Number(countText);
const requester = (i: number) => ({ platform: 'slack' as const, id: `U${i}`, name: `User ${i}` });
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function main(): Promise<void> {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'ticketbot-bench-memory-')));
  const intake = new IntakeService({
    store,
    policies: PolicyRegistry.create(),
    defaultPolicy: 'workspace365-basic',
    clock: { now: () => Date.now() },
    flows: new TicketFlows({ support: { slack: null, teams: null }, supportLanguage: 'en' }),
    incidents: quietIncidents(),
    ids: { next: () => `m-${Math.random()}` },
  });
  const engine = new IntakeEngine();
  const held = new Map<string, IntakeState>();
  // Warm up both paths so their code and caches are not counted as per-conversation cost.
  await intake.open({
    conversationKey: 'warm',
    requester: requester(0),
    language: 'en',
    timeZone: 'Europe/Amsterdam',
  });
  gc();
  const before = process.memoryUsage();
  for (let i = 0; i < count; i++) {
    const session = {
      conversationKey: `m:${i}`,
      requester: requester(i),
      language: 'en' as const,
      timeZone: 'Europe/Amsterdam',
    };
    if (mode === 'store') {
      await intake.open(session);
      await intake.handle(session, {
        text: 'Acme BV, https://acme.workspace365.net, since yesterday 9:15',
      });
    } else {
      const started = engine.start({ ...session, intakeId: `m${i}`, now: Date.now() });
      const answered = engine.handle(started.state!, {
        text: 'Acme BV, https://acme.workspace365.net, since yesterday 9:15',
        at: Date.now(),
      });
      held.set(session.conversationKey, answered.state!);
    }
  }
  gc();
  const after = process.memoryUsage();
  const stored = mode === 'store' ? (await store.conversations.countOpen()) - 1 : held.size;
  process.stdout.write(JSON.stringify({ before, after, count: stored }));
  await store.close();
}

await main();
