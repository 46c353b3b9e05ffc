import { parseArgs } from 'node:util';
import {
  decidePriority,
  IMPACTS,
  parseImpact,
  parseUrgency,
  URGENCIES,
} from '../../core/priority/priority-matrix.js';
import { CliError } from '../cli-error.js';

export function priorityCommand(args: string[], io: { stdout: NodeJS.WritableStream }): number {
  const { values } = parseArgs({
    args,
    options: {
      impact: { type: 'string' },
      urgency: { type: 'string' },
      security: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.impact === undefined) throw new CliError(`missing --impact (${IMPACTS.join('|')})`);
  if (values.urgency === undefined) throw new CliError(`missing --urgency (${URGENCIES.join('|')})`);
  const impact = parseImpact(values.impact);
  if (!impact) throw new CliError(`unknown impact "${values.impact}" (expected ${IMPACTS.join('|')})`);
  const urgency = parseUrgency(values.urgency);
  if (!urgency) throw new CliError(`unknown urgency "${values.urgency}" (expected ${URGENCIES.join('|')})`);
  const decision = decidePriority(impact, urgency, values.security);
  io.stdout.write(values.json ? `${JSON.stringify(decision)}\n` : `${decision.priority}\n`);
  return 0;
}
