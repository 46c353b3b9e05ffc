#!/usr/bin/env node
import { ConfigError } from '../config/config.js';
import { loadDotEnv } from '../config/env-file.js';
import { loadPolicyRegistry } from '../config/policy-file.js';
import { type PolicyRegistry, PolicyRegistryError } from '../core/sla/policy-registry.js';
import { CliError } from './cli-error.js';
import { chatCommand } from './commands/chat-command.js';
import { priorityCommand } from './commands/priority-command.js';
import { reportCommand } from './commands/report-command.js';
import { slaDueCommand } from './commands/sla-due-command.js';
import { slaPoliciesCommand } from './commands/sla-policies-command.js';
import { tenantsCommand } from './commands/tenants-command.js';
import { ticketsCommand } from './commands/tickets-command.js';

const USAGE = `usage: ticketbot <command>

  sla due --policy NAME --priority P1..P4 --opened ISO8601
                        due instants of one ticket (one JSON line)
  sla due               the same for JSON lines {"policy","priority","openedAt"} on stdin
  sla policies [--json] the SLA policies in force
  sla policies --check FILE
                        validate a policy file (exit 0 valid, 2 invalid)
  priority --impact organisation|department|multiple-users|single-user
           --urgency high|normal|low [--security] [--json]
                        the priority from the impact x urgency matrix
  chat [--lang en|nl] [--user NAME] [--tz ZONE]
                        report an issue in the terminal (guided intake)
  tickets list [--json] [--status S] [--limit N]
  tickets show ID [--json]
                        stored tickets
  tenants list [--json] the customers and partners of TENANTS_FILE
  tenants check FILE    validate a tenants file (exit 0 valid, 2 invalid)
  report --from YYYY-MM-DD --to YYYY-MM-DD [--policy NAME] [--format md|csv|json]
                        SLA performance per policy and priority
`;

function policies(): () => PolicyRegistry {
  let registry: PolicyRegistry | undefined;
  return () => {
    registry ??= loadPolicyRegistry(process.env.SLA_POLICIES_FILE || undefined);
    return registry;
  };
}

async function run(argv: string[]): Promise<number> {
  loadDotEnv();
  const [command, sub, ...rest] = argv;
  const io = { stdin: process.stdin, stdout: process.stdout };
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'sla' && sub === 'due') return slaDueCommand(rest, policies(), io);
  if (command === 'sla' && sub === 'policies') return slaPoliciesCommand(rest, policies(), io);
  if (command === 'priority') return priorityCommand(sub === undefined ? rest : [sub, ...rest], io);
  if (command === 'chat') return chatCommand(sub === undefined ? rest : [sub, ...rest], io);
  if (command === 'tickets') return ticketsCommand(sub === undefined ? rest : [sub, ...rest], io);
  if (command === 'tenants') return tenantsCommand(sub === undefined ? rest : [sub, ...rest], policies(), io);
  if (command === 'report') return reportCommand(sub === undefined ? rest : [sub, ...rest], io);
  throw new CliError(`unknown command "${argv.join(' ')}"; run "ticketbot --help"`);
}

// A reader that stops early (`ticketbot sla policies | head`) is no error: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

run(process.argv.slice(2)).then(
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
