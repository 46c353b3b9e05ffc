import { parseArgs } from 'node:util';
import { ticketToJson } from '../../app/ticket-json.js';
import type { Incident } from '../../core/incidents/incident.js';
import { describeIncidentEvent, incidentPeople, rcaDraft } from '../../core/incidents/rca-draft.js';
import { formatIsoInstant } from '../../core/sla/iso-instant.js';
import type { PolicyRegistry } from '../../core/sla/policy-registry.js';
import { type ZoneOffsets, zoneOffsets } from '../../core/sla/zone-offsets.js';
import { normaliseTicketId, type Ticket, type TimelineEntry } from '../../core/tickets/ticket.js';
import { createAppContext } from '../../wiring/app-context.js';
import { CliError } from '../cli-error.js';

type Sub = 'list' | 'show' | 'rca';
const USAGES: Record<Sub, string> = {
  list: 'usage: ticketbot incidents list [--json]',
  show: 'usage: ticketbot incidents show ID [--json]',
  rca: 'usage: ticketbot incidents rca ID',
};

function zoneOf(ticket: Ticket, policies: PolicyRegistry): ZoneOffsets {
  return policies.get(ticket.policy)?.calendar.zone ?? zoneOffsets('UTC');
}

/** The incident of a ticket as JSON: instants in the policy's zone, like the ticket (CONTRACTS.md section 3). */
export function incidentToJson(incident: Incident, zone: ZoneOffsets): Record<string, unknown> {
  const instant = (ms: number | null) => (ms === null ? null : formatIsoInstant(ms, zone));
  const channel = incident.channel;
  return {
    state: incident.state,
    openedAt: instant(incident.openedAt),
    acceptedAt: instant(incident.acceptedAt),
    lastUpdateAt: instant(incident.lastUpdateAt),
    channel: channel
      ? {
          platform: channel.platform,
          id: channel.id,
          name: channel.name,
          ...(channel.fallbackReason ? { fallbackReason: channel.fallbackReason } : {}),
        }
      : null,
    manager: incident.manager,
    communications: incident.communications,
    responders: incident.responders,
    affected: incident.affected,
    rca: incident.rca ? { owner: incident.rca.owner, dueAt: instant(incident.rca.dueAt) } : null,
  };
}

/** One line of free text for a table or a "key: value" line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function person(p: { id: string; name: string } | null): string {
  return p ? `${oneLine(p.name) || p.id} (${p.id})` : '-';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 2)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

/** `ticketbot incidents list|show|rca`: the P1 escalations in the store (CONTRACTS.md section 8). */
export async function incidentsCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  const [first, ...rest] = args;
  if (first !== 'list' && first !== 'show' && first !== 'rca')
    throw new CliError('usage: ticketbot incidents list|show ID|rca ID');
  const sub: Sub = first;
  const { values, positionals } = parseArgs({
    args: rest,
    options: sub === 'rca' ? {} : { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const json = (values as { json?: boolean }).json === true;
  let id: string | null = null;
  if (sub === 'list') {
    if (positionals.length) throw new CliError(`unexpected argument "${positionals[0]}"`);
  } else {
    if (positionals.length !== 1) throw new CliError(USAGES[sub]);
    id = normaliseTicketId(positionals[0]!);
    if (!id) throw new CliError(`"${positionals[0]}" is not a ticket id (expected TCK-000042)`);
  }

  const context = await createAppContext();
  try {
    const { store, policies } = context;
    if (id === null) {
      const tickets = (await store.tickets.list({ limit: 10_000 })).filter(
        (t): t is Ticket & { incident: Incident } => !!t.incident,
      );
      if (json) {
        const out = tickets.map((t) => ({
          ...ticketToJson(t, policies),
          incident: incidentToJson(t.incident, zoneOf(t, policies)),
        }));
        io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else if (tickets.length === 0) {
        io.stdout.write('no incidents\n');
      } else {
        const rows = [['ID', 'STATE', 'PRI', 'OPENED', 'MANAGER', 'CHANNEL', 'ENVIRONMENT', 'TITLE']];
        for (const t of tickets) {
          rows.push([
            t.id,
            t.incident.state,
            t.priority,
            formatIsoInstant(t.incident.openedAt, zoneOf(t, policies)),
            t.incident.manager ? oneLine(t.incident.manager.name) || t.incident.manager.id : '-',
            t.incident.channel ? oneLine(t.incident.channel.name) : '-',
            oneLine(t.environments[0] ?? '') || '-',
            oneLine(t.title),
          ]);
        }
        io.stdout.write(`${table(rows)}\n`);
      }
      return 0;
    }

    const ticket = await store.tickets.get(id);
    if (!ticket) throw new CliError(`no ticket ${id}`, 2);
    if (!ticket.incident)
      throw new CliError(
        `${id} has no incident: it was never escalated as a P1 (see "ticketbot tickets show ${id}")`,
        2,
      );
    const timeline = await store.tickets.timeline(id);
    const zone = zoneOf(ticket, policies);
    if (sub === 'rca') {
      io.stdout.write(rcaDraft(ticket, timeline, { timeZone: zone.name, now: context.clock.now() }));
      return 0;
    }
    if (json) {
      const out = {
        ...ticketToJson(ticket, policies),
        incident: incidentToJson(ticket.incident, zone),
        timeline: timeline.map((e) => ({
          version: e.version,
          at: formatIsoInstant(e.at, zone),
          actor: e.actor,
          type: e.type,
          data: e.data,
        })),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(showText(ticket, ticket.incident, timeline, zone));
    return 0;
  } finally {
    await context.store.close();
  }
}

function showText(
  ticket: Ticket,
  incident: Incident,
  timeline: readonly TimelineEntry[],
  zone: ZoneOffsets,
): string {
  const at = (ms: number | null) => (ms === null ? '-' : formatIsoInstant(ms, zone));
  const names = incidentPeople(ticket, timeline);
  const channel = incident.channel;
  const lines = [
    `${ticket.id}  ${ticket.priority}  ${oneLine(ticket.title)}`,
    `state: ${incident.state} (ticket ${ticket.status})`,
    `company: ${oneLine(ticket.company)}`,
    `environments: ${ticket.environments.join(', ') || '-'}`,
    `opened: ${at(incident.openedAt)}`,
    `accepted: ${at(incident.acceptedAt)}`,
    `last update: ${at(incident.lastUpdateAt)}`,
    `channel: ${
      channel
        ? `${channel.name} (${channel.platform} ${channel.id})${channel.fallbackReason ? `, fallback: ${oneLine(channel.fallbackReason)}` : ''}`
        : '-'
    }`,
    `manager: ${person(incident.manager)}`,
    `communications: ${person(incident.communications)}`,
    `responders: ${incident.responders.map(person).join(', ') || '-'}`,
    `affected reporters: ${incident.affected.map(person).join(', ') || '-'}`,
    `rca: ${incident.rca ? `owner ${person(incident.rca.owner)}, due ${at(incident.rca.dueAt)}` : '-'}`,
    '',
    'timeline:',
  ];
  const sorted = [...timeline].sort((a, b) => a.at - b.at || a.version - b.version);
  for (const e of sorted) {
    const who = names.get(e.actor) ?? e.actor;
    const [head, ...more] = describeIncidentEvent(e, zone.name).split(/\r\n|\r|\n/);
    lines.push(`  ${at(e.at)}  ${oneLine(who)}  ${head}`);
    for (const line of more) lines.push(`      ${line}`);
  }
  if (sorted.length === 0) lines.push('  (empty)');
  return `${lines.join('\n')}\n`;
}
