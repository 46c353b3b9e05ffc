import { describe, expect, it } from 'vitest';
import {
  IMPACT_DEFINITIONS,
  PRIORITY_EXAMPLES,
  URGENCY_DEFINITIONS,
} from '../../../src/core/priority/priority-definitions.js';
import {
  decidePriority,
  IMPACTS,
  parseImpact,
  parseUrgency,
  priorityFor,
  URGENCIES,
} from '../../../src/core/priority/priority-matrix.js';

describe('priority matrix (seed 000)', () => {
  it.each([
    ['organisation', 'P1', 'P2', 'P3'],
    ['department', 'P2', 'P3', 'P4'],
    ['multiple-users', 'P2', 'P3', 'P4'],
    ['single-user', 'P3', 'P4', 'P4'],
  ] as const)('%s: high %s, normal %s, low %s', (impact, high, normal, low) => {
    expect([priorityFor(impact, 'high'), priorityFor(impact, 'normal'), priorityFor(impact, 'low')]).toEqual([
      high,
      normal,
      low,
    ]);
  });

  it('explains the decision and makes a security incident P1', () => {
    expect(decidePriority('organisation', 'high')).toEqual({
      priority: 'P1',
      impact: 'organisation',
      urgency: 'high',
      reason: 'organisation x high',
    });
    const security = decidePriority('single-user', 'low', true);
    expect(security.priority).toBe('P1');
    expect(security.reason).toContain('security incident');
  });

  it('reads common spellings', () => {
    expect(parseImpact('Organization')).toBe('organisation');
    expect(parseImpact('multiple users')).toBe('multiple-users');
    expect(parseImpact('single_user')).toBe('single-user');
    expect(parseImpact('everyone')).toBeNull();
    expect(parseUrgency(' HIGH ')).toBe('high');
    expect(parseUrgency('urgent')).toBeNull();
  });

  it('has definitions and seed 003 examples in English and Dutch', () => {
    for (const i of IMPACTS) expect(IMPACT_DEFINITIONS[i].label.nl.length).toBeGreaterThan(0);
    for (const u of URGENCIES) expect(URGENCY_DEFINITIONS[u].help.nl.length).toBeGreaterThan(10);
    expect(PRIORITY_EXAMPLES.P1.examples.map((e) => e.en)).toContain(
      'Security incident or suspected active compromise',
    );
  });
});
