import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { type ChatSession, IntakeService } from '../../src/app/intake-service.js';
import { TicketFlows } from '../../src/app/ticket-flows.js';
import type { TicketFormInput } from '../../src/core/intake/ticket-form.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import { quietIncidents } from './quiet-incidents.js';

const CHILD = fileURLToPath(new URL('../fixtures/lifecycle-child.mjs', import.meta.url));

const EVERY_DAY = [['00:00', '23:59']];
const TINY = { response: { within: 'PT1S', clock: '24x7' }, resolution: { within: 'PT2S', clock: '24x7' } };

/** A policy file (CONTRACTS section 1) whose targets are a second or two, around the clock. */
export const TINY_POLICY_DOCUMENT = {
  policies: [
    {
      name: 'tiny',
      description: 'Seconds-long targets for multi-process tests',
      calendar: {
        timeZone: 'Europe/Amsterdam',
        hours: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, EVERY_DAY]),
        ),
      },
      targets: { P1: TINY, P2: TINY, P3: TINY, P4: TINY },
    },
  ],
};

export function writeTinyPolicies(dir: string): string {
  const file = join(dir, 'policies.json');
  writeFileSync(file, JSON.stringify(TINY_POLICY_DOCUMENT));
  return file;
}

export function tinyPolicies(): PolicyRegistry {
  return PolicyRegistry.create({ document: TINY_POLICY_DOCUMENT, source: 'test' });
}

export const FORM: TicketFormInput = {
  company: 'Acme BV',
  environments: 'acme.workspace365.net',
  usernames: 'j.jansen',
  startedAt: 'now',
  description: 'Nobody can sign in after the Microsoft login. The page stays blank.',
  title: 'Nobody can sign in',
  security: 'no',
  impact: 'organisation',
  urgency: 'high',
};

/** Creates tickets through the intake service, ticket i opened at openedAt(i). */
export async function createTickets(
  store: SqliteStore,
  count: number,
  openedAt: (i: number) => number,
): Promise<Ticket[]> {
  let now = 0;
  const intake = new IntakeService({
    store,
    policies: tinyPolicies(),
    defaultPolicy: 'tiny',
    clock: { now: () => now },
    flows: new TicketFlows({ support: { slack: 'CSUPPORT', teams: null }, supportLanguage: 'en' }),
    incidents: quietIncidents(),
    ids: { next: () => `intake-${now}-${Math.random()}` },
  });
  const tickets: Ticket[] = [];
  for (let i = 0; i < count; i++) {
    now = openedAt(i);
    const session: ChatSession = {
      conversationKey: `slack:T1:U${i}`,
      requester: { platform: 'slack', id: `U${i}`, name: `Requester ${i}` },
      language: 'en',
      timeZone: 'Europe/Amsterdam',
    };
    const result = await intake.submitForm(session, FORM, `form-${i}`);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    tickets.push(result.ticket);
  }
  return tickets;
}

export interface ChildRun<T> {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly report: T | null;
  readonly stderr: string;
}

/** Runs the child script on the built dist/ and collects its one-line JSON report. */
export function runChild<T>(
  mode: string,
  dataDir: string,
  policiesFile: string,
  options: { startAt?: number; env?: Record<string, string> } = {},
): Promise<ChildRun<T>> {
  const args = [CHILD, mode, dataDir, policiesFile];
  if (options.startAt !== undefined) args.push(String(options.startAt));
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').filter(Boolean).at(-1);
      resolve({ code, signal, report: line ? (JSON.parse(line) as T) : null, stderr });
    });
  });
}

/** How often each value occurs. */
export function counts(values: readonly string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
  return seen;
}
