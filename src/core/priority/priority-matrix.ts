import type { Priority } from '../sla/priority.js';

export const IMPACTS = ['organisation', 'department', 'multiple-users', 'single-user'] as const;
export type Impact = (typeof IMPACTS)[number];

export const URGENCIES = ['high', 'normal', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

// Seed 000 / 002: priority = impact x urgency.
const MATRIX: Readonly<Record<Impact, Readonly<Record<Urgency, Priority>>>> = {
  organisation: { high: 'P1', normal: 'P2', low: 'P3' },
  department: { high: 'P2', normal: 'P3', low: 'P4' },
  'multiple-users': { high: 'P2', normal: 'P3', low: 'P4' },
  'single-user': { high: 'P3', normal: 'P4', low: 'P4' },
};

export interface PriorityDecision {
  readonly priority: Priority;
  readonly impact: Impact;
  readonly urgency: Urgency;
  /** "organisation x high", or why the matrix was overridden. */
  readonly reason: string;
}

export function priorityFor(impact: Impact, urgency: Urgency): Priority {
  return MATRIX[impact][urgency];
}

/**
 * The priority of a report. A security incident or suspected compromise is P1
 * whatever the matrix says (seed 003).
 */
export function decidePriority(impact: Impact, urgency: Urgency, security = false): PriorityDecision {
  const matrix = priorityFor(impact, urgency);
  if (security && matrix !== 'P1') {
    return {
      priority: 'P1',
      impact,
      urgency,
      reason: `security incident (matrix: ${impact} x ${urgency} = ${matrix})`,
    };
  }
  return { priority: matrix, impact, urgency, reason: `${impact} x ${urgency}` };
}

const IMPACT_ALIASES: Readonly<Record<string, Impact>> = {
  organisation: 'organisation',
  organization: 'organisation',
  department: 'department',
  'multiple-users': 'multiple-users',
  multiple: 'multiple-users',
  'single-user': 'single-user',
  single: 'single-user',
};

/** Accepts "organization", "Multiple users", "multiple_users" and the like. */
export function parseImpact(text: string): Impact | null {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return IMPACT_ALIASES[key] ?? null;
}

export function parseUrgency(text: string): Urgency | null {
  const key = text.trim().toLowerCase();
  return (URGENCIES as readonly string[]).includes(key) ? (key as Urgency) : null;
}
