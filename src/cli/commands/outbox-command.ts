import { parseArgs } from 'node:util';
import { createAppContext } from '../../wiring/app-context.js';
import { CliError } from '../cli-error.js';

const USAGE = 'usage: ticketbot outbox dead [--json] | outbox retry KEY | outbox drop KEY';

/**
 * `ticketbot outbox dead|retry|drop`: the operator's view of messages that could not be
 * delivered (dead letters keep /readyz at 503 until each is retried or dropped).
 */
export async function outboxCommand(args: string[], io: { stdout: NodeJS.WritableStream }): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (sub !== 'dead' && sub !== 'retry' && sub !== 'drop') throw new CliError(USAGE);
  if (sub === 'dead' ? positionals.length !== 0 : positionals.length !== 1) throw new CliError(USAGE);
  const context = await createAppContext();
  try {
    const { outbox } = context.store;
    if (sub === 'dead') {
      const dead = await outbox.deadLetters(1000);
      if (values.json) {
        io.stdout.write(`${JSON.stringify(dead, null, 2)}\n`);
      } else if (dead.length === 0) {
        io.stdout.write('no dead letters\n');
      } else {
        for (const entry of dead) {
          const to =
            'to' in entry.message
              ? `${entry.message.to.platform} ${entry.message.to.kind} ${entry.message.to.id}`
              : '';
          io.stdout.write(
            `${entry.key}\t${entry.message.kind}\t${to}\t${entry.attempts} attempts\t${entry.lastError ?? ''}\n`,
          );
        }
      }
      return 0;
    }
    const key = positionals[0]!;
    const done = sub === 'retry' ? await outbox.requeue(key, context.clock.now()) : await outbox.discard(key);
    if (!done) throw new CliError(`no dead letter "${key}" (see "ticketbot outbox dead")`);
    io.stdout.write(sub === 'retry' ? `queued again: ${key}\n` : `dropped: ${key}\n`);
    return 0;
  } finally {
    await context.store.close();
  }
}
