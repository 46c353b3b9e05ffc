import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/cli/usage.js';
import { runCli } from '../helpers/run-cli.js';

const COMMANDS = Object.keys(USAGE) as Array<keyof typeof USAGE>;
const words = (path: string) => (path === '' ? [] : path.split(' '));

describe('ticketbot --help', () => {
  it('knows every command and subcommand', () => {
    expect(COMMANDS.sort()).toEqual(
      [
        '',
        'chat',
        'priority',
        'report',
        'outbox',
        'outbox dead',
        'outbox retry',
        'outbox drop',
        'sla',
        'sla due',
        'sla policies',
        'tickets',
        'tickets list',
        'tickets show',
        'tenants',
        'tenants list',
        'tenants check',
        'incidents',
        'incidents list',
        'incidents show',
        'incidents rca',
      ].sort(),
    );
  });

  it.each(COMMANDS.map((path) => [`ticketbot ${path}`.trimEnd(), path] as const))(
    '"%s --help" prints its usage on stdout and exits 0',
    async (_name, path) => {
      const r = await runCli([...words(path), '--help']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: ticketbot ${path}`.trimEnd()));
      expect(r.stdout).toBe(USAGE[path]);
    },
  );

  it('-h, "help COMMAND" and --help after other options do the same', async () => {
    for (const args of [
      ['sla', 'due', '-h'],
      ['help', 'sla', 'due'],
      ['sla', 'due', '--policy', 'nope', '--help'],
    ]) {
      const r = await runCli(args);
      expect([r.code, r.stdout], args.join(' ')).toEqual([0, USAGE['sla due']]);
    }
  });

  it('every usage names the options its command accepts', () => {
    expect(USAGE['sla due']).toMatch(/--policy[\s\S]*--priority[\s\S]*--opened/);
    expect(USAGE['sla policies']).toMatch(/--json[\s\S]*--check FILE/);
    expect(USAGE.priority).toMatch(/--impact[\s\S]*--urgency[\s\S]*--security[\s\S]*--json/);
    expect(USAGE.chat).toMatch(/--lang[\s\S]*--user[\s\S]*--tz/);
    expect(USAGE['tickets list']).toMatch(/--json[\s\S]*--status[\s\S]*--limit/);
    expect(USAGE['tickets show']).toMatch(/ID[\s\S]*--json/);
    expect(USAGE['incidents list']).toMatch(/--json/);
    expect(USAGE['incidents show']).toMatch(/ID[\s\S]*--json/);
    expect(USAGE['incidents rca']).toMatch(/ID/);
  });

  it('"--help" on an unknown command is an error, not help', async () => {
    const r = await runCli(['frobnicate', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ticketbot: unknown command "frobnicate"; run "ticketbot --help"\n');
  });
});

describe('commands that explain themselves', () => {
  it('"ticketbot" alone prints the usage on stderr and exits 2', async () => {
    const r = await runCli([]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', USAGE['']]);
  });

  it('"ticketbot sla" alone lists its subcommands on stderr and exits 2', async () => {
    const r = await runCli(['sla']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('sla due');
    expect(r.stderr).toContain('sla policies');
  });

  it('"ticketbot tickets" alone shows list and show', async () => {
    const r = await runCli(['tickets']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tickets list');
    expect(r.stderr).toContain('tickets show');
  });

  it('"ticketbot incidents" alone shows list, show and rca', async () => {
    const r = await runCli(['incidents']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(USAGE.incidents);
    for (const sub of ['incidents list', 'incidents show', 'incidents rca']) expect(r.stderr).toContain(sub);
  });

  it("an unknown subcommand names the group's help", async () => {
    const r = await runCli(['sla', 'deu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ticketbot: unknown command "sla deu"; run "ticketbot sla --help"\n');
  });

  it('an unknown option says where the options are, in one line', async () => {
    const r = await runCli(['priority', '--impakt', 'department']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ticketbot: Unknown option '--impakt'; run "ticketbot priority --help" for the options\n`,
    );
  });
});

describe('ticketbot sla due, friendlier', () => {
  const opened = ['--opened', '2026-05-22T16:00'];

  it('an unknown policy lists the known ones', async () => {
    const r = await runCli(['sla', 'due', '--policy', 'basic', '--priority', 'P1', ...opened]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'ticketbot: unknown policy "basic" (known: workspace365-basic, workspace365-extended, workspace365-partner, spinpanel, seed-003)\n',
    );
  });

  it('accepts --priority in lower case and answers with the canonical P1', async () => {
    const lower = await runCli([
      'sla',
      'due',
      '--policy',
      'workspace365-basic',
      '--priority',
      'p1',
      ...opened,
    ]);
    const upper = await runCli([
      'sla',
      'due',
      '--policy',
      'workspace365-basic',
      '--priority',
      'P1',
      ...opened,
    ]);
    expect(lower.code).toBe(0);
    expect(lower.stdout).toBe(upper.stdout);
    expect(JSON.parse(lower.stdout).priority).toBe('P1');
  });

  it('piped input gets no "waiting" notice: stderr stays clean for scripts', async () => {
    const r = await runCli(['sla', 'due'], {
      input: '{"policy":"workspace365-basic","priority":"p2","openedAt":"2026-05-22T16:00"}\n',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).priority).toBe('P2');
  });
});
