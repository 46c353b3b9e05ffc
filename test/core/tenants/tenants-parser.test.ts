import { describe, expect, it } from 'vitest';
import { parseTenantsDocument } from '../../../src/core/tenants/tenants-parser.js';
import { isKnownPolicy, tenantsFixture, validDirectory } from './tenants-fixture.js';

describe('parseTenantsDocument', () => {
  it('reads the contract example with its partner and customers', () => {
    const result = parseTenantsDocument(tenantsFixture('valid.json'), { isKnownPolicy });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const directory = validDirectory();
    expect(directory.partners).toEqual([
      {
        id: 'reseller-x',
        name: 'Reseller X',
        policy: 'workspace365-partner',
        contacts: ['slack:U0PARTNER1', 'teams:00000000-0000-4000-8000-0000000000a1'],
        users: 4200,
        referencePattern: '^RX-[0-9]+$',
      },
    ]);
    expect(directory.customers.map((c) => c.id)).toEqual(['acme', 'globex', 'initech']);
    expect(directory.customers[0]).toMatchObject({
      company: 'Acme BV',
      aliases: ['Acme', 'Acme B.V.'],
      policy: 'workspace365-extended',
      timeZone: 'Europe/Amsterdam',
      language: 'nl',
      slackTeamIds: ['T0ACME'],
      teamsTenantIds: ['tenant-guid'],
      partner: null,
    });
    expect(directory.customers[1]).toMatchObject({ policy: null, partner: 'reseller-x', language: null });
  });

  it('lists every problem with its JSON path and builds nothing', () => {
    const result = parseTenantsDocument(tenantsFixture('invalid.json'), { isKnownPolicy });
    expect(result.directory).toEqual({ partners: [], customers: [] });
    const paths = result.errors.map((e) => e.slice(0, e.indexOf(': ')));
    expect(paths).toEqual([
      'partners[0].policy',
      'partners[0].contacts[0]',
      'partners[0].referencePattern',
      'partners[1].id',
      'partners[1].contacts[0]',
      'customers[0].environments[0]',
      'customers[0].timeZone',
      'customers[0].language',
      'customers[0].partner',
      'customers[1].id',
      'customers[2].environments[0]',
      'customers[3].slack.teamIds[0]',
    ]);
    expect(result.errors).toContain(
      'partners[0].policy: unknown policy "gold-plus" (not a preset nor in SLA_POLICIES_FILE)',
    );
    expect(result.errors.find((e) => e.startsWith('partners[0].contacts[0]'))).toMatch(/platform-qualified/);
    expect(result.errors.find((e) => e.startsWith('partners[0].referencePattern'))).toMatch(
      /not a valid regular expression/,
    );
    expect(result.errors).toContain('partners[1].id: duplicate partner id "reseller-x"');
    expect(result.errors).toContain('customers[0].timeZone: unknown time zone "Europe/Amsterdm"');
    expect(result.errors).toContain('customers[0].language: must be en or nl, got "de"');
    expect(result.errors).toContain('customers[0].partner: unknown partner "reseller-y"');
    expect(result.errors).toContain(
      'customers[2].environments[0]: environment "https://GLOBEX.workspace365.net/" is also used by customer "acme"',
    );
    expect(result.errors).toContain(
      'customers[3].slack.teamIds[0]: Slack team "T1" is also used by customer "globex"',
    );
    expect(result.warnings).toEqual(['customers[2].polcy: unknown key "polcy" is ignored']);
  });

  it('refuses company names that only differ in legal form or punctuation', () => {
    const result = parseTenantsDocument(
      {
        customers: [
          { id: 'a', company: 'Acme B.V.' },
          { id: 'b', company: 'ACME bv', aliases: ['Other'] },
        ],
      },
      { isKnownPolicy },
    );
    expect(result.errors).toEqual(['customers[1].company: company "ACME bv" is also used by customer "a"']);
  });

  it('says what a file must look like when it is not an object', () => {
    expect(parseTenantsDocument([], { isKnownPolicy }).errors).toEqual([
      '$: a tenants file is a JSON object { "partners": [ ... ], "customers": [ ... ] }',
    ]);
    expect(parseTenantsDocument({ customers: {} }, { isKnownPolicy }).errors).toEqual([
      'customers: must be a list',
    ]);
  });

  it('accepts a policy from the operator file through isKnownPolicy', () => {
    const doc = { customers: [{ id: 'x', company: 'X', policy: 'acme-gold' }] };
    expect(parseTenantsDocument(doc, { isKnownPolicy }).errors).toHaveLength(1);
    expect(parseTenantsDocument(doc, { isKnownPolicy: (n) => n === 'acme-gold' }).errors).toEqual([]);
  });
});
