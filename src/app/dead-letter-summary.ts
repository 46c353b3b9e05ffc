import type { OutboxRepository } from '../ports/outbox.js';
import { destinationOf } from './outbox-destination.js';

/** How many of the oldest dead letters /readyz names. */
export const NAMED_DEAD_LETTERS = 3;

export interface NamedDeadLetter {
  readonly key: string;
  readonly kind: string;
  readonly to: string;
  readonly attempts: number;
  readonly error: string | null;
}

export interface DeadLetterSummary {
  readonly count: number;
  readonly oldest: readonly NamedDeadLetter[];
  /** One line for /readyz: the count, the oldest ones, and what the operator can do. */
  readonly text: string;
}

/**
 * The dead letters as an operator needs them to act: how many, which (the oldest first,
 * with where they were going and why they failed), and the commands that handle them.
 * Null when there are none.
 */
export async function deadLetterSummary(
  outbox: OutboxRepository,
  now: number,
): Promise<DeadLetterSummary | null> {
  const { dead } = await outbox.stats(now);
  if (dead === 0) return null;
  const oldest = (await outbox.deadLetters(NAMED_DEAD_LETTERS)).map((entry) => ({
    key: entry.key,
    kind: entry.message.kind,
    to: destinationOf(entry.message),
    attempts: entry.attempts,
    error: entry.lastError,
  }));
  const named = oldest
    .map((d) => `${d.key} (${d.kind} to ${d.to}: ${d.error ?? 'unknown error'})`)
    .join('; ');
  const which = oldest.length === 0 ? '' : oldest.length < dead ? `: the oldest: ${named}` : `: ${named}`;
  const text =
    `${dead} message(s) could not be delivered (dead letters)${which}. ` +
    'See "ticketbot outbox dead", then "ticketbot outbox retry KEY|--all" or "ticketbot outbox drop KEY"';
  return { count: dead, oldest, text };
}
