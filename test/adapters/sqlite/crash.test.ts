import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';

const KILLS = 50;
const storeModule = pathToFileURL(resolve('dist/src/adapters/sqlite/sqlite-store.js')).href;

// The child creates tickets as fast as it can and reports each one only after
// create() (the COMMIT) returned, with a hash of exactly what it asked to store.
const WRITER = `
import { createHash } from 'node:crypto';
import { SqliteStore } from ${JSON.stringify(storeModule)};
const store = SqliteStore.open(process.argv[1]);
for (let i = 0; ; i++) {
  const key = process.pid + ':' + i;
  const ticket = {
    title: 'crash ' + key, company: 'Acme BV', environments: ['https://acme.workspace365.net'], usernames: ['u' + i],
    startedAt: 1795000000000 + i, description: 'x'.repeat(i % 500 + 20), stepsToReproduce: null, errorMessages: null,
    additionalInfo: null, attachments: [], security: i % 7 === 0, impact: 'organisation', urgency: 'high', priority: 'P1',
    priorityReason: 'organisation x high', language: 'en', requester: { platform: 'terminal', id: 'w', name: 'w' },
    status: 'open', policy: 'workspace365-basic', createdAt: 1795000100000 + i, updatedAt: 1795000100000 + i,
    response: { dueAt: null }, resolution: { dueAt: null }, idempotencyKey: key, respondedAt: null, resolvedAt: null, pauses: [],
  };
  const { ticket: stored } = await store.tickets.create(ticket, { at: 1, actor: 'w', type: 'created', data: {} });
  const { id, version, ...rest } = stored;
  process.stdout.write(id + ' ' + createHash('sha256').update(JSON.stringify(rest)).digest('hex') + '\\n');
}
`;

function runAndKill(dir: string, afterMs: number): Promise<string> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('close', () => {
      clearTimeout(timer);
      done(out);
    });
  });
}

describe('SQLite store under SIGKILL', () => {
  it(`keeps every committed ticket intact across ${KILLS} kills at random moments`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-crash-'));
    const reported = new Map<string, string>();
    for (let run = 0; run < KILLS; run++) {
      const output = await runAndKill(dir, 150 + Math.floor(Math.random() * 250));
      // Only complete lines count: the last one may have been cut by the kill.
      for (const line of output.split('\n').slice(0, -1)) {
        const [id, hash] = line.split(' ');
        reported.set(id!, hash!);
      }
    }
    expect(reported.size).toBeGreaterThan(KILLS);

    const store = SqliteStore.open(dir);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const [id, hash] of reported) {
      const ticket = await store.tickets.get(id);
      expect(ticket, id).not.toBeNull();
      const { id: _id, version: _v, ...rest } = ticket!;
      expect(createHash('sha256').update(JSON.stringify(rest)).digest('hex'), id).toBe(hash);
    }
    // Ids stay dense: no number was handed out twice or skipped.
    const { n, top } = store.db.prepare('SELECT COUNT(*) AS n, MAX(seq) AS top FROM tickets').get() as {
      n: number;
      top: number;
    };
    expect(n).toBe(top);
    expect(n).toBeGreaterThanOrEqual(reported.size);
    await store.close();
  }, 120_000);
});
