import { formatDurationShort } from '../sla/iso-duration.js';
import { zoneOffsets } from '../sla/zone-offsets.js';
import type { Ticket, TicketPerson, TimelineEntry } from '../tickets/ticket.js';

/**
 * The root cause analysis draft of an incident (SPEC.md "P1 escalation": after closure an
 * RCA is due, drafted from the incident timeline). Pure: the clock and the zone come in.
 */
export interface RcaDraftOptions {
  /** IANA zone the times are written in (the policy's zone). */
  readonly timeZone: string;
  /** When the draft is made: the duration of an incident still running counts to here. */
  readonly now: number;
}

const PAD = (n: number) => String(n).padStart(2, '0');

/** "2026-11-23 09:12": the wall-clock reading in `timeZone`. */
export function formatLocalMinute(at: number, timeZone: string): string {
  const d = new Date(zoneOffsets(timeZone).toLocalMs(at));
  return `${d.getUTCFullYear()}-${PAD(d.getUTCMonth() + 1)}-${PAD(d.getUTCDate())} ${PAD(d.getUTCHours())}:${PAD(d.getUTCMinutes())}`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function personName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const p = value as { name?: unknown; id?: unknown };
    return str(p.name).trim() || str(p.id);
  }
  return '';
}

/** Who is who on the ticket: platform-qualified id ("slack:U1") -> display name. */
export function incidentPeople(ticket: Ticket, timeline: readonly TimelineEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  const add = (p: unknown) => {
    if (!p || typeof p !== 'object') return;
    const { id, name } = p as { id?: unknown; name?: unknown };
    if (typeof id === 'string' && typeof name === 'string' && name.trim() && !names.has(id))
      names.set(id, name.trim());
  };
  add({ id: `${ticket.requester.platform}:${ticket.requester.id}`, name: ticket.requester.name });
  add(ticket.assignee);
  const incident = ticket.incident;
  if (incident) {
    for (const p of [incident.manager, incident.communications, ...incident.responders, ...incident.affected])
      add(p);
    add(incident.rca?.owner);
  }
  for (const entry of timeline) {
    add(entry.data.person);
    add(entry.data.previous);
    add(entry.data.owner);
  }
  return names;
}

const ROLE_NAMES: Record<string, string> = {
  manager: 'Incident manager',
  communications: 'Communications lead',
  responder: 'Responder',
};

/** One timeline entry in words (plain text; user text verbatim, line breaks kept). */
export function describeIncidentEvent(entry: TimelineEntry, timeZone: string): string {
  const d = entry.data;
  const text = str(d.text).trim();
  const reason = str(d.reason).trim();
  const with_ = (head: string, tail: string) => (tail ? `${head}: ${tail}` : head);
  const at = (v: unknown) => (typeof v === 'number' ? formatLocalMinute(v, timeZone) : '');
  switch (entry.type) {
    case 'created':
      return `Ticket created${str(d.priority) ? ` as ${str(d.priority)}` : ''}${str(d.reason) ? ` (${str(d.reason)})` : ''}`;
    case 'acknowledged':
      return 'Ticket taken by support';
    case 'responded': {
      const expected = at(d.expectedResolutionAt);
      return with_('Responded', text) + (expected ? ` (expected resolution ${expected})` : '');
    }
    case 'paused':
      return with_('Paused, waiting on the requester', reason);
    case 'resumed':
      return with_('Resumed', reason);
    case 'priorityChanged':
      return with_(`Priority changed from ${str(d.from)} to ${str(d.to)}`, reason);
    case 'hotfixRequired':
      return 'Hotfix required: the resolution target is suspended';
    case 'hotfixCleared':
      return 'Hotfix no longer required';
    case 'resolved':
      return with_('Resolved', text);
    case 'cancelled':
      return 'Ticket cancelled';
    case 'infoAdded':
      return with_('Information added', text);
    case 'escalationRequested':
      return with_('Escalation requested', reason);
    case 'incidentOpened':
      return 'Incident opened (P1 escalation)';
    case 'incidentChannelOpened': {
      const fallback = str(d.fallbackReason).trim();
      return `Incident channel opened on ${str(d.platform) || 'the platform'}: ${str(d.name)}${fallback ? ` (fallback: ${fallback})` : ''}`;
    }
    case 'incidentAccepted':
      return 'Escalation accepted by the incident manager';
    case 'incidentDowngraded':
      return with_(`Escalation downgraded to ${str(d.to)}`, reason);
    case 'incidentIncomplete':
      return with_('Escalation incomplete, asked for', text);
    case 'statusUpdate':
      return with_('Status update', text);
    case 'roleAssigned': {
      const role = ROLE_NAMES[str(d.role)] ?? (str(d.role) || 'Role');
      const previous = personName(d.previous);
      return `${role}: ${personName(d.person)}${previous ? ` (was ${previous})` : ''}`;
    }
    case 'reporterJoined':
      return `Affected reporter joined: ${personName(d.person)}`;
    case 'messagePinned':
      return with_('Message pinned', text);
    case 'messageMarked':
      return with_(`Message marked${str(d.reaction) ? ` ${str(d.reaction)}` : ''}`, text);
    case 'verificationAsked':
      return 'Requester asked to verify the fix';
    case 'confirmedFixed':
      return 'Requester confirmed the fix; closed';
    case 'notFixed':
      return with_('Requester reported it is not fixed; reopened', text);
    case 'closed':
      return with_('Closed', str(d.note).trim());
    case 'rcaDue': {
      const owner = personName(d.owner);
      return `Root cause analysis due ${at(d.dueAt)}${owner ? ` (owner: ${owner})` : ''}`;
    }
    default:
      return with_(entry.type, text || reason);
  }
}

/**
 * Free text made safe for Markdown: every character that could start inline markup
 * (emphasis, links, HTML, code, table cells) is backslash-escaped so it renders as typed,
 * and line breaks become <br> so one value stays on one line (one table cell).
 */
export function markdownText(text: string): string {
  return text
    .trim()
    .replace(/[\\`*_[\]<>|~&#$!]/g, (c) => `\\${c}`)
    .replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, '<br>');
}

function list(values: readonly string[]): string {
  return values.length ? values.map(markdownText).join(', ') : 'none recorded';
}

/** Internal notes and logged time are the support team's own: never in a draft the requester sees. */
const INTERNAL = new Set(['noted', 'timeLogged']);

function sortedTimeline(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return timeline.filter((e) => !INTERNAL.has(e.type)).sort((a, b) => a.at - b.at || a.version - b.version);
}

function people(persons: readonly (TicketPerson | null | undefined)[]): string[] {
  return persons.flatMap((p) => (p ? [p.name || p.id] : []));
}

/** The Markdown RCA draft of an incident ticket, built from its timeline. */
export function rcaDraft(
  ticket: Ticket,
  timeline: readonly TimelineEntry[],
  options: RcaDraftOptions,
): string {
  const { timeZone, now } = options;
  const when = (at: number | null | undefined) =>
    typeof at === 'number' ? `${formatLocalMinute(at, timeZone)} (${timeZone})` : 'not yet';
  const incident = ticket.incident ?? null;
  const entries = sortedTimeline(timeline);
  const names = incidentPeople(ticket, entries);
  const author = (actor: string) => names.get(actor) ?? actor;

  const endedAt = ticket.resolvedAt ?? ticket.closedAt ?? null;
  const duration =
    endedAt !== null
      ? `${formatDurationShort(Math.max(0, endedAt - ticket.startedAt))} (from the start to the resolution)`
      : `${formatDurationShort(Math.max(0, now - ticket.startedAt))} so far (still open at ${when(now)})`;
  const joined = incident?.affected ?? [];

  const out: string[] = [];
  out.push(`# Root cause analysis: ${ticket.id} ${markdownText(ticket.title)}`, '');
  out.push(
    `_Draft made ${when(now)} from the incident timeline. Fill in the root cause and the actions, then share it with the requester._`,
    '',
  );

  out.push('## Summary', '');
  out.push(`- **What happened:** ${markdownText(ticket.title)}`);
  if (ticket.description.trim()) out.push(`- **Description:** ${markdownText(ticket.description)}`);
  out.push(
    `- **Priority:** ${ticket.priority}${ticket.priorityReason ? ` (${markdownText(ticket.priorityReason)})` : ''}`,
    `- **Environment(s):** ${list(ticket.environments)}`,
    `- **Company:** ${markdownText(ticket.company) || 'not recorded'}`,
    `- **Started:** ${when(ticket.startedAt)}`,
    `- **Escalated:** ${when(incident?.openedAt)}`,
    `- **Resolved:** ${when(ticket.resolvedAt)}`,
    `- **Closed:** ${when(ticket.closedAt)}`,
    `- **Duration:** ${duration}`,
  );
  if (incident) {
    const channel = incident.channel;
    out.push(
      `- **Incident state:** ${incident.state}`,
      `- **Incident channel:** ${channel ? `${markdownText(channel.name)} (${channel.platform})` : 'none'}`,
      `- **Incident manager:** ${list(people([incident.manager]))}`,
      `- **Communications:** ${list(people([incident.communications]))}`,
      `- **Responders:** ${list(people(incident.responders))}`,
    );
  }
  out.push('');

  out.push('## Impact', '');
  out.push(
    `- **Impact x urgency:** ${ticket.impact} x ${ticket.urgency}`,
    `- **Affected users:** ${list(ticket.usernames)}`,
    `- **Affected reporters joined:** ${joined.length}${joined.length ? ` (${list(people(joined))})` : ''}`,
    `- **Security incident:** ${ticket.security ? 'yes' : 'no'}`,
    '',
  );

  out.push('## Timeline', '', `Times in ${timeZone}.`, '');
  out.push('| Time | Author | What happened |', '| --- | --- | --- |');
  for (const entry of entries) {
    out.push(
      `| ${formatLocalMinute(entry.at, timeZone)} | ${markdownText(author(entry.actor))} | ${markdownText(describeIncidentEvent(entry, timeZone))} |`,
    );
  }
  if (entries.length === 0) out.push('| - | - | no timeline recorded |');
  out.push('');

  out.push(
    '## Root cause',
    '',
    '_To be filled in: what caused the incident, why it was not prevented or detected earlier, and how it was fixed._',
    '',
    '## Corrective and preventive actions',
    '',
    '| Action | Owner | Due | Status |',
    '| --- | --- | --- | --- |',
    '| _to be filled in_ |  |  |  |',
    '',
  );

  out.push('## RCA owner', '');
  if (incident?.rca) {
    out.push(
      `- **Owner:** ${incident.rca.owner ? markdownText(incident.rca.owner.name || incident.rca.owner.id) : 'not yet assigned'}`,
      `- **Due:** ${when(incident.rca.dueAt)}`,
    );
  } else {
    out.push('- **Owner:** not yet assigned', '- **Due:** not yet set');
  }
  out.push('');
  return out.join('\n');
}
