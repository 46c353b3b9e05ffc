import { parseArgs } from 'node:util';
import type { OutboxRepository } from '../../ports/outbox.js';
import { createAppContext } from '../../wiring/app-context.js';
import { CliError } from '../cli-error.js';

const USAGE = 'usage: ticketbot outbox dead [--json] | outbox retry KEY|--all | outbox drop KEY|--all';
/** Dead letters read per round of `--all`. */
const PAGE = 500;

/**
 * `ticketbot outbox dead|retry|drop`: the operator's view of messages that could not be
 * delivered (dead letters keep /readyz at 503 until each is retried or dropped).
 */
export async function outboxCommand(args: string[], io: { stdout: NodeJS.WritableStream }): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (sub !== 'dead' && sub !== 'retry' && sub !== 'drop') throw new CliError(USAGE);
  // retry and drop take one KEY or --all, never both; dead takes neither.
  const wanted = sub === 'dead' ? 0 : values.all ? 0 : 1;
  if (positionals.length !== wanted || (sub === 'dead' && values.all)) throw new CliError(USAGE);
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
    if (values.all) {
      const count = await handleAll(outbox, sub, context.clock.now());
      io.stdout.write(
        `${sub === 'retry' ? 'queued again' : 'dropped'}: ${count} dead letter${count === 1 ? '' : 's'}\n`,
      );
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

/**
 * Every dead letter there is now, retried or dropped one by one (as with KEY). Each key is
 * handled once: a message a running server dead-letters again meanwhile is left for the
 * operator to see, not queued in a loop.
 */
async function handleAll(outbox: OutboxRepository, sub: 'retry' | 'drop', now: number): Promise<number> {
  const seen = new Set<string>();
  let count = 0;
  for (;;) {
    const fresh = (await outbox.deadLetters(PAGE)).filter((entry) => !seen.has(entry.key));
    if (fresh.length === 0) return count;
    for (const { key } of fresh) {
      seen.add(key);
      if (sub === 'retry' ? await outbox.requeue(key, now) : await outbox.discard(key)) count++;
    }
  }
}
