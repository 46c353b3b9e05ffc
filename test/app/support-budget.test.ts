import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { crossedThresholds, monthlyBudgetMs, SupportBudget } from '../../src/app/support-budget.js';
import { TicketActionService } from '../../src/app/ticket-action-service.js';
import { TicketFlows } from '../../src/app/ticket-flows.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import type { TenantDirectory } from '../../src/core/tenants/tenants.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import type { OutboxEntry } from '../../src/ports/outbox.js';
import { ams } from '../helpers/policies.js';
import { quietIncidents } from '../helpers/quiet-incidents.js';
import { sampleTicket } from '../helpers/sample-ticket.js';

const support = { slack: 'CSUPPORT', teams: null };
const customer = (id: string, partner: string | null) => ({
  id,
  company: id,
  aliases: [],
  environments: [],
  policy: null,
  timeZone: null,
  language: null,
  slackTeamIds: [],
  teamsTenantIds: [],
  partner,
});
// 1000 users: 1 support hour a month, so 48 minutes is 80% and 60 minutes 100%.
const directory: TenantDirectory = {
  partners: [
    {
      id: 'rx',
      name: 'Reseller X',
      policy: 'workspace365-partner',
      contacts: ['slack:UPX1', 'teams:00000000-0000-4000-8000-0000000000a1'],
      users: 1000,
      referencePattern: null,
    },
  ],
  customers: [customer('globex', 'rx'), customer('acme', null)],
};

/** The action service as the server wires it, on an in-memory store and a fake clock. */
class Rig {
  now = ams('2026-11-02T10:00');
  readonly store = SqliteStore.inMemory();
  readonly actions: TicketActionService;
  constructor() {
    const policies = PolicyRegistry.create();
    const incidents = quietIncidents();
    this.actions = new TicketActionService({
      store: this.store,
      policies,
      clock: { now: () => this.now },
      roles: { agents: ['slack:UAGENT'], incidentManagers: [] },
      flows: new TicketFlows({ support, supportLanguage: 'en' }),
      incidents,
      tenants: directory,
      budget: new SupportBudget({ directory, policies, support }),
    });
  }

  async ticket(overrides: Partial<Ticket>): Promise<Ticket> {
    const {
      id: _id,
      version: _v,
      ...fields
    } = sampleTicket({
      priority: 'P3',
      policy: 'workspace365-partner',
      createdAt: this.now,
      updatedAt: this.now,
      ...overrides,
    });
    const { ticket } = await this.store.tickets.create(fields, {
      at: this.now,
      actor: 'slack:U123',
      type: 'created',
      data: {},
    });
    return ticket;
  }

  /** Logs time as the agent; the budget outbox keys this commit wrote. */
  async log(ticket: Ticket, minutes: number): Promise<string[]> {
    const agent = this.actions.actor('slack', 'UAGENT', 'Ann Agent');
    const outcome = await this.actions.perform(ticket.id, { kind: 'logTime', minutes }, agent);
    if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
    return outcome.outboxKeys.filter((k) => k.startsWith('budget:')).sort();
  }

  async outbox(): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (;;) {
      const batch = await this.store.outbox.claim('test', this.now + 86_400_000 * 100, 60_000, 100);
      if (batch.length === 0) return entries;
      for (const entry of batch) {
        entries.push(entry);
        await this.store.outbox.complete(entry.key, 'test');
      }
    }
  }
}

const keysFor = (threshold: number, month = '2026-11') => [
  `budget:rx:${month}:${threshold}:contact:slack:UPX1`,
  `budget:rx:${month}:${threshold}:support:slack`,
];

describe('support-hour budget of a partner', () => {
  it('is users/1000 hours a month; thresholds are crossed once', () => {
    expect(monthlyBudgetMs(directory.partners[0]!)).toBe(3_600_000);
    expect(crossedThresholds(0, 47, 60)).toEqual([]);
    expect(crossedThresholds(47, 48, 60)).toEqual([0.8]);
    expect(crossedThresholds(48, 59, 60)).toEqual([]);
    expect(crossedThresholds(40, 60, 60)).toEqual([0.8, 1]);
    expect(crossedThresholds(60, 90, 60)).toEqual([]);
  });

  it("tells the partner's Slack contacts and the support channel at 80% and at 100%, once each per month", async () => {
    const rig = new Rig();
    // Time on the customer's tickets counts, whether the partner raised them or the customer did.
    const viaCustomer = await rig.ticket({ customer: 'globex' });
    const raisedByPartner = await rig.ticket({
      customer: 'globex',
      partner: 'rx',
      requester: { platform: 'slack', id: 'UPX1', name: 'Pat Partner' },
    });
    const otherCustomer = await rig.ticket({ customer: 'acme' });

    expect(await rig.log(viaCustomer, 30)).toEqual([]);
    // Not the partner's: counts against nobody's budget.
    expect(await rig.log(otherCustomer, 600)).toEqual([]);
    rig.now += 3_600_000;
    expect(await rig.log(raisedByPartner, 17)).toEqual([]); // 47 of 60 minutes
    expect(await rig.log(viaCustomer, 1)).toEqual(keysFor(80)); // 48: 80%
    expect(await rig.log(raisedByPartner, 11)).toEqual([]); // 59
    expect(await rig.log(viaCustomer, 1)).toEqual(keysFor(100)); // 60: 100%
    expect(await rig.log(viaCustomer, 30)).toEqual([]); // over budget: told already

    const told = (await rig.outbox()).filter((e) => e.key.startsWith('budget:'));
    expect(told.map((e) => e.key).sort()).toEqual([...keysFor(100), ...keysFor(80)].sort());
    const texts = told.map((e) => (e.message.kind === 'text' ? e.message : null));
    expect(texts.find((m) => m?.to.kind === 'user')).toMatchObject({
      to: { platform: 'slack', kind: 'user', id: 'UPX1' },
      text: 'Support-hour budget of Reseller X: 0.8 of 1 hours used in 2026-11 (80%).',
    });
    expect(texts.find((m) => m?.to.kind === 'channel' && m.text.includes('(100%)'))).toMatchObject({
      to: { platform: 'slack', kind: 'channel', id: 'CSUPPORT' },
      text: 'Support-hour budget of Reseller X: 1 of 1 hours used in 2026-11 (100%).',
    });

    // A new month (in the policy's zone) starts from zero: 80% is told again, with its own key.
    rig.now = ams('2026-12-01T00:30');
    expect(await rig.log(viaCustomer, 47)).toEqual([]);
    expect(await rig.log(viaCustomer, 13)).toEqual(
      [...keysFor(100, '2026-12'), ...keysFor(80, '2026-12')].sort(),
    );
  });

  it("counts months in the partner policy's zone (Amsterdam), not in UTC", async () => {
    const rig = new Rig();
    const ticket = await rig.ticket({ customer: 'globex' });
    rig.now = ams('2026-11-30T22:00');
    expect(await rig.log(ticket, 47)).toEqual([]);
    // 00:30 on December 1st in Amsterdam is still November 30th in UTC: counted in a
    // UTC month this would make 48 minutes (80%); in Amsterdam it opens December.
    rig.now = ams('2026-12-01T00:30');
    expect(new Date(rig.now).toISOString()).toBe('2026-11-30T23:30:00.000Z');
    expect(await rig.log(ticket, 1)).toEqual([]);
    expect(await rig.log(ticket, 47)).toEqual(keysFor(80, '2026-12'));
  });
});
