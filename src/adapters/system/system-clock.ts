import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../../ports/clock.js';

export const systemClock: Clock = { now: () => Date.now() };

export const randomIds: IdGenerator = { next: () => randomUUID() };
