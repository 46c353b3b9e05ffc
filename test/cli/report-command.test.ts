import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { basicWeek } from '../core/reports/report-fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-report-'));
const env = { DATA_DIR: dataDir };
const period = ['--from', '2026-11-02', '--to', '2026-11-06'];

beforeAll(async () => {
  const store = SqliteStore.open(dataDir);
  for (const { id: _id, version: _version, ...ticket } of basicWeek) {
    await store.tickets.create(ticket, { at: ticket.createdAt, actor: 'test', type: 'created', data: {} });
  }
  await store.close();
});

describe('ticketbot report', () => {
  it('prints the JSON report of the tickets created in the period', async () => {
    const r = await runCli(['report', ...period, '--format', 'json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ from: '2026-11-02', to: '2026-11-06' });
    expect(
      report.rows.map((row: { priority: string; tickets: number }) => [row.priority, row.tickets]),
    ).toEqual([
      ['P1', 4],
      ['P2', 2],
      ['P3', 0],
      ['P4', 1],
    ]);
    // Run today, long after the week: every target still open then is now breached.
    expect(report.rows[0].response).toEqual({ met: 2, breached: 2, open: 0, metShare: 0.5, goal: 0.99 });
    expect(report.rows[1].response).toMatchObject({ met: 1, breached: 1, open: 0 });
  });

  it('prints CSV and Markdown', async () => {
    const csv = await runCli(['report', ...period, '--format', 'csv', '--policy', 'workspace365-basic'], {
      env,
    });
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toMatch(/^from,to,policy,priority,tickets,response\.met,/);
    expect(lines.slice(1).filter(Boolean)).toHaveLength(4);
    const md = await runCli(['report', ...period], { env });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## workspace365-basic');
    expect(md.stdout).toContain('| P1 | 4 | 2 / 2 / 0 |');
  });

  it('refuses bad dates, a reversed period, an unknown policy or format with exit 2', async () => {
    for (const args of [
      ['--from', '2026-02-30', '--to', '2026-03-01'],
      ['--from', '2026-11-06', '--to', '2026-11-02'],
      ['--to', '2026-11-02'],
      [...period, '--policy', 'nope'],
      [...period, '--format', 'xlsx'],
    ]) {
      const r = await runCli(['report', ...args], { env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ticketbot: /);
    }
  });
});
