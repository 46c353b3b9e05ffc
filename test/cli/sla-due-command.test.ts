import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/run-cli.js';

/** `ticketbot sla due` for one ticket. */
const dueOne = (policy: string, priority: string, opened: string) =>
  runCli(['sla', 'due', '--policy', policy, '--priority', priority, '--opened', opened]);

describe('ticketbot sla due (single)', () => {
  it('prints the contract example', async () => {
    const r = await dueOne('workspace365-basic', 'P1', '2026-05-22T16:00');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      policy: 'workspace365-basic',
      priority: 'P1',
      openedAt: '2026-05-22T16:00:00.000+02:00',
      response: { dueAt: '2026-05-22T16:05:00.000+02:00' },
      resolution: { dueAt: '2026-05-26T10:00:00.000+02:00' },
    });
    expect(r.stdout.split('\n')).toHaveLength(2);
  });

  it('normalises an opening given in another offset to the policy zone', async () => {
    const r = await dueOne('workspace365-extended', 'P1', '2026-11-21T23:00:00Z');
    expect(JSON.parse(r.stdout)).toMatchObject({
      openedAt: '2026-11-22T00:00:00.000+01:00',
      resolution: { dueAt: '2026-11-22T04:00:00.000+01:00' },
    });
  });

  it('says back a reading the clocks skip as the instant it moved to', async () => {
    const r = await dueOne('workspace365-basic', 'P1', '2026-03-29T02:30');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).openedAt).toBe('2026-03-29T03:30:00.000+02:00');
  });

  it('prints null for a target the policy does not set', async () => {
    const r = await runCli([
      'sla',
      'due',
      '--policy',
      'spinpanel',
      '--priority',
      'P3',
      '--opened',
      '2026-05-22T16:00',
    ]);
    expect(JSON.parse(r.stdout)).toMatchObject({ response: { dueAt: null }, resolution: { dueAt: null } });
  });

  it.each([
    [['--policy', 'nope', '--priority', 'P1', '--opened', '2026-05-22T16:00'], 'unknown policy'],
    [
      ['--policy', 'workspace365-basic', '--priority', 'P9', '--opened', '2026-05-22T16:00'],
      'unknown priority',
    ],
    [['--policy', 'workspace365-basic', '--priority', 'P1', '--opened', '2026-02-30T16:00'], 'no such date'],
    [['--policy', 'workspace365-basic', '--priority', 'P1', '--opened', 'tomorrow'], 'malformed time'],
    [['--priority', 'P1', '--opened', '2026-05-22T16:00'], 'missing --policy'],
    [['--policy', 'workspace365-basic', '--opened', '2026-05-22T16:00'], 'missing --priority'],
    [['--policy', 'workspace365-basic', '--priority', 'P1'], 'missing --opened'],
    [['--what'], "Unknown option '--what'"],
  ])('refuses %j with one line on stderr and exit 2', async (args, message) => {
    const r = await runCli(['sla', 'due', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('ticketbot sla due (bulk)', () => {
  it('answers every line in order, skips blank lines, reports bad lines and exits 1', async () => {
    const input = [
      '{"policy":"workspace365-basic","priority":"P1","openedAt":"2026-05-22T16:00"}',
      '',
      '{"policy":"nope","priority":"P1","openedAt":"2026-05-22T16:00"}',
      'not json',
      '[1,2]',
      '{"policy":"workspace365-partner","priority":"P2","openedAt":"2026-04-24T16:30:00.123+02:00"}\r',
      '{"policy":"workspace365-basic","priority":"P4","openedAt":"2026-13-01T10:00"}',
    ].join('\n');
    const r = await runCli(['sla', 'due'], { input });
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0].resolution.dueAt).toBe('2026-05-26T10:00:00.000+02:00');
    expect(lines[1].error).toContain('unknown policy');
    expect(lines[2].error).toContain('not valid JSON');
    expect(lines[3].error).toContain('expected an object');
    expect(lines[4].resolution.dueAt).toBe('2026-04-30T16:30:00.123+02:00');
    expect(lines[5].error).toContain('no such date');
  });

  it('exits 0 when every line succeeded, including a last line without newline', async () => {
    const input =
      '{"policy":"seed-003","priority":"P1","openedAt":"2026-06-10T16:30"}\n{"policy":"seed-003","priority":"P2","openedAt":"2026-06-10T16:30"}';
    const r = await runCli(['sla', 'due'], { input });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('streams: an answer appears before the input ends', async () => {
    const child = spawn(process.execPath, [CLI, 'sla', 'due'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const firstLine = new Promise<string>((resolve) => {
      child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d));
    });
    child.stdin.write('{"policy":"workspace365-basic","priority":"P2","openedAt":"2026-06-10T10:00"}\n');
    const answer = await firstLine;
    expect(JSON.parse(answer).response.dueAt).toBe('2026-06-10T10:05:00.000+02:00');
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.end();
    expect(await closed).toBe(0);
  });
});

describe('policy file (SLA_POLICIES_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ticketbot-policies-'));
  const file = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  const gold = {
    name: 'acme-gold',
    calendar: {
      timeZone: 'Europe/Amsterdam',
      hours: {
        mon: [['08:00', '18:00']],
        thu: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
      },
      holidays: { country: 'NL', types: ['public'], extra: ['2026-12-24'], except: [] },
    },
    targets: {
      P1: { response: { within: 'PT5M', clock: '24x7' }, resolution: { within: 'PT4H', clock: '24x7' } },
      P3: { response: { within: 'PT2H' }, resolution: null },
    },
  };

  it('adds an operator policy', async () => {
    const path = file('gold.json', { policies: [gold] });
    const r = await runCli(
      ['sla', 'due', '--policy', 'acme-gold', '--priority', 'P3', '--opened', '2026-06-11T11:30'],
      {
        env: { SLA_POLICIES_FILE: path },
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      response: { dueAt: '2026-06-11T14:30:00.000+02:00' },
      resolution: { dueAt: null },
    });
  });

  it('refuses to run with an invalid file, naming the problem', async () => {
    const path = file('bad.json', {
      policies: [{ ...gold, calendar: { ...gold.calendar, timeZone: 'Nowhere/City' } }],
    });
    const r = await runCli(
      ['sla', 'due', '--policy', 'acme-gold', '--priority', 'P1', '--opened', '2026-06-11T11:30'],
      {
        env: { SLA_POLICIES_FILE: path },
      },
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown time zone');
  });

  it('--check: exit 0 with warnings for a valid file, exit 2 listing errors for an invalid one', async () => {
    const warn = file('warn.json', {
      policies: [
        { ...gold, targets: { P4: { response: { within: 'PT48H' }, resolution: { within: 'PT40H' } } } },
      ],
    });
    const ok = await runCli(['sla', 'policies', '--check', warn]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('warning:');
    expect(ok.stdout).toContain('longer than the resolution target');
    const bad = file('errors.json', {
      policies: [{ ...gold, targets: { P7: null, P1: { response: { within: 'PT-5M' } } } }],
    });
    const no = await runCli(['sla', 'policies', '--check', bad]);
    expect(no.code).toBe(2);
    expect(no.stdout).toContain('unknown priority key "P7"');
    expect(no.stdout).toContain('malformed duration');
    const notJson = await runCli(['sla', 'policies', '--check', file('broken.json', '{ "policies": [')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stdout).toContain('not valid JSON');
    const missing = await runCli(['sla', 'policies', '--check', join(dir, 'absent.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('cannot read the file');
  });
});

describe('a reader that stops early', () => {
  it('ends the CLI quietly, without an EPIPE crash', async () => {
    const child = spawn(process.execPath, [CLI, 'sla', 'policies'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});

describe('ticketbot sla policies and priority', () => {
  it('prints a readable table of every preset', async () => {
    const r = await runCli(['sla', 'policies']);
    expect(r.code).toBe(0);
    for (const name of [
      'workspace365-basic',
      'workspace365-extended',
      'workspace365-partner',
      'spinpanel',
      'seed-003',
    ]) {
      expect(r.stdout).toContain(name);
    }
    expect(r.stdout).toContain('mon-fri 08:30-17:00');
    expect(r.stdout).toContain(
      'preset workspace365-basic: targets.P4: response target (PT48H) is longer than the resolution target (PT40H)',
    );
  });

  it('prints the policies as JSON in the policy-file shape', async () => {
    const r = await runCli(['sla', 'policies', '--json']);
    const json = JSON.parse(r.stdout);
    const extended = json.policies.find((p: { name: string }) => p.name === 'workspace365-extended');
    expect(extended.targets.P1.resolution).toEqual({ within: 'PT4H', clock: '24x7', goal: 0.99 });
    expect(extended.calendar.hours.mon).toEqual([['08:00', '18:00']]);
  });

  it.each([
    ['organisation', 'high', 'P1'],
    ['organization', 'normal', 'P2'],
    ['department', 'high', 'P2'],
    ['multiple-users', 'low', 'P4'],
    ['single-user', 'high', 'P3'],
    ['single-user', 'normal', 'P4'],
  ])('priority --impact %s --urgency %s = %s', async (impact, urgency, expected) => {
    const r = await runCli(['priority', '--impact', impact, '--urgency', urgency]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${expected}\n`);
  });

  it('priority --json adds the reason; bad values exit 2', async () => {
    const r = await runCli(['priority', '--impact', 'department', '--urgency', 'normal', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ priority: 'P3', reason: 'department x normal' });
    const bad = await runCli(['priority', '--impact', 'galaxy', '--urgency', 'high']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown impact');
  });
});
