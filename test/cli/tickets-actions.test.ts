import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import { runCli } from '../helpers/run-cli.js';
import { sampleTicket } from '../helpers/sample-ticket.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ticketbot-agent-cli-'));
const env = {
  DATA_DIR: dataDir,
  TENANTS_FILE: resolve('test/fixtures/tenants/valid.json'),
  TICKETBOT_AGENTS: 'slack:UAGENT',
  TICKETBOT_INCIDENT_MANAGERS: 'teams:im-1',
};
const AGENT = ['--as', 'slack:UAGENT'];

/** TCK-000001 Acme (reported by UACME1), TCK-000002 Globex (a Reseller X customer), TCK-000003 Acme (UACME2). */
beforeAll(async () => {
  const store = SqliteStore.open(dataDir);
  const create = async (overrides: Partial<Ticket>) => {
    const {
      id: _id,
      version: _version,
      ...fields
    } = sampleTicket({
      priority: 'P3',
      impact: 'single-user',
      urgency: 'normal',
      ...overrides,
    });
    await store.tickets.create(fields, { at: fields.createdAt, actor: 'slack:U', type: 'created', data: {} });
  };
  await create({
    title: 'Acme sign-in broken',
    customer: 'acme',
    requester: { platform: 'slack', id: 'UACME1', name: 'Anna Acme' },
  });
  await create({
    title: 'Globex tiles missing',
    company: 'Globex NV',
    customer: 'globex',
    policy: 'workspace365-partner',
    requester: { platform: 'slack', id: 'UGLOBEX', name: 'Gert Globex' },
  });
  await create({
    title: 'Acme printer',
    customer: 'acme',
    requester: { platform: 'slack', id: 'UACME2', name: 'Bart Acme' },
  });
  await store.close();
});

async function show(
  id: string,
): Promise<Record<string, unknown> & { timeline: Array<Record<string, unknown>> }> {
  const r = await runCli(['tickets', 'show', id, '--json'], { env });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

async function ok(args: string[]): Promise<string> {
  const r = await runCli(['tickets', ...args], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('agents at the command line', () => {
  it('take, respond, note, log, ask, priority and resolve change the stored ticket and its timeline', async () => {
    expect(await ok(['take', 'TCK-000001', ...AGENT])).toBe('UAGENT acknowledged TCK-000001.\n');
    let ticket = await show('TCK-000001');
    expect(ticket.status).toBe('acknowledged');

    const expected = DateTime.now()
      .setZone('Europe/Amsterdam')
      .plus({ days: 2 })
      .set({ hour: 15, minute: 0, second: 0, millisecond: 0 });
    await ok([
      'respond',
      'TCK-000001',
      '--text',
      'Clear the browser cache, then sign in again.',
      '--expected',
      expected.toFormat('yyyy-MM-dd HH:mm'),
      ...AGENT,
    ]);
    await ok(['note', 'tck-1', '--text', 'Customer still on the old tenant', ...AGENT]);
    await ok(['log', '1', '--minutes', '45', '--text', 'log analysis', ...AGENT]);
    await ok(['log', 'TCK-000001', '--minutes', '15', ...AGENT]);
    ticket = await show('TCK-000001');
    expect(ticket.respondedAt).not.toBeNull();
    expect(ticket.timeLoggedMs).toBe(60 * 60_000);
    // The note is internal: nothing on the ticket itself carries it.
    expect(JSON.stringify({ ...ticket, timeline: [] })).not.toContain('old tenant');

    await ok(['ask', 'TCK-000001', '--text', 'Which browser do you use?', ...AGENT]);
    expect((await show('TCK-000001')).status).toBe('paused');
    expect((await show('TCK-000001')).awaitingInfo).toBe(true);
    await ok(['resume', 'TCK-000001', ...AGENT]);
    await ok(['priority', 'TCK-000001', '--to', 'p2', '--reason', 'whole department affected', ...AGENT]);
    await ok(['resolve', 'TCK-000001', '--text', 'Cache cleared; sign-in works.', ...AGENT]);

    ticket = await show('TCK-000001');
    expect(ticket).toMatchObject({ status: 'resolved', priority: 'P2' });
    expect(ticket.timeline.map((e) => e.type)).toEqual([
      'created',
      'acknowledged',
      'responded',
      'noted',
      'timeLogged',
      'timeLogged',
      'infoRequested',
      'resumed',
      'priorityChanged',
      'resolved',
    ]);
    expect(ticket.timeline[2]).toMatchObject({
      actor: 'slack:UAGENT',
      data: {
        text: 'Clear the browser cache, then sign in again.',
        expectedResolutionAt: expected.toMillis(),
      },
    });
    expect(ticket.timeline[3]?.data).toEqual({ text: 'Customer still on the old tenant' });
    expect(ticket.timeline[4]?.data).toEqual({ minutes: 45, ms: 2_700_000, text: 'log analysis' });

    // Readable: time in the policy zone, who, what, with the text.
    const text = await ok(['show', 'TCK-000001']);
    expect(text).toContain('timeline (Europe/Amsterdam):');
    expect(text).toMatch(
      /\n {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}slack:UAGENT {2}noted: Customer still on the old tenant\n/,
    );
    expect(text).toMatch(/slack:UAGENT {2}timeLogged: 45 min: log analysis\n/);
    expect(text).toMatch(/slack:UAGENT {2}priorityChanged: P3 -> P2: whole department affected\n/);
    expect(text).toMatch(/slack:UAGENT {2}infoRequested: Which browser do you use\?\n/);
    expect(text).toContain(`expected resolution ${expected.toFormat('yyyy-MM-dd HH:mm')}`);
  });

  it('refuses a user who is no agent, and changes nothing', async () => {
    const before = await show('TCK-000003');
    for (const as of [['--as', 'slack:UACME2'], ['--as', 'slack:USTRANGER'], []]) {
      const r = await runCli(['tickets', 'take', 'TCK-000003', ...as], { env });
      expect(r.code).toBe(1);
      // Refused, and told why: the acting user has no agent role.
      expect(r.stderr).toMatch(
        /^ticketbot: TCK-000003: You cannot do that on this ticket\. \((\S+) is not an agent: add it to TICKETBOT_AGENTS/,
      );
    }
    const note = await runCli(['tickets', 'note', 'TCK-000003', '--text', 'x', '--as', 'slack:UACME2'], {
      env,
    });
    expect(note.code).toBe(1);
    expect(await show('TCK-000003')).toEqual(before);
  });

  it('an incident manager may act too; bad arguments are exit 2', async () => {
    expect(await ok(['log', 'TCK-000003', '--minutes', '5', '--as', 'teams:im-1'])).toBe(
      'im-1 logged time on TCK-000003.\n',
    );
    for (const args of [
      ['log', 'TCK-000003', '--minutes', 'ten', ...AGENT],
      ['respond', 'TCK-000003', ...AGENT],
      ['priority', 'TCK-000003', '--to', 'P7', '--reason', 'x', ...AGENT],
      ['take', 'TCK-000003', '--as', 'U123'],
      ['take', ...AGENT],
    ]) {
      const r = await runCli(['tickets', ...args], { env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe('isolation with --as', () => {
  const ids = async (as: string) =>
    JSON.parse(await ok(['list', '--json', '--as', as])).map((t: { id: string }) => t.id);

  it("a partner contact sees and acts on only its own customers' tickets", async () => {
    expect(await ids('slack:U0PARTNER1')).toEqual(['TCK-000002']);
    expect(await ids('teams:00000000-0000-4000-8000-0000000000a1')).toEqual(['TCK-000002']);
    const hidden = await runCli(['tickets', 'show', 'TCK-000001', '--as', 'slack:U0PARTNER1'], { env });
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toBe('ticketbot: no ticket TCK-000001\n');
    expect((await runCli(['tickets', 'show', 'TCK-000002', '--as', 'slack:U0PARTNER1'], { env })).code).toBe(
      0,
    );
  });

  it("an end user sees their own and their company's tickets; agents and the admin view see all", async () => {
    expect(await ids('slack:UACME2')).toEqual(['TCK-000003', 'TCK-000001']);
    expect(await ids('slack:UGLOBEX')).toEqual(['TCK-000002']);
    expect(await ids('slack:UNOBODY')).toEqual([]);
    expect(await ids('slack:UAGENT')).toEqual(['TCK-000003', 'TCK-000002', 'TCK-000001']);
    const all = JSON.parse(await ok(['list', '--json']));
    expect(all.map((t: { id: string }) => t.id)).toEqual(['TCK-000003', 'TCK-000002', 'TCK-000001']);
  });
});

describe('an escalation to P1 from the command line', () => {
  it('warns when this process cannot open an incident channel, and opens one where it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-cli-p1-'));
    const store = SqliteStore.open(dir);
    const { id: _id, version: _version, ...fields } = sampleTicket({ priority: 'P3' });
    for (const title of ['Printing fails', 'Portal down'])
      await store.tickets.create(
        { ...fields, title, idempotencyKey: `cli-p1:${title}` },
        { at: fields.createdAt, actor: 'slack:U', type: 'created', data: {} },
      );
    await store.close();
    const bare = { DATA_DIR: dir, TICKETBOT_AGENTS: 'slack:UAGENT', SLACK_BOT_TOKEN: '' };
    const change = (id: string, extra: Record<string, string>) =>
      runCli(['tickets', 'priority', id, '--to', 'P1', '--reason', 'whole company', ...AGENT], {
        env: { ...bare, ...extra },
      });

    const without = await change('TCK-000001', {});
    expect(without.code).toBe(0);
    expect(without.stderr).toContain('TCK-000001 is now P1, but no incident channel can be opened from here');
    expect(without.stderr).toContain('SLACK_BOT_TOKEN');

    const withSlack = await change('TCK-000002', { SLACK_BOT_TOKEN: 'xoxb-cli-test' });
    expect(withSlack.code).toBe(0);
    expect(withSlack.stderr).toBe('');
    const after = SqliteStore.open(dir);
    const keys = after.db.prepare<[], { key: string }>('SELECT key FROM outbox ORDER BY key').all();
    await after.close();
    expect(keys.map((k) => k.key)).toContain('incident:TCK-000002:open');
    expect(keys.map((k) => k.key)).not.toContain('incident:TCK-000001:open');
  });
});
