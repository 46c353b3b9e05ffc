import { describe, expect, it } from 'vitest';
import type { TenantDirectory } from '../../../src/core/tenants/tenants.js';
import { canSee, partnerOfTicket, visibleTickets } from '../../../src/core/tenants/visibility.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

const directory: TenantDirectory = {
  partners: [
    {
      id: 'rx',
      name: 'Reseller X',
      policy: null,
      contacts: ['slack:UPX'],
      users: 4200,
      referencePattern: null,
    },
    {
      id: 'ry',
      name: 'Reseller Y',
      policy: null,
      contacts: ['slack:UPY'],
      users: 100,
      referencePattern: null,
    },
  ],
  customers: ['acme', 'globex', 'initech'].map((id) => ({
    id,
    company: id,
    aliases: [],
    environments: [],
    policy: null,
    timeZone: null,
    language: null,
    slackTeamIds: [],
    teamsTenantIds: [],
    partner: id === 'globex' ? 'rx' : id === 'initech' ? 'ry' : null,
  })),
};

const person = (id: string) => ({ id, isAgent: false, isIncidentManager: false });
const acme1 = sampleTicket({
  id: 'TCK-1',
  customer: 'acme',
  requester: { platform: 'slack', id: 'UA1', name: 'a1' },
});
const acme2 = sampleTicket({
  id: 'TCK-2',
  customer: 'acme',
  requester: { platform: 'slack', id: 'UA2', name: 'a2' },
});
const globex = sampleTicket({
  id: 'TCK-3',
  customer: 'globex',
  requester: { platform: 'slack', id: 'UG', name: 'g' },
});
const byPartner = sampleTicket({
  id: 'TCK-4',
  customer: 'initech',
  partner: 'ry',
  requester: { platform: 'slack', id: 'UPY', name: 'py' },
});
const unknown = sampleTicket({
  id: 'TCK-5',
  customer: null,
  requester: { platform: 'slack', id: 'UA1', name: 'a1' },
});
const all = [acme1, acme2, globex, byPartner, unknown];
const ids = (viewerId: string) => visibleTickets(all, person(viewerId), directory).map((t) => t.id);

describe('canSee: who sees which ticket', () => {
  it('agents and incident managers see every ticket', () => {
    for (const staff of [
      { id: 'slack:UAG', isAgent: true, isIncidentManager: false },
      { id: 'slack:UIM', isAgent: false, isIncidentManager: true },
    ])
      expect(all.every((t) => canSee(t, staff, directory))).toBe(true);
  });

  it("a partner contact sees only its own customers' tickets", () => {
    expect(ids('slack:UPX')).toEqual(['TCK-3']);
    expect(ids('slack:UPY')).toEqual(['TCK-4']);
    expect(partnerOfTicket(globex, directory)).toBe('rx');
  });

  it("an end user sees their own tickets and their company's (same customer), no others", () => {
    expect(ids('slack:UA2')).toEqual(['TCK-1', 'TCK-2']);
    // UA1 also reported an unknown-customer ticket: theirs, but it opens nobody else's.
    expect(ids('slack:UA1')).toEqual(['TCK-1', 'TCK-2', 'TCK-5']);
    expect(ids('slack:UG')).toEqual(['TCK-3']);
    expect(ids('slack:UNOBODY')).toEqual([]);
    expect(canSee(acme1, person('slack:UA2'), directory)).toBe(false);
    expect(canSee(acme1, { ...person('slack:UA2'), customers: ['acme'] }, directory)).toBe(true);
  });

  it('people named on the ticket (assignee, incident roles) see it', () => {
    const assigned = sampleTicket({ customer: 'acme', assignee: { id: 'slack:UX', name: 'x' } });
    expect(canSee(assigned, person('slack:UX'), directory)).toBe(true);
    expect(canSee(assigned, person('slack:UY'), directory)).toBe(false);
  });
});
