#!/usr/bin/env node
import { ConfigError } from '../config/config.js';
import { loadDotEnv } from '../config/env-file.js';
import { loadPolicyRegistry } from '../config/policy-file.js';
import { type PolicyRegistry, PolicyRegistryError } from '../core/sla/policy-registry.js';
import { StoreUnavailableError } from '../startup/mongo-start-error.js';
import { CliError } from './cli-error.js';
import { routeCommand } from './command-route.js';
import { chatCommand } from './commands/chat-command.js';
import { incidentsCommand } from './commands/incidents-command.js';
import { outboxCommand } from './commands/outbox-command.js';
import { priorityCommand } from './commands/priority-command.js';
import { reportCommand } from './commands/report-command.js';
import { slaDueCommand } from './commands/sla-due-command.js';
import { slaPoliciesCommand } from './commands/sla-policies-command.js';
import { tenantsCommand } from './commands/tenants-command.js';
import { isTicketActionCommand, ticketsCommand } from './commands/tickets-command.js';
import { type CommandPath, USAGE } from './usage.js';

type Io = {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
};

function policies(): () => PolicyRegistry {
  let registry: PolicyRegistry | undefined;
  return () => {
    registry ??= loadPolicyRegistry(process.env.SLA_POLICIES_FILE || undefined);
    return registry;
  };
}

function runRoute(path: CommandPath, args: string[], io: Io): Promise<number> | number {
  switch (path) {
    case 'sla due':
      return slaDueCommand(args, policies(), io);
    case 'sla policies':
      return slaPoliciesCommand(args, policies(), io);
    case 'priority':
      return priorityCommand(args, io);
    case 'chat':
      return chatCommand(args, io);
    case 'tickets list':
      return ticketsCommand(['list', ...args], io);
    case 'tickets show':
      return ticketsCommand(['show', ...args], io);
    case 'tenants list':
      return tenantsCommand(['list', ...args], policies(), io);
    case 'tenants check':
      return tenantsCommand(['check', ...args], policies(), io);
    case 'report':
      return reportCommand(args, io);
    case 'outbox dead':
      return outboxCommand(['dead', ...args], io);
    case 'outbox retry':
      return outboxCommand(['retry', ...args], io);
    case 'outbox drop':
      return outboxCommand(['drop', ...args], io);
    case 'incidents list':
      return incidentsCommand(['list', ...args], io);
    case 'incidents show':
      return incidentsCommand(['show', ...args], io);
    case 'incidents rca':
      return incidentsCommand(['rca', ...args], io);
    case 'tickets':
      // The agents' actions (take, respond, ask, note, log, ...) share the group's help.
      if (isTicketActionCommand(args[0])) return ticketsCommand(args, io);
      if (args[0] === undefined || args[0].startsWith('-')) {
        io.stderr.write(USAGE[path]);
        return 2;
      }
      throw new CliError(`unknown command "${path} ${args[0]}"; run "ticketbot ${path} --help"`);
    case 'sla':
    case 'tenants':
    case 'outbox':
    case 'incidents':
      // A group without a subcommand explains itself; an unknown subcommand is an error.
      if (args[0] === undefined || args[0].startsWith('-')) {
        io.stderr.write(USAGE[path]);
        return 2;
      }
      throw new CliError(`unknown command "${path} ${args[0]}"; run "ticketbot ${path} --help"`);
    case '':
      throw new CliError(`unknown command "${args[0]}"; run "ticketbot --help"`);
  }
}

/** parseArgs' "Unknown option" message plus where to look, in one line. */
function optionProblem(err: unknown, path: CommandPath): CliError | null {
  if (!(err instanceof TypeError) || !(err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    return null;
  }
  const first = err.message.split('. ')[0];
  return new CliError(`${first}; run "ticketbot ${path} --help" for the options`);
}

async function run(argv: string[], io: Io): Promise<number> {
  if (argv.length === 0) {
    io.stderr.write(USAGE['']);
    return 2;
  }
  const { path, args, help } = routeCommand(argv);
  if (help) {
    const unknown = path === '' && args.find((a) => !a.startsWith('-'));
    if (unknown) throw new CliError(`unknown command "${unknown}"; run "ticketbot --help"`);
    io.stdout.write(USAGE[path]);
    return 0;
  }
  loadDotEnv();
  try {
    return await runRoute(path, args, io);
  } catch (err) {
    throw optionProblem(err, path) ?? err;
  }
}

// A reader that stops early (`ticketbot sla policies | head`) is no error: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`ticketbot: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else if (err instanceof ConfigError) {
      process.stderr.write(`ticketbot: configuration: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof StoreUnavailableError) {
      // The store's server is down or refused us: one line, as when the server starts.
      process.stderr.write(`ticketbot: ${err.message}\n`);
      process.exitCode = 1;
    } else if (err instanceof PolicyRegistryError) {
      process.stderr.write(`ticketbot: ${err.problems.join('; ')}\n`);
      process.exitCode = 2;
    } else if (
      err instanceof TypeError &&
      (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`ticketbot: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(
        `ticketbot: unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`,
      );
      process.exitCode = 70;
    }
  },
);
