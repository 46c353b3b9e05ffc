import { parseArgs } from 'node:util';
import { reportToCsv } from '../../core/reports/report-csv.js';
import { reportToMarkdown } from '../../core/reports/report-markdown.js';
import { isReportDate } from '../../core/reports/report-period.js';
import { buildSlaReport } from '../../core/reports/sla-report.js';
import { createAppContext } from '../../wiring/app-context.js';
import { CliError } from '../cli-error.js';

const USAGE =
  'usage: ticketbot report --from YYYY-MM-DD --to YYYY-MM-DD [--policy NAME] [--format md|csv|json]';
const FORMATS = ['md', 'csv', 'json'] as const;
/** The most tickets a store hands out in one list; a report over more would be incomplete. */
const STORE_LIST_LIMIT = 10_000;

function requireDate(value: string | undefined, flag: string): string {
  if (value === undefined) throw new CliError(`${flag} is required; ${USAGE}`);
  if (!isReportDate(value)) throw new CliError(`${flag}: "${value}" is not a date YYYY-MM-DD`);
  return value;
}

/** `ticketbot report`: SLA performance per policy and priority (CONTRACTS.md section 9). */
export async function reportCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr?: NodeJS.WritableStream },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      policy: { type: 'string' },
      format: { type: 'string', default: 'md' },
    },
    strict: true,
    allowPositionals: false,
  });
  const from = requireDate(values.from, '--from');
  const to = requireDate(values.to, '--to');
  if (from > to) throw new CliError(`--from ${from} is after --to ${to}`);
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliError(`--format: "${values.format}" must be md, csv or json`);

  const context = await createAppContext();
  try {
    const policy = values.policy ?? null;
    if (policy !== null && !context.policies.get(policy)) {
      const known = context.policies.list().map((p) => p.name);
      throw new CliError(`unknown policy "${policy}" (known: ${known.join(', ')})`);
    }
    const tickets = await context.store.tickets.list({ limit: STORE_LIST_LIMIT });
    if (tickets.length >= STORE_LIST_LIMIT) {
      (io.stderr ?? process.stderr).write(
        `ticketbot: warning: only the newest ${STORE_LIST_LIMIT} tickets were read; older ones are missing\n`,
      );
    }
    const report = buildSlaReport({ tickets, policies: context.policies, from, to, policy, now: Date.now() });
    if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'csv') io.stdout.write(reportToCsv(report));
    else io.stdout.write(reportToMarkdown(report));
    return 0;
  } finally {
    await context.store.close();
  }
}
