import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TenantDirectory } from '../../../src/core/tenants/tenants.js';
import { parseTenantsDocument } from '../../../src/core/tenants/tenants-parser.js';
import { presets } from '../../helpers/policies.js';

export const TENANT_FIXTURES = resolve('test/fixtures/tenants');

export function tenantsFixture(name: string): unknown {
  return JSON.parse(readFileSync(resolve(TENANT_FIXTURES, name), 'utf8'));
}

export const isKnownPolicy = (name: string) => presets.get(name) !== undefined;

/** The valid fixture as a directory, failing the test on any error. */
export function validDirectory(): TenantDirectory {
  const result = parseTenantsDocument(tenantsFixture('valid.json'), { isKnownPolicy });
  if (result.errors.length) throw new Error(result.errors.join('\n'));
  return result.directory;
}
