import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESET_POLICY_DOCUMENT } from '../../src/core/sla/presets.js';
import { runCli } from '../helpers/run-cli.js';

const VALID = resolve('test/fixtures/tenants/valid.json');
const INVALID = resolve('test/fixtures/tenants/invalid.json');

describe('ticketbot tenants', () => {
  it('check: exit 0 for a valid file', async () => {
    const r = await runCli(['tenants', 'check', VALID]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid, 1 partner(s), 3 customer(s), 0 warning(s)');
  });

  it('check: exit 2 with every problem and its path for an invalid file', async () => {
    const r = await runCli(['tenants', 'check', INVALID]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error: partners[0].policy: unknown policy "gold-plus"');
    expect(r.stdout).toContain('error: customers[0].timeZone: unknown time zone "Europe/Amsterdm"');
    expect(r.stdout).toContain('warning: customers[2].polcy: unknown key "polcy" is ignored');
    expect(r.stdout).toMatch(/invalid \(12 error\(s\), 1 warning\(s\)\)/);
  });

  it('check: an unreadable file is an error, exit 2', async () => {
    const r = await runCli(['tenants', 'check', resolve('test/fixtures/tenants/missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error: $: cannot read the file (ENOENT)');
  });

  it('check: a policy from SLA_POLICIES_FILE counts as known', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticketbot-tenants-'));
    const policies = join(dir, 'policies.json');
    const gold = { ...PRESET_POLICY_DOCUMENT.policies[0], name: 'acme-gold' };
    writeFileSync(policies, JSON.stringify({ policies: [gold] }));
    const tenants = join(dir, 'tenants.json');
    writeFileSync(
      tenants,
      JSON.stringify({ customers: [{ id: 'acme', company: 'Acme', policy: 'acme-gold' }] }),
    );
    expect((await runCli(['tenants', 'check', tenants])).code).toBe(2);
    const r = await runCli(['tenants', 'check', tenants], { env: { SLA_POLICIES_FILE: policies } });
    expect(r.stdout).toContain('valid, 0 partner(s), 1 customer(s)');
    expect(r.code).toBe(0);
  });

  it('list: the customers with their effective policy, as JSON too', async () => {
    const table = await runCli(['tenants', 'list'], { env: { TENANTS_FILE: VALID } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/globex\s+Globex NV\s+workspace365-partner\s+reseller-x/);
    expect(table.stdout).toMatch(/initech\s+Initech\s+workspace365-basic \(default\)\s+-\s+https/);
    const json = await runCli(['tenants', 'list', '--json'], { env: { TENANTS_FILE: VALID } });
    const parsed = JSON.parse(json.stdout);
    expect(
      parsed.customers.map((c: { id: string; effectivePolicy: string | null }) => [c.id, c.effectivePolicy]),
    ).toEqual([
      ['acme', 'workspace365-extended'],
      ['globex', 'workspace365-partner'],
      ['initech', null],
    ]);
  });

  it('list: refuses an invalid TENANTS_FILE with exit 2', async () => {
    const r = await runCli(['tenants', 'list'], { env: { TENANTS_FILE: INVALID } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('partners[1].id: duplicate partner id "reseller-x"');
  });
});
