import { describe, expect, it } from 'vitest';
import {
  isPartnerReference,
  partnerOfContact,
  resolveCustomer,
} from '../../../src/core/tenants/customer-resolver.js';
import { companyKey, environmentHost } from '../../../src/core/tenants/tenant-keys.js';
import { validDirectory } from './tenants-fixture.js';

const directory = validDirectory();

describe('tenant keys', () => {
  it('folds legal forms, case and punctuation of a company name', () => {
    for (const name of ['Acme BV', 'Acme B.V.', 'Acme B.V', 'ACME b. v.', 'acme', ' Acme, B.V. ']) {
      expect(companyKey(name)).toBe('acme');
    }
    expect(companyKey('Café Noir N.V.')).toBe('cafe noir');
    expect(companyKey('BV')).toBe('bv');
    expect(companyKey('Acme Holding BV')).not.toBe(companyKey('Acme BV'));
  });

  it('reads the host of a URL or a bare host', () => {
    expect(environmentHost('https://ACME.workspace365.net/login?x=1')).toBe('acme.workspace365.net');
    expect(environmentHost('acme.workspace365.net/')).toBe('acme.workspace365.net');
    expect(environmentHost('<http://acme.workspace365.net>')).toBe('acme.workspace365.net');
    expect(environmentHost('not a host')).toBeNull();
    expect(environmentHost('ftp://acme.workspace365.net')).toBeNull();
  });
});

describe('resolveCustomer', () => {
  it('finds a customer from its Slack team or Teams tenant, with its own policy, zone and language', () => {
    const slack = resolveCustomer(directory, { slackTeamId: 'T0ACME' });
    expect(slack).toMatchObject({
      customer: { id: 'acme' },
      matchedBy: 'workspace',
      policy: 'workspace365-extended',
      timeZone: 'Europe/Amsterdam',
      language: 'nl',
      partner: null,
    });
    expect(resolveCustomer(directory, { teamsTenantId: 'TENANT-GUID' })?.customer.id).toBe('acme');
    expect(resolveCustomer(directory, { slackTeamId: 'T0OTHER' })).toBeNull();
  });

  it('finds a customer from an environment given as a bare host or URL', () => {
    expect(resolveCustomer(directory, { environments: ['globex.workspace365.net'] })).toMatchObject({
      customer: { id: 'globex' },
      matchedBy: 'environment',
    });
    expect(
      resolveCustomer(directory, { environments: ['nonsense', 'https://initech.example.com/other'] })
        ?.customer.id,
    ).toBe('initech');
  });

  it('prefers the environment named over the workspace it is written from', () => {
    const r = resolveCustomer(directory, {
      slackTeamId: 'T0ACME',
      environments: ['globex.workspace365.net'],
    });
    expect(r?.customer.id).toBe('globex');
  });

  it('finds a customer from its company name or an alias, however spelled', () => {
    for (const company of ['acme b.v', 'ACME BV', 'Acme B.V.', 'acme']) {
      expect(resolveCustomer(directory, { company })).toMatchObject({
        customer: { id: 'acme' },
        matchedBy: 'company',
      });
    }
    expect(resolveCustomer(directory, { company: 'Globex N.V.' })?.customer.id).toBe('globex');
    expect(resolveCustomer(directory, { company: 'Umbrella Corp' })).toBeNull();
  });

  it("gives a partner's customer the partner's policy, and none when neither names one", () => {
    expect(resolveCustomer(directory, { company: 'Globex' })).toMatchObject({
      policy: 'workspace365-partner',
      partner: { id: 'reseller-x' },
      timeZone: null,
      language: null,
    });
    expect(resolveCustomer(directory, { company: 'Initech' })).toMatchObject({ policy: null, partner: null });
  });

  it("lets a partner contact pick only the partner's own customers", () => {
    expect(resolveCustomer(directory, { requester: 'slack:U0PARTNER1', company: 'Acme' })).toBeNull();
    expect(
      resolveCustomer(directory, { requester: 'slack:U0PARTNER1', company: 'Globex' })?.customer.id,
    ).toBe('globex');
  });
});

describe('partnerOfContact', () => {
  it('gives the partner and its customers for a contact, null for anyone else', () => {
    const found = partnerOfContact(directory, 'teams:00000000-0000-4000-8000-0000000000a1');
    expect(found?.partner.id).toBe('reseller-x');
    expect(found?.customers.map((c) => c.id)).toEqual(['globex']);
    expect(partnerOfContact(directory, 'slack:U123')).toBeNull();
  });
});

describe('isPartnerReference', () => {
  it("checks a reference number against the partner's pattern", () => {
    const partner = directory.partners[0]!;
    expect(isPartnerReference(partner, 'RX-1042')).toBe(true);
    expect(isPartnerReference(partner, ' RX-7 ')).toBe(true);
    expect(isPartnerReference(partner, 'RX-')).toBe(false);
    expect(isPartnerReference(partner, 'INC-1042')).toBe(false);
    expect(isPartnerReference({ ...partner, referencePattern: null }, 'anything')).toBe(true);
  });
});
