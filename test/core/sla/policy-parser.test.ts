import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../../src/core/sla/policy-parser.js';
import { PolicyRegistry, PolicyRegistryError } from '../../../src/core/sla/policy-registry.js';
import { policyToJson } from '../../../src/core/sla/policy-serializer.js';

const calendar = {
  timeZone: 'Europe/Amsterdam',
  hours: { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']] },
  holidays: { country: 'NL', types: ['public'], extra: ['2026-12-24'], except: [] },
};
const good = {
  name: 'acme-gold',
  calendar,
  targets: {
    P1: { response: { within: 'PT5M', clock: '24x7' }, resolution: { within: 'PT4H', clock: '24x7' } },
    P2: { response: { within: 'PT0.555S' }, resolution: { within: 'PT8H' } },
    P4: { response: { within: 'PT48H' }, resolution: null },
  },
  goals: { response: 0.99, resolution: 0.9 },
};

const errorsOf = (policy: Record<string, unknown>) =>
  parsePolicyDocument({ policies: [policy] }, 'f.json').errors;

describe('policy file validation', () => {
  it('accepts the contract example, with null targets and sub-second durations', () => {
    const result = parsePolicyDocument({ policies: [good] }, 'f.json');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const p = result.policies[0]!;
    expect(p.targets.P2.response?.withinMs).toBe(555);
    expect(p.targets.P4.resolution).toBeNull();
    expect(p.targets.P3).toEqual({ response: null, resolution: null });
    expect(p.calendar.isHoliday('2026-12-24')).toBe(true);
  });

  it.each([
    [{ ...good, calendar: { ...calendar, timeZone: 'Mars/Olympus' } }, 'unknown time zone'],
    [
      { ...good, calendar: { ...calendar, hours: { mon: [['18:00', '08:00']] } } },
      'must end after it starts',
    ],
    [{ ...good, calendar: { ...calendar, hours: { mon: [['8:00', '18:00']] } } }, 'malformed interval'],
    [{ ...good, calendar: { ...calendar, hours: { mon: [['08:00', '25:00']] } } }, 'malformed interval'],
    [
      {
        ...good,
        calendar: {
          ...calendar,
          hours: {
            thu: [
              ['09:00', '12:00'],
              ['11:00', '13:00'],
            ],
          },
        },
      },
      'intervals overlap (09:00-12:00 and 11:00-13:00)',
    ],
    [{ ...good, calendar: { ...calendar, hours: { funday: [] } } }, 'unknown weekday'],
    [{ ...good, calendar: { ...calendar, holidays: { country: 'XX' } } }, 'unknown holiday country'],
    [
      { ...good, calendar: { ...calendar, holidays: { country: 'NL', extra: ['2026-02-30'] } } },
      'not a valid date',
    ],
    [{ ...good, targets: { P5: null } }, 'unknown priority key "P5"'],
    [{ ...good, targets: { P1: { response: { within: '-PT5M' }, resolution: null } } }, 'negative duration'],
    [
      { ...good, targets: { P1: { response: { within: 'P1D' }, resolution: null } } },
      'day, week, month or year',
    ],
    [
      { ...good, targets: { P1: { response: { within: '5 minutes' }, resolution: null } } },
      'malformed duration',
    ],
    [{ ...good, targets: { P1: { response: { within: 'PT' }, resolution: null } } }, 'malformed duration'],
    [
      { ...good, targets: { P1: { response: { within: 'PT5M', clock: 'wall' } } } },
      'must be "business" or "24x7"',
    ],
    [{ ...good, goals: { response: 99 } }, 'between 0 and 1'],
    [{ ...good, name: 'has spaces' }, 'name'],
  ])('refuses %#: %s', (policy, message) => {
    const errors = errorsOf(policy as Record<string, unknown>);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(message);
  });

  it('refuses a document that is not { policies: [...] } and duplicate names', () => {
    expect(parsePolicyDocument([], 'f').errors[0]).toContain('{ "policies"');
    expect(parsePolicyDocument({ policies: [good, good] }, 'f').errors.join()).toContain(
      'duplicate policy name',
    );
  });

  it('warns about a response target longer than the resolution target and about a closed calendar', () => {
    const result = parsePolicyDocument(
      {
        policies: [
          { ...good, targets: { P4: { response: { within: 'PT48H' }, resolution: { within: 'PT40H' } } } },
          { ...good, name: 'closed', calendar: { timeZone: 'UTC', hours: {} } },
        ],
      },
      'f',
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings.join('\n')).toContain('policies[0].targets.P4: response target (PT48H) is longer');
    expect(result.warnings.join('\n')).toContain(
      'policies[1].targets.P2: a business-time target on a calendar with no opening hours',
    );
  });

  it('warns about the seed P4 inconsistency in the presets, and replacing a preset is a warning', () => {
    const registry = PolicyRegistry.create({
      document: { policies: [{ ...good, name: 'workspace365-basic' }] },
      source: 'ops.json',
    });
    expect(registry.warnings).toContain(
      'ops.json: policy "workspace365-basic" replaces the preset of that name',
    );
    expect(registry.get('workspace365-basic')?.source).toBe('ops.json');
    expect(registry.list().map((p) => p.name)).toEqual([
      'workspace365-basic',
      'workspace365-extended',
      'workspace365-partner',
      'spinpanel',
      'seed-003',
    ]);
  });

  it('throws every problem at once for an invalid operator document', () => {
    expect(() =>
      PolicyRegistry.create({ document: { policies: [{ name: 'x' }] }, source: 'bad.json' }),
    ).toThrow(PolicyRegistryError);
  });

  it('round-trips presets through the JSON shape', () => {
    const registry = PolicyRegistry.create();
    const json = { policies: registry.list().map(policyToJson) };
    const again = parsePolicyDocument(JSON.parse(JSON.stringify(json)), 'round-trip');
    expect(again.errors).toEqual([]);
    expect(again.policies.map(policyToJson).map(({ source: _s, ...rest }) => rest)).toEqual(
      json.policies.map(({ source: _s, ...rest }) => rest),
    );
  });
});
