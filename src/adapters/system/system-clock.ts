import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../../ports/clock.js';

export const systemClock: Clock = { now: () => Date.now() };

export const randomIds: IdGenerator = { next: () => randomUUID() };

/**
 * The system clock shifted by `offsetMs` (TICKETBOT_CLOCK_OFFSET_MS): a test and drill
 * knob that makes one replica's clock minutes off, to show that leases and timers run on
 * the store's time. Unset or empty: the system clock itself.
 */
export function offsetClock(offsetMs: string | undefined): Clock {
  if (offsetMs === undefined || offsetMs.trim() === '') return systemClock;
  const offset = Number(offsetMs);
  if (!Number.isSafeInteger(offset))
    throw new Error(`TICKETBOT_CLOCK_OFFSET_MS must be a whole number of milliseconds, not "${offsetMs}"`);
  return { now: () => Date.now() + offset };
}
