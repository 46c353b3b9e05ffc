import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { customersOfReporter } from '../../app/reporter-customers.js';
import { ticketToJson } from '../../app/ticket-json.js';
import { t } from '../../core/i18n/catalogue.js';
import { formatIsoInstant } from '../../core/sla/iso-instant.js';
import { isPriority } from '../../core/sla/priority.js';
import { isKnownTimeZone, zoneOffsets } from '../../core/sla/zone-offsets.js';
import { canSee } from '../../core/tenants/visibility.js';
import { actionFromInputs } from '../../core/tickets/action-input.js';
import {
  normaliseTicketId,
  TICKET_STATUSES,
  type Ticket,
  type TicketStatus,
  type TimelineEntry,
} from '../../core/tickets/ticket.js';
import type { TicketAction } from '../../core/tickets/ticket-actions.js';
import type { Actor } from '../../core/tickets/ticket-permissions.js';
import { type AppContext, createAppContext, incidentPlatforms } from '../../wiring/app-context.js';
import { CliError } from '../cli-error.js';

/** The agents' subcommands: each one action on one ticket, as the user named by --as. */
export const TICKET_ACTION_COMMANDS = [
  'take',
  'respond',
  'ask',
  'note',
  'log',
  'priority',
  'resolve',
  'pause',
  'resume',
] as const;
type ActionCommand = (typeof TICKET_ACTION_COMMANDS)[number];

export function isTicketActionCommand(word: string | undefined): word is ActionCommand {
  return (TICKET_ACTION_COMMANDS as readonly string[]).includes(word ?? '');
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'user';
  }
}

/** --as slack:U123 | teams:<id> | terminal:<name>; default terminal:<OS user>. */
function actorOf(context: AppContext, as: string | undefined): Actor {
  const id = as ?? `terminal:${osUser()}`;
  const m = /^(slack|teams|terminal):(\S+)$/.exec(id);
  if (!m) throw new CliError(`--as takes a platform-qualified id (slack:U123, teams:<id>), not "${id}"`);
  return context.actions.actor(m[1]!, m[2]!, m[2]!);
}

function ticketIdOf(positionals: readonly string[], usage: string): string {
  if (positionals.length !== 1) throw new CliError(`usage: ${usage}`);
  const id = normaliseTicketId(positionals[0]!);
  if (!id) throw new CliError(`"${positionals[0]}" is not a ticket id (expected TCK-000042)`);
  return id;
}

const USAGE_LINE: Record<ActionCommand, string> = {
  take: 'ticketbot tickets take ID [--as ID]',
  respond: 'ticketbot tickets respond ID --text T [--expected "2026-11-24 15:00"] [--as ID]',
  ask: 'ticketbot tickets ask ID --text QUESTION [--as ID]',
  note: 'ticketbot tickets note ID --text T [--as ID]',
  log: 'ticketbot tickets log ID --minutes N [--text T] [--as ID]',
  priority: 'ticketbot tickets priority ID --to P1..P4 --reason R [--as ID]',
  resolve: 'ticketbot tickets resolve ID --text T [--as ID]',
  pause: 'ticketbot tickets pause ID --reason R [--as ID]',
  resume: 'ticketbot tickets resume ID [--reason R] [--as ID]',
};

type Options = {
  text?: string | undefined;
  expected?: string | undefined;
  minutes?: string | undefined;
  to?: string | undefined;
  reason?: string | undefined;
  tz?: string | undefined;
};

function need(value: string | undefined, flag: string, sub: ActionCommand): string {
  if (value === undefined || !value.trim()) throw new CliError(`${flag} is required: ${USAGE_LINE[sub]}`);
  return value;
}

/** The action a subcommand asks for, checked like a card's inputs; a message key when bad. */
function actionOf(sub: ActionCommand, o: Options, now: number, timeZone: string): TicketAction | string {
  switch (sub) {
    case 'take':
      return { kind: 'acknowledge' };
    case 'respond':
      return actionFromInputs(
        'respond',
        { responseText: need(o.text, '--text', sub), expected: o.expected ?? '' },
        { now, timeZone },
      );
    case 'ask':
      return { kind: 'askInfo', question: need(o.text, '--text', sub) };
    case 'note':
      return { kind: 'note', text: need(o.text, '--text', sub) };
    case 'log': {
      const text = need(o.minutes, '--minutes', sub).trim();
      if (!/^\d+$/.test(text)) throw new CliError(`--minutes takes a whole number of minutes, not "${text}"`);
      return { kind: 'logTime', minutes: Number(text), ...(o.text ? { text: o.text } : {}) };
    }
    case 'priority': {
      const to = need(o.to, '--to', sub).trim().toUpperCase();
      if (!isPriority(to)) throw new CliError(`--to takes P1, P2, P3 or P4, not "${o.to}"`);
      return { kind: 'changePriority', priority: to, reason: need(o.reason, '--reason', sub) };
    }
    case 'resolve':
      return { kind: 'resolve', text: need(o.text, '--text', sub) };
    case 'pause':
      return { kind: 'pause', reason: need(o.reason, '--reason', sub) };
    case 'resume':
      return { kind: 'resume', ...(o.reason ? { reason: o.reason } : {}) };
  }
}

function zoneNameOf(context: AppContext, ticket: Ticket): string {
  return context.policies.get(ticket.policy)?.calendar.definition.timeZone ?? 'UTC';
}

function readableTime(at: number, zone: string): string {
  const iso = formatIsoInstant(at, zoneOffsets(zone));
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** What a timeline entry says, in one line: its type and the text that came with it. */
function describeEntry(entry: TimelineEntry, zone: string): string {
  const d = entry.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const parts: string[] = [];
  if (entry.type === 'priorityChanged' || entry.type === 'incidentDowngraded')
    parts.push(`${str(d.from)} -> ${str(d.to)}`);
  if (entry.type === 'timeLogged' && typeof d.minutes === 'number') parts.push(`${d.minutes} min`);
  if (entry.type === 'responded' && typeof d.expectedResolutionAt === 'number')
    parts.push(`expected resolution ${readableTime(d.expectedResolutionAt, zone)}`);
  for (const key of ['question', 'text', 'reason', 'note'] as const) {
    const value = str(d[key]);
    if (value && !(key === 'reason' && value === str(d.question))) parts.push(value);
  }
  const detail = parts.join(': ').replace(/\s*\n\s*/g, ' / ');
  return detail ? `${entry.type}: ${detail}` : entry.type;
}

function whoOf(entry: TimelineEntry, ticket: Ticket): string {
  const requester = `${ticket.requester.platform}:${ticket.requester.id}`;
  if (entry.actor === requester) return `${ticket.requester.name} (${entry.actor}, requester)`;
  if (ticket.assignee?.id === entry.actor && ticket.assignee.name !== entry.actor.split(':')[1])
    return `${ticket.assignee.name} (${entry.actor})`;
  return entry.actor;
}

function printTimeline(
  io: { stdout: NodeJS.WritableStream },
  ticket: Ticket,
  timeline: readonly TimelineEntry[],
  zone: string,
): void {
  io.stdout.write(`\ntimeline (${zone}):\n`);
  for (const entry of timeline) {
    io.stdout.write(
      `  ${readableTime(entry.at, zone)}  ${whoOf(entry, ticket)}  ${describeEntry(entry, zone)}\n`,
    );
  }
}

/**
 * Where a P1's incident channel opens is decided by the process that escalates it, from its
 * own settings: a shell without the server's would escalate without a channel, unnoticed.
 */
const NO_INCIDENT_PLATFORM = (id: string) =>
  `${id} is now P1, but no incident channel can be opened from here: this process has no ` +
  'SLACK_BOT_TOKEN, nor Teams credentials with TEAMS_INCIDENT_TEAM_ID or TEAMS_ESCALATION_CHANNEL, ' +
  'so the incident managers are told to assess it in the support channel. Run ticketbot with the ' +
  "server's settings (its .env in the working directory) to have incidents opened in a channel.";

async function runAction(
  context: AppContext,
  sub: ActionCommand,
  id: string,
  options: Options & { as?: string | undefined; json: boolean },
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const actor = actorOf(context, options.as);
  const ticket = await context.store.tickets.get(id);
  if (!ticket) throw new CliError(`no ticket ${id}`, 1);
  const zone = options.tz ?? zoneNameOf(context, ticket);
  if (!isKnownTimeZone(zone)) throw new CliError(`--tz: unknown time zone "${zone}"`);
  const action = actionOf(sub, options, context.clock.now(), zone);
  if (typeof action === 'string') throw new CliError(t('en', action as Parameters<typeof t>[1]));
  const outcome = await context.actions.perform(id, action, actor);
  if (!outcome.ok) {
    // Not visible to this user: the same answer as a ticket that does not exist.
    const roleHint =
      outcome.reason === 'action.notAllowed' && !actor.isAgent && !actor.isIncidentManager
        ? ` (${actor.id} is not an agent: add it to TICKETBOT_AGENTS, or act with --as <an agent's id>)`
        : '';
    throw new CliError(`${id}: ${t('en', outcome.reason)}${roleHint}`, 1);
  }
  if (options.json)
    io.stdout.write(`${JSON.stringify(ticketToJson(outcome.ticket, context.policies), null, 2)}\n`);
  else io.stdout.write(`${outcome.notice || `${id}: nothing changed (already done)`}\n`);
  if (
    ticket.priority !== 'P1' &&
    outcome.ticket.priority === 'P1' &&
    !incidentPlatforms(context.config).length
  )
    io.stderr.write(`ticketbot: warning: ${NO_INCIDENT_PLATFORM(id)}\n`);
  return 0;
}

/** `ticketbot tickets list|show|take|respond|...`: tickets in the store (CONTRACTS.md section 3) and agents' actions. */
export async function ticketsCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean', default: false },
      status: { type: 'string' },
      limit: { type: 'string' },
      as: { type: 'string' },
      text: { type: 'string' },
      expected: { type: 'string' },
      minutes: { type: 'string' },
      to: { type: 'string' },
      reason: { type: 'string' },
      tz: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (isTicketActionCommand(sub)) {
    const id = ticketIdOf(positionals, USAGE_LINE[sub]);
    const context = await createAppContext();
    try {
      return await runAction(context, sub, id, values, io);
    } finally {
      await context.store.close();
    }
  }
  if (sub !== 'list' && sub !== 'show')
    throw new CliError('usage: ticketbot tickets list [--json] | tickets show ID [--json]');
  if (values.status !== undefined && !(TICKET_STATUSES as readonly string[]).includes(values.status)) {
    throw new CliError(`unknown status "${values.status}" (expected ${TICKET_STATUSES.join(', ')})`);
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new CliError('--limit takes a whole number >= 1');
  let id: string | null = null;
  if (sub === 'show') {
    id = ticketIdOf(positionals, 'ticketbot tickets show ID [--json] [--as ID]');
  } else if (positionals.length) {
    throw new CliError(`unexpected argument "${positionals[0]}"`);
  }

  const context = await createAppContext();
  try {
    // --as: only what that user may see (agents and incident managers see every ticket).
    const viewer = values.as === undefined ? null : actorOf(context, values.as);
    const directory = context.tenants.directory;
    const visible = async (tickets: Ticket[]): Promise<Ticket[]> => {
      if (!viewer || viewer.isAgent || viewer.isIncidentManager) return tickets;
      // An end user's company is known from the tickets they reported themselves.
      const customers = await customersOfReporter(context.store.tickets, viewer.id);
      return tickets.filter((t) => canSee(t, { ...viewer, customers }, directory));
    };
    if (id) {
      const found = await context.store.tickets.get(id);
      const ticket = found && (await visible([found])).length ? found : null;
      if (!ticket) throw new CliError(`no ticket ${id}`, 1);
      const json = ticketToJson(ticket, context.policies);
      const timeline = await context.store.tickets.timeline(id);
      const zone = zoneNameOf(context, ticket);
      if (values.json) {
        const entries = timeline.map((e) => ({
          at: formatIsoInstant(e.at, zoneOffsets(zone)),
          actor: e.actor,
          type: e.type,
          data: e.data,
        }));
        io.stdout.write(`${JSON.stringify({ ...json, timeline: entries }, null, 2)}\n`);
      } else {
        for (const [key, value] of Object.entries(json)) {
          io.stdout.write(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
        }
        printTimeline(io, ticket, timeline, zone);
      }
      return 0;
    }
    const all = await context.store.tickets.list({
      ...(values.status ? { status: values.status as TicketStatus } : {}),
      ...(limit && !viewer ? { limit } : { limit: 10_000 }),
    });
    const shown = await visible(all);
    const tickets = limit ? shown.slice(0, limit) : shown;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify(
          tickets.map((t) => ticketToJson(t, context.policies)),
          null,
          2,
        )}\n`,
      );
    } else if (tickets.length === 0) {
      io.stdout.write('no tickets\n');
    } else {
      io.stdout.write(
        `${'ID'.padEnd(12)}${'PRI'.padEnd(5)}${'STATUS'.padEnd(14)}${'CREATED'.padEnd(31)}TITLE\n`,
      );
      for (const t of tickets) {
        const json = ticketToJson(t, context.policies);
        io.stdout.write(
          `${t.id.padEnd(12)}${t.priority.padEnd(5)}${t.status.padEnd(14)}${String(json.createdAt).padEnd(31)}${t.title}\n`,
        );
      }
    }
    return 0;
  } finally {
    await context.store.close();
  }
}
