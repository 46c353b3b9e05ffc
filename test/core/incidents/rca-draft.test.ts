import { describe, expect, it } from 'vitest';
import { newIncident } from '../../../src/core/incidents/incident.js';
import { markdownText, rcaDraft } from '../../../src/core/incidents/rca-draft.js';
import type { Ticket, TimelineEntry } from '../../../src/core/tickets/ticket.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const utc = (iso: string) => Date.parse(iso);
const ZONE = 'Europe/Amsterdam'; // UTC+1 in November

const manager = { id: 'slack:UM', name: 'Mira Manager' };
const piet = { id: 'slack:U9', name: 'Piet de Vries' };
const UPDATE =
  'Login | SSO broken\nWorkaround: use **direct** login <b>now</b> [docs](http://x) `code` _x_ &amp; # $1';
const PINNED = 'Cause: expired cert | rotate it\r\nthen restart';

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return sampleTicket({
    id: 'TCK-000042',
    title: 'Nobody can sign in | SSO',
    description: 'After the Microsoft login\nthe portal shows an error.',
    company: 'Acme BV',
    environments: ['https://acme.workspace365.net', 'https://acme-test.workspace365.net'],
    usernames: ['j.jansen', 'p.devries'],
    priority: 'P1',
    impact: 'organisation',
    urgency: 'high',
    priorityReason: 'organisation x high',
    security: true,
    requester: { platform: 'slack', id: 'U123', name: 'Jan Jansen' },
    startedAt: utc('2026-11-23T08:50:00Z'),
    createdAt: utc('2026-11-23T08:55:00Z'),
    resolvedAt: utc('2026-11-23T10:20:00Z'),
    closedAt: utc('2026-11-23T11:00:00Z'),
    status: 'closed',
    incident: {
      ...newIncident(utc('2026-11-23T08:55:00Z')),
      state: 'closed',
      channel: { platform: 'slack', id: 'C1', name: 'inc-tck-000042-acme' },
      manager,
      responders: [{ id: 'slack:UR', name: 'Rob Responder' }],
      acceptedAt: utc('2026-11-23T09:00:00Z'),
      affected: [piet],
      rca: { owner: manager, dueAt: utc('2026-11-30T16:00:00Z') },
    },
    ...overrides,
  });
}

let version = 0;
const entry = (
  iso: string,
  actor: string,
  type: string,
  data: Record<string, unknown> = {},
): TimelineEntry => ({
  ticketId: 'TCK-000042',
  version: ++version,
  at: utc(iso),
  actor,
  type,
  data,
});

const TIMELINE: TimelineEntry[] = [
  entry('2026-11-23T08:55:00Z', 'slack:U123', 'created', { priority: 'P1', reason: 'organisation x high' }),
  entry('2026-11-23T08:55:00Z', 'system', 'incidentOpened'),
  entry('2026-11-23T08:56:00Z', 'system', 'incidentChannelOpened', {
    platform: 'slack',
    name: 'inc-tck-000042-acme',
  }),
  entry('2026-11-23T09:00:00Z', 'slack:UM', 'roleAssigned', { role: 'manager', person: manager }),
  entry('2026-11-23T09:00:00Z', 'slack:UM', 'incidentAccepted'),
  entry('2026-11-23T09:30:00Z', 'slack:UM', 'statusUpdate', { text: UPDATE }),
  entry('2026-11-23T09:35:00Z', 'slack:U9', 'reporterJoined', { person: piet }),
  entry('2026-11-23T09:40:00Z', 'slack:UR', 'messagePinned', { text: PINNED }),
  entry('2026-11-23T09:45:00Z', 'slack:UR', 'messageMarked', {
    text: 'Cert rotated',
    reaction: 'white_check_mark',
  }),
  entry('2026-11-23T10:20:00Z', 'slack:UR', 'resolved', { text: 'Certificate rotated' }),
  entry('2026-11-23T11:00:00Z', 'slack:U123', 'confirmedFixed'),
  entry('2026-11-23T11:00:00Z', 'system', 'rcaDue', { owner: manager, dueAt: utc('2026-11-30T16:00:00Z') }),
];

const EXPECTED_ROWS: Array<[string, string, string]> = [
  ['2026-11-23 09:55', 'Jan Jansen', 'Ticket created as P1 (organisation x high)'],
  ['2026-11-23 09:55', 'system', 'Incident opened (P1 escalation)'],
  ['2026-11-23 09:56', 'system', 'Incident channel opened on slack: inc-tck-000042-acme'],
  ['2026-11-23 10:00', 'Mira Manager', 'Incident manager: Mira Manager'],
  ['2026-11-23 10:00', 'Mira Manager', 'Escalation accepted by the incident manager'],
  ['2026-11-23 10:30', 'Mira Manager', `Status update: ${UPDATE}`],
  ['2026-11-23 10:35', 'Piet de Vries', 'Affected reporter joined: Piet de Vries'],
  ['2026-11-23 10:40', 'Rob Responder', `Message pinned: ${PINNED.replace('\r\n', '\n')}`],
  ['2026-11-23 10:45', 'Rob Responder', 'Message marked white_check_mark: Cert rotated'],
  ['2026-11-23 11:20', 'Rob Responder', 'Resolved: Certificate rotated'],
  ['2026-11-23 12:00', 'Jan Jansen', 'Requester confirmed the fix; closed'],
  ['2026-11-23 12:00', 'system', 'Root cause analysis due 2026-11-30 17:00 (owner: Mira Manager)'],
];

/** Splits a GFM table row the way GFM does: a backslash escapes the next character. */
function cells(row: string): string[] {
  expect(row.startsWith('| ') && row.endsWith(' |'), row).toBe(true);
  const out: string[] = [];
  let current = '';
  for (let i = 1; i < row.length - 1; i++) {
    const c = row[i]!;
    if (c === '\\') {
      current += c + row[i + 1]!;
      i++;
    } else if (c === '|') {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

/** What a Markdown renderer shows for an escaped cell: escapes removed, <br> a line break. */
const rendered = (cell: string) => cell.replace(/<br>/g, '\n').replace(/\\(.)/g, '$1');
/** Markup characters left unescaped in a cell (ignoring our own <br>). */
const unescapedMarkup = (cell: string) =>
  cell
    .replace(/<br>/g, '')
    .replace(/\\./g, '')
    .match(/[\\`*_[\]<>|~&#$]/g) ?? [];

function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  expect(start, `section "${heading}"`).toBeGreaterThan(-1);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end === -1 ? undefined : end);
}

function timelineRows(md: string): string[] {
  const lines = section(md, 'Timeline').split('\n');
  const header = lines.indexOf('| Time | Author | What happened |');
  expect(header).toBeGreaterThan(-1);
  expect(lines[header + 1]).toBe('| --- | --- | --- |');
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

const NOW = utc('2026-11-24T12:00:00Z');

describe('rcaDraft', () => {
  it('has the title and every section, in order', () => {
    const md = rcaDraft(ticket(), TIMELINE, { timeZone: ZONE, now: NOW });
    expect(md.split('\n')[0]).toBe('# Root cause analysis: TCK-000042 Nobody can sign in \\| SSO');
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Root cause',
      '## Corrective and preventive actions',
      '## RCA owner',
    ]);
    expect(section(md, 'Root cause')).toMatch(/to be filled in/i);
    expect(section(md, 'Corrective and preventive actions')).toContain('| Action | Owner | Due | Status |');
  });

  it('summarises what happened, priority, environments, company, start, resolution, closure and duration', () => {
    const summary = section(rcaDraft(ticket(), TIMELINE, { timeZone: ZONE, now: NOW }), 'Summary');
    expect(summary).toContain('- **What happened:** Nobody can sign in \\| SSO\n');
    expect(summary).toContain('- **Description:** After the Microsoft login<br>the portal shows an error.\n');
    expect(summary).toContain('- **Priority:** P1 (organisation x high)\n');
    expect(summary).toContain(
      '- **Environment(s):** https://acme.workspace365.net, https://acme-test.workspace365.net\n',
    );
    expect(summary).toContain('- **Company:** Acme BV\n');
    expect(summary).toContain('- **Started:** 2026-11-23 09:50 (Europe/Amsterdam)\n');
    expect(summary).toContain('- **Escalated:** 2026-11-23 09:55 (Europe/Amsterdam)\n');
    expect(summary).toContain('- **Resolved:** 2026-11-23 11:20 (Europe/Amsterdam)\n');
    expect(summary).toContain('- **Closed:** 2026-11-23 12:00 (Europe/Amsterdam)\n');
    expect(summary).toContain('- **Duration:** 1 h 30 min (from the start to the resolution)\n');
    expect(summary).toContain('- **Incident channel:** inc-tck-000042-acme (slack)\n');
    expect(summary).toContain('- **Incident manager:** Mira Manager\n');
    expect(summary).toContain('- **Responders:** Rob Responder\n');
  });

  it('an incident still running counts its duration to now', () => {
    const open = ticket({ resolvedAt: null, closedAt: null, status: 'open' });
    const summary = section(
      rcaDraft(open, TIMELINE, { timeZone: ZONE, now: utc('2026-11-23T12:05:00Z') }),
      'Summary',
    );
    expect(summary).toContain('- **Resolved:** not yet\n');
    expect(summary).toContain(
      '- **Duration:** 3 h 15 min so far (still open at 2026-11-23 13:05 (Europe/Amsterdam))\n',
    );
  });

  it('states the impact: impact x urgency, affected users, reporters joined, security', () => {
    const impact = section(rcaDraft(ticket(), TIMELINE, { timeZone: ZONE, now: NOW }), 'Impact');
    expect(impact).toContain('- **Impact x urgency:** organisation x high\n');
    expect(impact).toContain('- **Affected users:** j.jansen, p.devries\n');
    expect(impact).toContain('- **Affected reporters joined:** 1 (Piet de Vries)\n');
    expect(impact).toContain('- **Security incident:** yes\n');
    const plain = section(
      rcaDraft(ticket({ security: false, incident: { ...ticket().incident!, affected: [] } }), TIMELINE, {
        timeZone: ZONE,
        now: NOW,
      }),
      'Impact',
    );
    expect(plain).toContain('- **Affected reporters joined:** 0\n');
    expect(plain).toContain('- **Security incident:** no\n');
  });

  it('lists every timeline entry in order, one row each, times in the zone, authors by name', () => {
    const shuffled = [...TIMELINE].reverse();
    const md = rcaDraft(ticket(), shuffled, { timeZone: ZONE, now: NOW });
    const rows = timelineRows(md).map(cells);
    expect(rows.map((r) => r.length)).toEqual(TIMELINE.map(() => 3));
    expect(rows.map((r) => r.map(rendered))).toEqual(EXPECTED_ROWS);
    // The input is not reordered in place.
    expect(shuffled[0]!.type).toBe('rcaDue');
  });

  it('writes the times in the zone it is given', () => {
    const rows = timelineRows(rcaDraft(ticket(), TIMELINE, { timeZone: 'UTC', now: NOW })).map(cells);
    expect(rows.map((r) => r[0])).toEqual(
      TIMELINE.map((e) => new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')),
    );
    expect(rows[0]![0]).toBe('2026-11-23 08:55');
  });

  it('keeps user text with pipes, line breaks and markdown in one cell, literal', () => {
    const rows = timelineRows(rcaDraft(ticket(), TIMELINE, { timeZone: ZONE, now: NOW }));
    const update = rows.find((r) => r.includes('Status update'))!;
    const pinned = rows.find((r) => r.includes('Message pinned'))!;
    for (const row of [update, pinned]) {
      expect(row).not.toMatch(/[\r\n]/);
      const [, , what] = cells(row);
      expect(cells(row)).toHaveLength(3);
      expect(unescapedMarkup(what!)).toEqual([]);
    }
    expect(rendered(cells(update)[2]!)).toBe(`Status update: ${UPDATE}`);
    expect(cells(update)[2]).toContain('\\*\\*direct\\*\\* login \\<b\\>now\\</b\\> \\[docs\\](http://x)');
    expect(rendered(cells(pinned)[2]!)).toBe('Message pinned: Cause: expired cert | rotate it\nthen restart');
  });

  it('names the RCA owner and due date once set, and says so when not', () => {
    const owner = section(rcaDraft(ticket(), TIMELINE, { timeZone: ZONE, now: NOW }), 'RCA owner');
    expect(owner).toContain('- **Owner:** Mira Manager\n');
    expect(owner).toContain('- **Due:** 2026-11-30 17:00 (Europe/Amsterdam)\n');
    const none = section(
      rcaDraft(ticket({ incident: { ...ticket().incident!, rca: null } }), TIMELINE, {
        timeZone: ZONE,
        now: NOW,
      }),
      'RCA owner',
    );
    expect(none).toContain('- **Owner:** not yet assigned');
    expect(none).not.toContain('Mira Manager');
  });

  it('is pure: the same input gives the same draft', () => {
    const a = rcaDraft(ticket(), TIMELINE, { timeZone: ZONE, now: NOW });
    const b = rcaDraft(ticket(), [...TIMELINE], { timeZone: ZONE, now: NOW });
    expect(a).toBe(b);
    expect(a).toContain('Draft made 2026-11-24 13:00 (Europe/Amsterdam)');
  });
});

describe('markdownText', () => {
  it('escapes inline markup and turns line breaks into <br>', () => {
    expect(markdownText('a | b\n*c* [d](e) <f> `g` \\ h')).toBe(
      'a \\| b<br>\\*c\\* \\[d\\](e) \\<f\\> \\`g\\` \\\\ h',
    );
    expect(rendered(markdownText('x\\|y'))).toBe('x\\|y');
  });
});

describe('what the support team keeps to itself', () => {
  it('internal notes and logged time never appear in the draft (it is shared with the requester)', () => {
    const last = TIMELINE.at(-1)!;
    const internal: TimelineEntry[] = [
      {
        ...last,
        version: last.version + 1,
        at: last.at + 1,
        type: 'noted',
        data: { text: 'secret workaround' },
      },
      {
        ...last,
        version: last.version + 2,
        at: last.at + 2,
        type: 'timeLogged',
        data: { minutes: 45, text: 'log analysis' },
      },
    ];
    const md = rcaDraft(ticket(), [...TIMELINE, ...internal], { timeZone: ZONE, now: NOW });
    expect(md).not.toContain('secret workaround');
    expect(md).not.toContain('log analysis');
    expect(md).toBe(rcaDraft(ticket(), TIMELINE, { timeZone: ZONE, now: NOW }));
  });
});
