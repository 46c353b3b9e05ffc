import { DateTime } from 'luxon';
import { parsePolicyDocument } from '../../src/core/sla/policy-parser.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import type { SlaPolicy } from '../../src/core/sla/sla-policy.js';

export const presets = PolicyRegistry.create();

export function preset(name: string): SlaPolicy {
  const policy = presets.get(name);
  if (!policy) throw new Error(`no preset ${name}`);
  return policy;
}

/** Builds one policy from a file-shaped definition, failing the test on any error. */
export function policyFrom(definition: Record<string, unknown>): SlaPolicy {
  const result = parsePolicyDocument({ policies: [definition] }, 'test');
  if (result.errors.length) throw new Error(result.errors.join('\n'));
  return result.policies[0]!;
}

export const AMS = 'Europe/Amsterdam';

/** An Amsterdam wall-clock time ("2026-05-22T16:00") as epoch ms. */
export function ams(local: string): number {
  const dt = DateTime.fromISO(local, { zone: AMS });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toMillis();
}

/** Epoch ms as Amsterdam ISO with offset, for readable assertions. */
export function iso(ms: number | null, zone = AMS): string | null {
  return ms === null ? null : DateTime.fromMillis(ms, { zone }).toISO();
}
