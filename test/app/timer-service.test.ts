import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { type ChatSession, IntakeService } from '../../src/app/intake-service.js';
import { TicketActionService } from '../../src/app/ticket-action-service.js';
import { TicketFlows } from '../../src/app/ticket-flows.js';
import { TimerService } from '../../src/app/timer-service.js';
import type { TicketFormInput } from '../../src/core/intake/ticket-form.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import type { TicketAction } from '../../src/core/tickets/ticket-actions.js';
import type { Logger } from '../../src/ports/logger.js';
import type { OutboxEntry } from '../../src/ports/outbox.js';
import { ams, iso } from '../helpers/policies.js';
import { quietIncidents } from '../helpers/quiet-incidents.js';

const SUPPORT = { platform: 'slack', kind: 'channel', id: 'CSUPPORT' } as const;
const AGENT_DM = { platform: 'slack', kind: 'user', id: 'UAGENT' } as const;

const quiet: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => quiet,
};

const form: TicketFormInput = {
  company: 'Acme BV',
  environments: 'acme.workspace365.net',
  usernames: 'j.jansen',
  startedAt: 'now',
  description: 'Nobody can sign in after the Microsoft login. The page stays blank.',
  title: 'Nobody can sign in',
  security: 'no',
  impact: 'organisation',
  urgency: 'high',
};

/** The app as the server wires it, on an in-memory store, with one clock for app and store. */
class Rig {
  now: number;
  readonly store = SqliteStore.inMemory();
  readonly policies = PolicyRegistry.create();
  readonly flows = new TicketFlows({ support: { slack: 'CSUPPORT', teams: null }, supportLanguage: 'en' });
  readonly clock = { now: () => this.now };
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
  readonly timers: TimerService;
  private forms = 0;

  constructor(start: number) {
    this.now = start;
    // Leases use the store's time; the test's clock stands in for it.
    vi.spyOn(this.store.timers, 'now').mockImplementation(async () => this.now);
    let id = 0;
    this.intake = new IntakeService({
      store: this.store,
      policies: this.policies,
      defaultPolicy: 'workspace365-basic',
      clock: this.clock,
      flows: this.flows,
      incidents: quietIncidents(),
      ids: { next: () => `intake-${++id}` },
    });
    this.actions = new TicketActionService({
      store: this.store,
      policies: this.policies,
      clock: this.clock,
      roles: { agents: ['slack:UAGENT'], incidentManagers: [] },
      flows: this.flows,
      incidents: quietIncidents(),
    });
    this.timers = new TimerService({
      store: this.store,
      policies: this.policies,
      flows: this.flows,
      incidents: quietIncidents(),
      logger: quiet,
      owner: 'test-worker',
    });
  }

  async createTicket(): Promise<Ticket> {
    const n = ++this.forms;
    const session: ChatSession = {
      conversationKey: `slack:T1:U${n}`,
      requester: { platform: 'slack', id: `U${n}`, name: `Requester ${n}` },
      language: 'en',
      timeZone: 'Europe/Amsterdam',
    };
    const result = await this.intake.submitForm(session, form, `form-${n}`);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.ticket;
  }

  async act(ticketId: string, action: TicketAction): Promise<Ticket> {
    const outcome = await this.actions.perform(
      ticketId,
      action,
      this.actions.actor('slack', 'UAGENT', 'Ann'),
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.ticket;
  }

  /** Every outbox entry deliverable now, in delivery order, each marked delivered. */
  async drain(): Promise<OutboxEntry[]> {
    const all: OutboxEntry[] = [];
    for (;;) {
      const batch = await this.store.outbox.claim('test-delivery', this.now, 60_000, 100);
      if (batch.length === 0) return all;
      for (const entry of batch) await this.store.outbox.complete(entry.key, 'test-delivery');
      all.push(...batch);
    }
  }

  async at(local: string): Promise<Awaited<ReturnType<TimerService['runOnce']>>> {
    this.now = ams(local);
    return this.timers.runOnce();
  }

  async pending(ticketId: string, target: 'response' | 'resolution') {
    return (await this.store.timers.pendingOf(ticketId))
      .filter((t) => t.target === target && t.kind === 'threshold')
      .map((t) => [t.fraction, iso(t.dueAt)]);
  }
}

/** What each entry is, to compare whole outboxes at a glance. */
function summary(entries: readonly OutboxEntry[]): Array<Record<string, unknown>> {
  return entries.map((e) =>
    e.message.kind === 'text'
      ? { to: e.message.to, text: e.message.text }
      : { kind: e.message.kind, ticketId: 'ticketId' in e.message ? e.message.ticketId : undefined },
  );
}

// Monday 23 November 2026, 10:30 Amsterdam: P1 response due 10:35, resolution 14:30.
const MONDAY = '2026-11-23T10:30';

describe('timer service thresholds', () => {
  let rig: Rig;
  let ticket: Ticket;
  beforeEach(async () => {
    rig = new Rig(ams(MONDAY));
    ticket = await rig.createTicket();
    expect(ticket).toMatchObject({ id: 'TCK-000001', priority: 'P1' });
    const created = await rig.drain();
    expect(summary(created)).toEqual([{ kind: 'postCard', ticketId: 'TCK-000001' }]);
  });

  it('nothing fires before the first threshold', async () => {
    expect(await rig.at('2026-11-23T10:32:29')).toEqual({ fired: 0, lagsMs: [] });
    expect(await rig.drain()).toEqual([]);
  });

  it('50% updates the cards and tells nobody', async () => {
    const report = await rig.at('2026-11-23T10:32:30');
    expect(report).toEqual({ fired: 1, lagsMs: [0] });
    const entries = await rig.drain();
    expect(summary(entries)).toEqual([{ kind: 'updateCards', ticketId: 'TCK-000001' }]);
    expect(entries[0]!.key).toBe(`timer:TCK-000001:response:0.5:${ams('2026-11-23T10:32:30')}:cards`);
  });

  it('without an assignee, 75% and 90% go to the support channel and the breach says by how much', async () => {
    await rig.at('2026-11-23T10:32:30');
    await rig.drain();
    expect((await rig.at('2026-11-23T10:33:45')).fired).toBe(1);
    expect(summary(await rig.drain())).toEqual([
      { kind: 'updateCards', ticketId: 'TCK-000001' },
      {
        to: SUPPORT,
        text: 'TCK-000001 (P1) has used 75% of its response time: due Mon 23 Nov, 10:35, 1 min left.',
      },
    ]);
    expect((await rig.at('2026-11-23T10:34:30')).fired).toBe(1);
    expect(summary(await rig.drain())).toEqual([
      { kind: 'updateCards', ticketId: 'TCK-000001' },
      {
        to: SUPPORT,
        text: 'TCK-000001 (P1) has used 90% of its response time: due Mon 23 Nov, 10:35, less than 1 min left.',
      },
    ]);
    expect((await rig.at('2026-11-23T10:37')).fired).toBe(1);
    expect(summary(await rig.drain())).toEqual([
      { kind: 'updateCards', ticketId: 'TCK-000001' },
      { to: SUPPORT, text: 'TCK-000001 (P1) breached its response target by 2 min (due Mon 23 Nov, 10:35).' },
    ]);
  });

  it('with an assignee, 75% goes to them, 90% to them and the support channel, the breach to the channel', async () => {
    rig.now = ams('2026-11-23T10:31');
    await rig.act(ticket.id, { kind: 'acknowledge' });
    await rig.drain();
    await rig.at('2026-11-23T10:32:30');
    expect(summary(await rig.drain())).toEqual([{ kind: 'updateCards', ticketId: 'TCK-000001' }]);
    await rig.at('2026-11-23T10:33:45');
    const at75 = await rig.drain();
    expect(summary(at75)).toEqual([
      { kind: 'updateCards', ticketId: 'TCK-000001' },
      {
        to: AGENT_DM,
        text: 'TCK-000001 (P1) has used 75% of its response time: due Mon 23 Nov, 10:35, 1 min left.',
      },
    ]);
    await rig.at('2026-11-23T10:34:30');
    expect(summary(await rig.drain()).map((s) => s.to ?? s.kind)).toEqual(['updateCards', AGENT_DM, SUPPORT]);
    await rig.at('2026-11-23T10:35');
    expect(summary(await rig.drain())).toEqual([
      { kind: 'updateCards', ticketId: 'TCK-000001' },
      {
        to: SUPPORT,
        text: 'TCK-000001 (P1) breached its response target by less than 1 min (due Mon 23 Nov, 10:35).',
      },
    ]);
  });

  it('a response in time stops the response timers: nothing more is announced about it', async () => {
    rig.now = ams('2026-11-23T10:32');
    await rig.act(ticket.id, { kind: 'respond', text: 'Please clear the cache', expectedResolutionAt: null });
    await rig.drain();
    expect(await rig.pending(ticket.id, 'response')).toEqual([]);
    expect(await rig.at('2026-11-23T10:40')).toEqual({ fired: 0, lagsMs: [] });
    expect(await rig.drain()).toEqual([]);
    // The resolution clock goes on: its 50% at 12:30.
    expect((await rig.at('2026-11-23T12:30')).fired).toBe(2); // its 50% and the first refresh
    expect(summary(await rig.drain())).toEqual([{ kind: 'updateCards', ticketId: 'TCK-000001' }]);
  });

  it('a timer already fired is never fired again, not even after re-planning', async () => {
    expect((await rig.at('2026-11-23T10:32:30')).fired).toBe(1);
    expect((await rig.at('2026-11-23T10:32:30')).fired).toBe(0);
    // An action re-plans the ticket's timers with the same ids.
    await rig.act(ticket.id, { kind: 'acknowledge' });
    expect((await rig.at('2026-11-23T10:32:30')).fired).toBe(0);
    await rig.drain();
    expect((await rig.at('2026-11-23T10:33:45')).fired).toBe(1);
    expect((await rig.at('2026-11-23T10:33:45')).fired).toBe(0);
    const entries = await rig.drain();
    expect(summary(entries).map((s) => s.to ?? s.kind)).toEqual(['updateCards', AGENT_DM]);
    expect((await rig.store.timers.stats(rig.now)).fired).toBe(2);
  });

  it('a priority change moves the timers', async () => {
    rig.now = ams('2026-11-23T10:31');
    await rig.act(ticket.id, { kind: 'changePriority', priority: 'P3', reason: 'Only one user' });
    await rig.drain();
    // P3: 24 business hours from Monday 10:30 -> Wednesday 14:30.
    const expected = [
      [0.5, '2026-11-24T12:30:00.000+01:00'],
      [0.75, '2026-11-25T08:30:00.000+01:00'],
      [0.9, '2026-11-25T12:06:00.000+01:00'],
      [1, '2026-11-25T14:30:00.000+01:00'],
    ];
    expect(await rig.pending(ticket.id, 'response')).toEqual(expected);
    expect(await rig.pending(ticket.id, 'resolution')).toEqual(expected);
    // The P1 instants are gone: nothing fires at the old due time.
    expect(await rig.at('2026-11-23T14:31')).toEqual({ fired: 0, lagsMs: [] });
    expect(await rig.drain()).toEqual([]);
    expect((await rig.at('2026-11-24T12:30')).fired).toBe(2);
  });
});

describe('timer service over a weekend pause', () => {
  it('moves the resolution timers by the business time the ticket waited', async () => {
    // Friday 27 November 15:00, P1: resolution due Monday 09:00 (3 h Friday, 1 h Monday).
    const rig = new Rig(ams('2026-11-27T15:00'));
    const ticket = await rig.createTicket();
    expect(iso(ticket.resolution.dueAt)).toBe('2026-11-30T09:00:00.000+01:00');
    rig.now = ams('2026-11-27T15:02');
    await rig.act(ticket.id, { kind: 'respond', text: 'Looking into it', expectedResolutionAt: null });
    rig.now = ams('2026-11-27T16:00');
    await rig.act(ticket.id, { kind: 'pause', reason: 'Waiting for the admin password' });
    expect(await rig.pending(ticket.id, 'resolution')).toEqual([]);
    await rig.drain();
    // Over the weekend and past the old due time nothing fires.
    expect(await rig.at('2026-11-30T09:30')).toEqual({ fired: 0, lagsMs: [] });
    expect(await rig.drain()).toEqual([]);
    rig.now = ams('2026-11-30T10:00');
    await rig.act(ticket.id, { kind: 'resume' });
    // 1 h was used before the pause; 3 h are left from Monday 10:00.
    expect(await rig.pending(ticket.id, 'resolution')).toEqual([
      [0.5, '2026-11-30T11:00:00.000+01:00'],
      [0.75, '2026-11-30T12:00:00.000+01:00'],
      [0.9, '2026-11-30T12:36:00.000+01:00'],
      [1, '2026-11-30T13:00:00.000+01:00'],
    ]);
    await rig.drain();
    await rig.at('2026-11-30T13:05');
    const breach = (await rig.drain()).filter((e) => e.message.kind === 'text');
    expect(summary(breach)).toEqual([
      {
        to: SUPPORT,
        text: 'TCK-000001 (P1) breached its resolution target by 5 min (due Mon 30 Nov, 13:00).',
      },
    ]);
  });
});

describe('timer service after downtime', () => {
  it('fires every overdue timer once, in order, with one card update per ticket and one notice per target', async () => {
    const rig = new Rig(ams(MONDAY));
    const first = await rig.createTicket();
    rig.now = ams('2026-11-23T10:31');
    const second = await rig.createTicket();
    await rig.drain();
    const planned = [
      ...(await rig.store.timers.pendingOf(first.id)),
      ...(await rig.store.timers.pendingOf(second.id)),
    ];
    // 4 thresholds per target and one resolution refresh each.
    expect(planned).toHaveLength(18);

    // The worker was down until Thursday.
    const report = await rig.at('2026-11-26T09:00');
    expect(report.fired).toBe(18);
    const lagsInOrder = [first, second].flatMap((t) =>
      planned
        .filter((p) => p.ticketId === t.id)
        .sort((a, b) => a.dueAt - b.dueAt)
        .map((p) => rig.now - p.dueAt),
    );
    expect(report.lagsMs).toEqual(lagsInOrder);

    const entries = await rig.drain();
    const cards = entries.filter((e) => e.message.kind === 'updateCards');
    expect(cards.map((e) => (e.message as { ticketId: string }).ticketId).sort()).toEqual([
      first.id,
      second.id,
    ]);
    expect(summary(entries.filter((e) => e.message.kind === 'text'))).toEqual([
      {
        to: SUPPORT,
        text: 'TCK-000001 (P1) breached its response target by 2 d 22 h (due Mon 23 Nov, 10:35).',
      },
      {
        to: SUPPORT,
        text: 'TCK-000001 (P1) breached its resolution target by 2 d 18 h (due Mon 23 Nov, 14:30).',
      },
      {
        to: SUPPORT,
        text: 'TCK-000002 (P1) breached its response target by 2 d 22 h (due Mon 23 Nov, 10:36).',
      },
      {
        to: SUPPORT,
        text: 'TCK-000002 (P1) breached its resolution target by 2 d 18 h (due Mon 23 Nov, 14:31).',
      },
    ]);
    expect(entries).toHaveLength(6);

    // Run again (another pass, or another process after a restart): nothing fires twice.
    expect(await rig.timers.runOnce()).toEqual({ fired: 0, lagsMs: [] });
    expect(await rig.drain()).toEqual([]);
    expect(await rig.store.timers.stats(rig.now)).toMatchObject({ pending: 0, dueNow: 0, fired: 18 });
  });
});
