import type { BusinessCalendar } from './business-calendar.js';
import type { SlaTarget } from './sla-policy.js';

/** A stretch of time in which the clock did not run (waiting on the requester). */
export interface PauseSpan {
  readonly from: number;
  /** null while the pause is still going on. */
  readonly to: number | null;
}

/** Everything needed to evaluate one SLA target of one ticket. */
export interface ClockInput {
  readonly target: SlaTarget;
  readonly calendar: BusinessCalendar;
  readonly startedAt: number;
  readonly pauses?: readonly PauseSpan[];
  /** Set when the target no longer applies (a P1 that needs a hotfix). */
  readonly suspendedAt?: number | null;
}

export type ClockState = 'running' | 'paused' | 'suspended' | 'breached' | 'never';

export interface ClockReading {
  readonly dueAt: number | null;
  /** Counted time (business or 24x7) used so far, pauses excluded. */
  readonly elapsedMs: number;
  /** Counted time left before the target; negative once breached. */
  readonly remainingMs: number;
  readonly fractionUsed: number;
  readonly state: ClockState;
  /** Total counted time spent paused. */
  readonly pausedMs: number;
}

export const THRESHOLDS = [0.5, 0.75, 0.9, 1] as const;

function addCounted(input: ClockInput, from: number, ms: number): number | null {
  return input.target.clock === '24x7' ? from + ms : input.calendar.addBusinessTime(from, ms);
}

function countedBetween(input: ClockInput, from: number, to: number): number {
  if (to <= from) return 0;
  return input.target.clock === '24x7' ? to - from : input.calendar.businessTimeBetween(from, to);
}

function sortedPauses(input: ClockInput): PauseSpan[] {
  return [...(input.pauses ?? [])]
    .filter((p) => p.to === null || p.to > p.from)
    .sort((a, b) => a.from - b.from);
}

/**
 * The instant at which `amountMs` of counted time has run since the start, skipping
 * pauses. null when the clock is paused before then, or the calendar never opens.
 */
export function instantWhenUsed(input: ClockInput, amountMs: number): number | null {
  let cursor = input.startedAt;
  let remaining = amountMs;
  for (const pause of sortedPauses(input)) {
    if (pause.from >= cursor) {
      const before = countedBetween(input, cursor, pause.from);
      if (before >= remaining) return addCounted(input, cursor, remaining);
      remaining -= before;
    }
    if (pause.to === null) return null;
    cursor = Math.max(cursor, pause.to);
  }
  return addCounted(input, cursor, remaining);
}

/** Counted time used in [startedAt, at), pauses excluded. */
export function usedAt(input: ClockInput, at: number): number {
  const end = input.suspendedAt != null ? Math.min(at, input.suspendedAt) : at;
  let used = countedBetween(input, input.startedAt, end);
  for (const pause of sortedPauses(input)) {
    const from = Math.max(pause.from, input.startedAt);
    const to = Math.min(pause.to ?? end, end);
    used -= countedBetween(input, from, to);
  }
  return Math.max(0, used);
}

function pausedTotal(input: ClockInput, at: number): number {
  let total = 0;
  for (const pause of sortedPauses(input)) {
    total += countedBetween(input, Math.max(pause.from, input.startedAt), Math.min(pause.to ?? at, at));
  }
  return total;
}

/** Reads the clock at an instant: due time, time used and left, and its state. */
export function readClock(input: ClockInput, at: number): ClockReading {
  const withinMs = input.target.withinMs;
  const elapsedMs = usedAt(input, at);
  const pausedMs = pausedTotal(input, at);
  const fractionUsed = withinMs > 0 ? elapsedMs / withinMs : 1;
  if (input.suspendedAt != null && input.suspendedAt <= at) {
    return {
      dueAt: null,
      elapsedMs,
      remainingMs: withinMs - elapsedMs,
      fractionUsed,
      state: 'suspended',
      pausedMs,
    };
  }
  const pauses = sortedPauses(input);
  const pausedNow = pauses.some((p) => p.from <= at && (p.to === null || p.to > at));
  const dueAt = instantWhenUsed(input, withinMs);
  const remainingMs = withinMs - elapsedMs;
  let state: ClockState = 'running';
  if (dueAt !== null && dueAt <= at) state = 'breached';
  else if (pausedNow) state = 'paused';
  else if (dueAt === null) state = 'never';
  return { dueAt, elapsedMs, remainingMs, fractionUsed, state, pausedMs };
}

/** The instants at which 50%, 75%, 90% and 100% of the target is used. */
export function thresholdInstants(input: ClockInput): Array<{ fraction: number; at: number | null }> {
  if (input.suspendedAt != null) return THRESHOLDS.map((fraction) => ({ fraction, at: null }));
  return THRESHOLDS.map((fraction) => ({
    fraction,
    at: instantWhenUsed(input, Math.round(input.target.withinMs * fraction)),
  }));
}
