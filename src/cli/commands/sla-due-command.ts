import { parseArgs } from 'node:util';
import { deadlinesFor } from '../../core/sla/deadlines.js';
import { formatIsoInstant, parseIsoInstant } from '../../core/sla/iso-instant.js';
import type { PolicyRegistry } from '../../core/sla/policy-registry.js';
import { isPriority } from '../../core/sla/priority.js';
import { answerLines } from '../../tools/line-streams.js';
import { CliError } from '../cli-error.js';

export const WAITING_FOR_LINES =
  'ticketbot sla due: reading JSON lines {"policy","priority","openedAt"} from stdin, one answer per line; ' +
  'Ctrl-D ends. For one ticket: --policy NAME --priority P1..P4 --opened ISO8601 (see --help).\n';

/** Computes one result line, or throws an Error whose message explains the input problem. */
export function dueLine(
  registry: PolicyRegistry,
  policyName: unknown,
  priorityText: unknown,
  opened: unknown,
): string {
  if (typeof policyName !== 'string' || !policyName) throw new Error('missing "policy"');
  const policy = registry.get(policyName);
  if (!policy) {
    const known = registry.list().map((p) => p.name);
    throw new Error(`unknown policy ${JSON.stringify(policyName)} (known: ${known.join(', ')})`);
  }
  // "p1" is as clear as "P1"; the answer always carries the canonical form.
  const priority = typeof priorityText === 'string' ? priorityText.trim().toUpperCase() : priorityText;
  if (!isPriority(priority))
    throw new Error(`unknown priority ${JSON.stringify(priorityText)} (expected P1, P2, P3 or P4)`);
  if (typeof opened !== 'string' || !opened) throw new Error('missing "openedAt"');
  const zone = policy.calendar.zone;
  const openedAt = parseIsoInstant(opened, zone);
  const due = deadlinesFor(policy, priority, openedAt);
  const response = due.response === null ? 'null' : `"${formatIsoInstant(due.response, zone)}"`;
  const resolution = due.resolution === null ? 'null' : `"${formatIsoInstant(due.resolution, zone)}"`;
  // Policy names are restricted to [A-Za-z0-9._-], so they need no JSON escaping.
  return `{"policy":"${policy.name}","priority":"${priority}","openedAt":"${formatIsoInstant(openedAt, zone)}","response":{"dueAt":${response}},"resolution":{"dueAt":${resolution}}}`;
}

function bulkLine(registry: PolicyRegistry, line: string): { text: string; ok: boolean } {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { text: JSON.stringify({ error: 'not valid JSON' }), ok: false };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      text: JSON.stringify({ error: 'expected an object {"policy","priority","openedAt"}' }),
      ok: false,
    };
  }
  const { policy, priority, openedAt } = input as Record<string, unknown>;
  try {
    return { text: dueLine(registry, policy, priority, openedAt), ok: true };
  } catch (err) {
    return { text: JSON.stringify({ error: (err as Error).message }), ok: false };
  }
}

/** Bulk mode: one JSON line in, one line out, in order, streaming; exit 1 if any line failed. */
async function runBulk(
  registry: PolicyRegistry,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  let failed = false;
  await answerLines(input, output, (line) => {
    const result = bulkLine(registry, line);
    if (!result.ok) failed = true;
    return result.text;
  });
  return failed ? 1 : 0;
}

export async function slaDueCommand(
  args: string[],
  registry: () => PolicyRegistry,
  io: {
    stdin: NodeJS.ReadableStream & { isTTY?: boolean };
    stdout: NodeJS.WritableStream;
    stderr?: NodeJS.WritableStream;
  },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      policy: { type: 'string' },
      priority: { type: 'string' },
      opened: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.opened === undefined) {
    if (values.policy !== undefined || values.priority !== undefined) {
      throw new CliError('missing --opened (or give no flags and stream JSON lines on stdin)');
    }
    // Typed into a terminal, a silent wait would look like a hang: say what it waits for.
    if (io.stdin.isTTY) io.stderr?.write(WAITING_FOR_LINES);
    return runBulk(registry(), io.stdin, io.stdout);
  }
  if (values.policy === undefined) throw new CliError('missing --policy NAME');
  if (values.priority === undefined) throw new CliError('missing --priority P1..P4');
  try {
    io.stdout.write(`${dueLine(registry(), values.policy, values.priority, values.opened)}\n`);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  return 0;
}
