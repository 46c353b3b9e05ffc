import { parseArgs } from 'node:util';
import { ticketToJson } from '../../app/ticket-json.js';
import { normaliseTicketId, TICKET_STATUSES, type TicketStatus } from '../../core/tickets/ticket.js';
import { createAppContext } from '../../wiring/app-context.js';
import { CliError } from '../cli-error.js';

/** `ticketbot tickets list|show`: read tickets from the store (CONTRACTS.md section 3). */
export async function ticketsCommand(args: string[], io: { stdout: NodeJS.WritableStream }): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean', default: false },
      status: { type: 'string' },
      limit: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
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
    if (positionals.length !== 1) throw new CliError('usage: ticketbot tickets show ID [--json]');
    id = normaliseTicketId(positionals[0]!);
    if (!id) throw new CliError(`"${positionals[0]}" is not a ticket id (expected TCK-000042)`);
  } else if (positionals.length) {
    throw new CliError(`unexpected argument "${positionals[0]}"`);
  }

  const context = await createAppContext();
  try {
    if (id) {
      const ticket = await context.store.tickets.get(id);
      if (!ticket) throw new CliError(`no ticket ${id}`, 1);
      const json = ticketToJson(ticket, context.policies);
      if (values.json) io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      else {
        for (const [key, value] of Object.entries(json)) {
          io.stdout.write(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
        }
      }
      return 0;
    }
    const tickets = await context.store.tickets.list({
      ...(values.status ? { status: values.status as TicketStatus } : {}),
      ...(limit ? { limit } : {}),
    });
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
