import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { newIncident } from '../../src/core/incidents/incident.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import { runCli } from '../helpers/run-cli.js';
import { sampleTicket } from '../helpers/sample-ticket.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-incidents-'));
const env = { DATA_DIR: dataDir };
const utc = (iso: string) => Date.parse(iso);

const manager = { id: 'slack:UM', name: 'Mira Manager' };
const UPDATE = 'SSO | login broken\nworkaround: **direct** login';

/** Seeds: TCK-000001 a plain P3, TCK-000002 a closed incident with a timeline, TCK-000003 a running one. */
beforeAll(async () => {
  const store = SqliteStore.open(dataDir);
  const create = async (overrides: Partial<Ticket>) => {
    const { id: _id, version: _version, ...fields } = sampleTicket(overrides);
    const { ticket } = await store.tickets.create(fields, {
      at: fields.createdAt,
      actor: `slack:${fields.requester.id}`,
      type: 'created',
      data: { priority: fields.priority, reason: fields.priorityReason },
    });
    return ticket;
  };
  let t = await create({
    title: 'Printer icon is blue',
    priority: 'P3',
    impact: 'single-user',
    urgency: 'low',
    priorityReason: 'single-user x low',
    createdAt: utc('2026-11-23T07:00:00Z'),
    startedAt: utc('2026-11-23T06:00:00Z'),
  });
  const step = async (
    at: string,
    actor: string,
    type: string,
    data: Record<string, unknown>,
    change: Partial<Ticket>,
  ) => {
    t = await store.tickets.update(
      { ...t, ...change, version: t.version + 1, updatedAt: utc(at) },
      { at: utc(at), actor, type, data },
    );
  };

  t = await create({
    title: 'Nobody can sign in',
    environments: ['https://acme.workspace365.net'],
    createdAt: utc('2026-11-23T08:55:00Z'),
    startedAt: utc('2026-11-23T08:50:00Z'),
  });
  const opened = newIncident(utc('2026-11-23T08:55:00Z'));
  await step('2026-11-23T08:55:30Z', 'system', 'incidentOpened', {}, { incident: opened });
  const channel = { platform: 'slack' as const, id: 'C42', name: 'inc-tck-000002-acme' };
  await step(
    '2026-11-23T08:56:00Z',
    'system',
    'incidentChannelOpened',
    { platform: 'slack', name: channel.name },
    {
      incident: { ...t.incident!, channel },
    },
  );
  await step(
    '2026-11-23T09:00:00Z',
    'slack:UM',
    'incidentAccepted',
    {},
    {
      incident: { ...t.incident!, state: 'running', manager, acceptedAt: utc('2026-11-23T09:00:00Z') },
    },
  );
  await step(
    '2026-11-23T09:30:00Z',
    'slack:UM',
    'statusUpdate',
    { text: UPDATE },
    {
      incident: { ...t.incident!, lastUpdateAt: utc('2026-11-23T09:30:00Z') },
    },
  );
  await step(
    '2026-11-23T10:20:00Z',
    'slack:UM',
    'resolved',
    { text: 'Certificate rotated' },
    {
      status: 'resolved',
      resolvedAt: utc('2026-11-23T10:20:00Z'),
      incident: { ...t.incident!, state: 'resolved' },
    },
  );
  await step(
    '2026-11-23T11:00:00Z',
    'slack:U123',
    'confirmedFixed',
    {},
    {
      status: 'closed',
      closedAt: utc('2026-11-23T11:00:00Z'),
      incident: {
        ...t.incident!,
        state: 'closed',
        rca: { owner: manager, dueAt: utc('2026-11-30T16:00:00Z') },
      },
    },
  );

  t = await create({
    title: 'Portal down for Globex',
    company: 'Globex',
    environments: ['https://globex.workspace365.net'],
    createdAt: utc('2026-11-24T13:00:00Z'),
    startedAt: utc('2026-11-24T12:45:00Z'),
  });
  await step(
    '2026-11-24T13:00:10Z',
    'system',
    'incidentOpened',
    {},
    {
      incident: newIncident(utc('2026-11-24T13:00:10Z')),
    },
  );
  await store.close();
});

describe('ticketbot incidents list', () => {
  it('prints a table of the tickets with an incident, newest first', async () => {
    const r = await runCli(['incidents', 'list'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATE\s+PRI\s+OPENED\s+MANAGER\s+CHANNEL\s+ENVIRONMENT\s+TITLE$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]!.split(/\s{2,}/)).toEqual([
      'TCK-000003',
      'assessing',
      'P1',
      '2026-11-24T14:00:10.000+01:00',
      '-',
      '-',
      'https://globex.workspace365.net',
      'Portal down for Globex',
    ]);
    expect(lines[2]!.split(/\s{2,}/)).toEqual([
      'TCK-000002',
      'closed',
      'P1',
      '2026-11-23T09:55:00.000+01:00',
      'Mira Manager',
      'inc-tck-000002-acme',
      'https://acme.workspace365.net',
      'Nobody can sign in',
    ]);
    expect(r.stdout).not.toContain('TCK-000001');
  });

  it('--json prints the ticket JSON plus an incident object with ISO instants', async () => {
    const r = await runCli(['incidents', 'list', '--json'], { env });
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(list.map((t) => t.id)).toEqual(['TCK-000003', 'TCK-000002']);
    const closed = list[1]!;
    expect(closed).toMatchObject({
      id: 'TCK-000002',
      status: 'closed',
      priority: 'P1',
      title: 'Nobody can sign in',
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      createdAt: '2026-11-23T09:55:00.000+01:00',
      resolvedAt: '2026-11-23T11:20:00.000+01:00',
    });
    expect(closed.incident).toEqual({
      state: 'closed',
      openedAt: '2026-11-23T09:55:00.000+01:00',
      acceptedAt: '2026-11-23T10:00:00.000+01:00',
      lastUpdateAt: '2026-11-23T10:30:00.000+01:00',
      channel: { platform: 'slack', id: 'C42', name: 'inc-tck-000002-acme' },
      manager,
      communications: null,
      responders: [],
      affected: [],
      rca: { owner: manager, dueAt: '2026-11-30T17:00:00.000+01:00' },
    });
    expect(list[0]!.incident).toMatchObject({ state: 'assessing', channel: null, manager: null, rca: null });
  });
});

describe('ticketbot incidents show', () => {
  it('prints the incident and its timeline, readable, times in the policy zone', async () => {
    const r = await runCli(['incidents', 'show', 'tck-2'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('TCK-000002  P1  Nobody can sign in\n');
    expect(r.stdout).toContain('state: closed (ticket closed)\n');
    expect(r.stdout).toContain('channel: inc-tck-000002-acme (slack C42)\n');
    expect(r.stdout).toContain('manager: Mira Manager (slack:UM)\n');
    expect(r.stdout).toContain('rca: owner Mira Manager (slack:UM), due 2026-11-30T17:00:00.000+01:00\n');
    const timeline = r.stdout.slice(r.stdout.indexOf('timeline:\n'));
    const order = [
      'Ticket created as P1',
      'Incident opened',
      'Incident channel opened on slack: inc-tck-000002-acme',
      'Escalation accepted',
      'Status update: SSO | login broken\n      workaround: **direct** login',
      'Resolved: Certificate rotated',
      'Requester confirmed the fix',
    ].map((text) => timeline.indexOf(text));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(timeline).toContain('2026-11-23T10:30:00.000+01:00  Mira Manager  Status update');
  });

  it('--json prints the ticket, its incident and its timeline', async () => {
    const r = await runCli(['incidents', 'show', 'TCK-000002', '--json'], { env });
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout);
    expect(shown).toMatchObject({ id: 'TCK-000002', incident: { state: 'closed' } });
    expect(shown.timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'incidentOpened',
      'incidentChannelOpened',
      'incidentAccepted',
      'statusUpdate',
      'resolved',
      'confirmedFixed',
    ]);
    expect(shown.timeline[4]).toEqual({
      version: 5,
      at: '2026-11-23T10:30:00.000+01:00',
      actor: 'slack:UM',
      type: 'statusUpdate',
      data: { text: UPDATE },
    });
  });
});

describe('ticketbot incidents rca', () => {
  it('prints the Markdown draft built from the stored timeline', async () => {
    const r = await runCli(['incidents', 'rca', 'TCK-000002'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# Root cause analysis: TCK-000002 Nobody can sign in');
    for (const heading of [
      'Summary',
      'Impact',
      'Timeline',
      'Root cause',
      'Corrective and preventive actions',
    ]) {
      expect(r.stdout).toContain(`\n## ${heading}\n`);
    }
    expect(r.stdout).toContain('Times in Europe/Amsterdam.');
    expect(r.stdout).toContain(
      '| 2026-11-23 10:30 | Mira Manager | Status update: SSO \\| login broken<br>workaround: \\*\\*direct\\*\\* login |',
    );
    expect(r.stdout).toContain('- **Duration:** 1 h 30 min (from the start to the resolution)');
    expect(r.stdout).toContain('- **Owner:** Mira Manager\n- **Due:** 2026-11-30 17:00 (Europe/Amsterdam)');
  });
});

describe('ticketbot incidents: wrong ids', () => {
  it('an unknown id, a ticket without an incident or no ticket id: one line on stderr, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['incidents', 'show', 'TCK-000099'], /^ticketbot: no ticket TCK-000099\n$/],
      [['incidents', 'rca', 'TCK-000099'], /^ticketbot: no ticket TCK-000099\n$/],
      [['incidents', 'show', 'TCK-000001'], /^ticketbot: TCK-000001 has no incident[^\n]*\n$/],
      [['incidents', 'rca', 'TCK-000001', '--json'], /^ticketbot: Unknown option '--json'[^\n]*\n$/],
      [['incidents', 'rca', 'TCK-000001'], /^ticketbot: TCK-000001 has no incident[^\n]*\n$/],
      [['incidents', 'show', 'banana'], /^ticketbot: "banana" is not a ticket id[^\n]*\n$/],
      [['incidents', 'rca'], /^ticketbot: usage: ticketbot incidents rca ID\n$/],
    ];
    for (const [args, stderr] of cases) {
      const r = await runCli(args, { env });
      expect([r.code, r.stdout], args.join(' ')).toEqual([2, '']);
      expect(r.stderr, args.join(' ')).toMatch(stderr);
    }
  });
});
