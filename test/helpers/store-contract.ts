import { describe, expect, it } from 'vitest';
import { newIncident } from '../../src/core/incidents/incident.js';
import type { IntakeState } from '../../src/core/intake/intake-state.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import type { TimerPlan } from '../../src/core/tickets/ticket-timers.js';
import { ConversationConflictError, IncidentExistsError } from '../../src/ports/conversation-repository.js';
import { NEW_TICKET, type OutboxDraft } from '../../src/ports/outbox.js';
import type { Store } from '../../src/ports/store.js';
import {
  type NewTicket,
  TicketNotFoundError,
  VersionConflictError,
} from '../../src/ports/ticket-repository.js';
import { sampleTicket } from './sample-ticket.js';

let counter = 0;

/** A complete new ticket; each call has its own idempotency key unless given one. */
export function newTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  counter += 1;
  const {
    id: _id,
    version: _version,
    ...ticket
  } = sampleTicket({
    startedAt: 1_795_000_000_000,
    createdAt: 1_795_000_100_000 + counter,
    updatedAt: 1_795_000_100_000 + counter,
    response: { dueAt: 1_795_000_400_000 },
    resolution: { dueAt: null },
    idempotencyKey: `key-${counter}-${Math.random()}`,
  });
  return { ...ticket, ...overrides };
}

const created = { at: 1_795_000_100_000, actor: 'slack:U123', type: 'created', data: { priority: 'P1' } };

function intake(key: string): IntakeState {
  return {
    schema: 1,
    intakeId: `i-${key}`,
    conversationKey: key,
    requester: { platform: 'teams', id: 'aad-1', name: 'Piet' },
    language: 'nl',
    timeZone: 'Europe/Amsterdam',
    step: 'usernames',
    history: ['company', 'environments'],
    done: ['company', 'environments'],
    returnToReview: false,
    draft: { company: 'Acme', environments: ['https://acme.workspace365.net'], attachments: [] },
    createdAt: 1,
    updatedAt: 2,
  };
}

/**
 * The one contract every store passes (after botbuilder's shared storage suite):
 * run by the SQLite and the MongoDB adapter alike.
 */
export interface ContractOptions {
  /**
   * Opens the store where concurrent transactions are isolated as in production (a test
   * server that does not isolate them sits behind a proxy that serializes them).
   */
  readonly openIsolated?: () => Promise<Store>;
}

export function storeContract(name: string, open: () => Promise<Store>, options: ContractOptions = {}): void {
  // Cases with concurrent writers need production isolation (see ContractOptions).
  const openConcurrent = options.openIsolated ?? open;
  describe(`${name}: ticket store contract`, () => {
    it('creates tickets with sequential ids TCK-000001.. and version 1', async () => {
      const store = await open();
      const a = await store.tickets.create(newTicket(), created);
      const b = await store.tickets.create(newTicket(), created);
      expect(a.created).toBe(true);
      expect(a.ticket.id).toMatch(/^TCK-\d{6}$/);
      expect(Number(b.ticket.id.slice(4))).toBe(Number(a.ticket.id.slice(4)) + 1);
      expect(a.ticket.version).toBe(1);
      await store.close();
    });

    it('returns every field as stored, text kept literally', async () => {
      const store = await open();
      const input = newTicket({
        description: '<!channel> ${secret} **x** {"$gt": ""} 🙂',
        company: '{"$where": "sleep(1000)"}',
        attachments: [{ name: 'a.png', contentType: 'image/png', size: 10, ref: 'F1' }],
      });
      const { ticket } = await store.tickets.create(input, created);
      const again = await store.tickets.get(ticket.id);
      expect(again).toEqual({ ...input, id: ticket.id, version: 1 });
      await store.close();
    });

    it('is idempotent on the idempotency key: a redelivery returns the first ticket', async () => {
      const store = await open();
      const input = newTicket();
      const first = await store.tickets.create(input, created);
      const second = await store.tickets.create({ ...input, title: 'changed' }, created);
      expect(second.created).toBe(false);
      expect(second.ticket).toEqual(first.ticket);
      const all = await store.tickets.list({ limit: 10_000 });
      expect(all.filter((t) => t.idempotencyKey === input.idempotencyKey)).toHaveLength(1);
      await store.close();
    });

    it('creates once under concurrent redeliveries of the same key', async () => {
      const store = await openConcurrent();
      const input = newTicket();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.tickets.create(input, created)),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
      await store.close();
    });

    it('updates with compare-and-set on the version and records the timeline', async () => {
      const store = await open();
      const { ticket } = await store.tickets.create(newTicket(), created);
      const acknowledged: Ticket = {
        ...ticket,
        status: 'acknowledged',
        version: 2,
        updatedAt: ticket.updatedAt + 1,
      };
      await store.tickets.update(acknowledged, {
        at: 2,
        actor: 'slack:UAGENT',
        type: 'acknowledged',
        data: {},
      });
      // A second writer that read version 1 must not overwrite version 2.
      const stale: Ticket = { ...ticket, status: 'resolved', version: 2 };
      await expect(
        store.tickets.update(stale, { at: 3, actor: 'x', type: 'resolved', data: {} }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect((await store.tickets.get(ticket.id))?.status).toBe('acknowledged');
      const timeline = await store.tickets.timeline(ticket.id);
      expect(timeline.map((e) => [e.version, e.type, e.actor])).toEqual([
        [1, 'created', 'slack:U123'],
        [2, 'acknowledged', 'slack:UAGENT'],
      ]);
      expect(timeline[0]?.data).toEqual({ priority: 'P1' });
      await store.close();
    });

    it('lets exactly one of two concurrent writers win', async () => {
      const store = await openConcurrent();
      const { ticket } = await store.tickets.create(newTicket(), created);
      const writes = ['acknowledged', 'paused'].map((status) =>
        store.tickets.update(
          { ...ticket, status: status as Ticket['status'], version: 2 },
          { at: 2, actor: status, type: status, data: {} },
        ),
      );
      const outcomes = await Promise.allSettled(writes);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect((await store.tickets.timeline(ticket.id)).length).toBe(2);
      await store.close();
    });

    it('refuses to update a ticket that does not exist', async () => {
      const store = await open();
      const ghost: Ticket = { ...newTicket(), id: 'TCK-999999', version: 2 };
      await expect(
        store.tickets.update(ghost, { at: 1, actor: 'x', type: 'x', data: {} }),
      ).rejects.toBeInstanceOf(TicketNotFoundError);
      await store.close();
    });

    it('finds nothing for ids that are not strings or that look like operators', async () => {
      const store = await open();
      expect(await store.tickets.get('TCK-000000')).toBeNull();
      expect(await store.tickets.get({ $gt: '' } as unknown as string)).toBeNull();
      expect(await store.tickets.list({ requesterId: '{"$ne": null}' })).toEqual([]);
      await store.close();
    });

    it('lists newest first, filtered by status and requester', async () => {
      const store = await open();
      const requester = { platform: 'teams' as const, id: `aad-${Math.random()}`, name: 'P' };
      const one = await store.tickets.create(newTicket({ requester }), created);
      const two = await store.tickets.create(newTicket({ requester, status: 'resolved' }), created);
      const mine = await store.tickets.list({ requesterId: requester.id });
      expect(mine.map((t) => t.id)).toEqual([two.ticket.id, one.ticket.id]);
      const resolved = await store.tickets.list({ requesterId: requester.id, status: 'resolved' });
      expect(resolved.map((t) => t.id)).toEqual([two.ticket.id]);
      expect(await store.tickets.list({ requesterId: requester.id, limit: 1 })).toHaveLength(1);
      await store.close();
    });

    it('keeps, replaces and deletes unfinished intakes by conversation key', async () => {
      const store = await open();
      const key = `teams:conv-${Math.random()}`;
      expect(await store.conversations.load(key)).toBeNull();
      const state = intake(key);
      expect(await store.conversations.save(state, null)).toBe(1);
      expect(await store.conversations.load(key)).toEqual({ state, revision: 1 });
      expect(await store.conversations.save({ ...state, step: 'startedAt', updatedAt: 3 }, 1)).toBe(2);
      expect((await store.conversations.load(key))?.state.step).toBe('startedAt');
      const before = await store.conversations.countOpen();
      await store.conversations.delete(key);
      expect(await store.conversations.load(key)).toBeNull();
      expect(await store.conversations.countOpen()).toBe(before - 1);
      await store.close();
    });

    it('never lets two turns of one conversation overwrite each other', async () => {
      const store = await openConcurrent();
      const key = `slack:conv-${Math.random()}`;
      const state = intake(key);
      await store.conversations.save(state, null);
      await expect(store.conversations.save(state, null)).rejects.toBeInstanceOf(ConversationConflictError);
      const writes = await Promise.allSettled([
        store.conversations.save({ ...state, step: 'startedAt' }, 1),
        store.conversations.save({ ...state, step: 'description' }, 1),
      ]);
      expect(writes.filter((w) => w.status === 'fulfilled')).toHaveLength(1);
      expect(writes.find((w) => w.status === 'rejected')).toMatchObject({
        reason: expect.any(ConversationConflictError),
      });
      expect((await store.conversations.load(key))?.revision).toBe(2);
      await store.close();
    });

    it('records card copies once each and lists them by ticket', async () => {
      const store = await open();
      const ticketId = `TCK-${Math.floor(Math.random() * 1e6)}`;
      const copy = {
        ticketId,
        platform: 'teams' as const,
        conversationId: 'a:1',
        messageId: 'm1',
        reference: { serviceUrl: 'https://smba.example/', conversation: { id: 'a:1' } },
      };
      await store.cardCopies.add(copy);
      await store.cardCopies.add(copy);
      await store.cardCopies.add({
        ...copy,
        platform: 'slack',
        conversationId: 'C1',
        messageId: '1700000000.0001',
        reference: {},
      });
      const copies = await store.cardCopies.list(ticketId);
      expect(copies).toHaveLength(2);
      expect(copies).toContainEqual(copy);
      expect(await store.cardCopies.list('TCK-none')).toEqual([]);
      await store.close();
    });

    it('claims an inbound event id once', async () => {
      const store = await openConcurrent();
      const id = `activity-${Math.random()}`;
      const claims = await Promise.all([
        store.inbox.claim(id, 1),
        store.inbox.claim(id, 2),
        store.inbox.claim(id, 3),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.inbox.claim(`${id}-other`, 4)).toBe(true);
      await store.close();
    });

    it('answers ping while open', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
    });
  });

  commitContract(name, open);
  outboxContract(name, open);
  timerContract(name, open, openConcurrent);
}

/**
 * The instant the delivery tests run at. Every timer they plan is due before it or at
 * least a minute after it, so a claim at T0 leases all due timers of the whole suite.
 */
const T0 = 1_800_000_000_000;
const MINUTE = 60_000;
const EVERYTHING = 10_000;
/** A lease short enough to watch it run out on the store's own clock. */
const SHORT_LEASE = 40;
/**
 * Waits until a lease of `ms` taken before this call has run out on the store's own clock.
 * Polled, not only slept: a server's clock is an estimate here (MongoDB's offset is measured
 * over a round trip), and on a loaded machine a fixed sleep ended before the store's clock
 * had passed the lease.
 */
async function waitOut(store: Store, ms: number): Promise<void> {
  const from = await store.timers.now();
  await new Promise((resolve) => setTimeout(resolve, ms + 20));
  for (let i = 0; i < 250 && (await store.timers.now()) <= from + ms; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

function unique(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2)}`;
}

function draft(key: string, lane: string, text = key): OutboxDraft {
  return { key, lane, message: { kind: 'text', to: { platform: 'slack', kind: 'channel', id: lane }, text } };
}

function timer(ticketId: string, fraction: number, dueAt: number): TimerPlan {
  return {
    id: `${ticketId}:response:${fraction}:${dueAt}`,
    ticketId,
    kind: 'threshold',
    target: 'response',
    fraction,
    dueAt,
  };
}

/** What a unit left behind in the outbox (claimed with a filter, so other tests' entries never interfere). */
async function claimKeys(
  store: Store,
  keys: readonly string[],
  now = T0,
  owner = unique('worker'),
  leaseMs = MINUTE,
) {
  return store.outbox.claim(owner, now, leaseMs, EVERYTHING, keys);
}

function commitContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: unit of work contract`, () => {
    it('applies nothing when the conversation revision conflicts, then applies all on a retry', async () => {
      const store = await open();
      const key = unique('teams:conv');
      const requester = { platform: 'teams' as const, id: unique('aad'), name: 'P' };
      await store.conversations.save(intake(key), null);
      const eventId = unique('event');
      const unit = (expectedRevision: number) => ({
        eventId,
        at: T0,
        conversation: { delete: key, expectedRevision },
        createTicket: { ticket: newTicket({ requester }), event: created },
        timers: { ticketId: NEW_TICKET, plan: (t: Ticket | null) => [timer(t!.id, 0.5, T0 - MINUTE)] },
        outbox: [draft(`confirm:${NEW_TICKET}`, `lane:${NEW_TICKET}`)],
      });
      const timersBefore = await store.timers.stats(T0);
      const outboxBefore = await store.outbox.stats(T0);
      await expect(store.commit(unit(7))).rejects.toBeInstanceOf(ConversationConflictError);
      expect(await store.inbox.seen(eventId)).toBe(false);
      expect(await store.tickets.list({ requesterId: requester.id })).toEqual([]);
      expect((await store.conversations.load(key))?.revision).toBe(1);
      expect((await store.timers.stats(T0)).pending).toBe(timersBefore.pending);
      expect((await store.outbox.stats(T0)).pending).toBe(outboxBefore.pending);

      const result = await store.commit(unit(1));
      expect(result.duplicate).toBe(false);
      expect(result.created).toBe(true);
      expect(await store.inbox.seen(eventId)).toBe(true);
      expect(await store.conversations.load(key)).toBeNull();
      expect(await store.tickets.list({ requesterId: requester.id })).toEqual([result.ticket]);
      expect((await store.timers.stats(T0)).pending).toBe(timersBefore.pending + 1);
      expect((await store.outbox.stats(T0)).pending).toBe(outboxBefore.pending + 1);
      expect((await claimKeys(store, [`confirm:${result.ticket!.id}`])).map((e) => e.key)).toEqual([
        `confirm:${result.ticket!.id}`,
      ]);
      await store.close();
    });

    it('applies nothing when the ticket version conflicts: no conversation, inbox, timer or outbox write', async () => {
      const store = await open();
      const { ticket } = await store.tickets.create(newTicket(), created);
      const key = unique('slack:conv');
      await store.conversations.save(intake(key), null);
      const eventId = unique('event');
      const stale: Ticket = { ...ticket, status: 'acknowledged', version: 3 };
      await expect(
        store.commit({
          eventId,
          at: T0,
          conversation: { save: { ...intake(key), step: 'startedAt' }, expectedRevision: 1 },
          updateTicket: { ticket: stale, event: { at: T0, actor: 'a', type: 'acknowledged', data: {} } },
          timers: { ticketId: ticket.id, plan: () => [timer(ticket.id, 0.5, T0 - MINUTE)] },
          outbox: [draft(`ack:${ticket.id}`, `lane:${ticket.id}`)],
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store.inbox.seen(eventId)).toBe(false);
      expect(await store.conversations.load(key)).toMatchObject({
        revision: 1,
        state: { step: 'usernames' },
      });
      expect(await store.tickets.get(ticket.id)).toEqual(ticket);
      expect(await store.tickets.timeline(ticket.id)).toHaveLength(1);
      expect(await store.timers.pendingOf(ticket.id)).toEqual([]);
      expect(await claimKeys(store, [`ack:${ticket.id}`])).toEqual([]);
      await store.close();
    });

    it('rolls back what a commit wrote before it failed part-way', async () => {
      const store = await open();
      const key = unique('teams:conv');
      const eventId = unique('event');
      const { ticket } = await store.tickets.create(newTicket(), created);
      await expect(
        store.commit({
          eventId,
          at: T0,
          conversation: { save: intake(key), expectedRevision: null },
          timers: {
            ticketId: ticket.id,
            plan: () => {
              throw new Error('planning failed');
            },
          },
        }),
      ).rejects.toThrow('planning failed');
      expect(await store.inbox.seen(eventId)).toBe(false);
      expect(await store.conversations.load(key)).toBeNull();
      await store.close();
    });

    it('updates a ticket with its timeline entry and outbox entries in one commit', async () => {
      const store = await open();
      const { ticket } = await store.tickets.create(newTicket(), created);
      const next: Ticket = { ...ticket, status: 'acknowledged', version: 2 };
      const event = { at: T0, actor: 'slack:UAGENT', type: 'acknowledged', data: { note: 'on it' } };
      const result = await store.commit({
        at: T0,
        updateTicket: { ticket: next, event },
        outbox: [draft(`ack:${ticket.id}`, `lane:${ticket.id}`)],
      });
      expect(result).toEqual({
        duplicate: false,
        ticket: next,
        created: false,
        outboxKeys: [`ack:${ticket.id}`],
      });
      expect(await store.tickets.get(ticket.id)).toEqual(next);
      expect((await store.tickets.timeline(ticket.id)).at(-1)).toEqual({
        ticketId: ticket.id,
        version: 2,
        ...event,
      });
      expect(await claimKeys(store, [`ack:${ticket.id}`])).toHaveLength(1);
      await store.close();
    });

    it('applies nothing for an event id claimed before and reports the duplicate', async () => {
      const store = await open();
      const eventId = unique('event');
      const key = unique('teams:conv');
      const first = await store.commit({
        eventId,
        at: T0,
        conversation: { save: intake(key), expectedRevision: null },
        outbox: [draft(unique('reply'), unique('lane'))],
      });
      expect(first.duplicate).toBe(false);
      const replyKey = unique('reply');
      const again = await store.commit({
        eventId,
        at: T0,
        conversation: { save: { ...intake(key), step: 'startedAt' }, expectedRevision: 1 },
        createTicket: { ticket: newTicket(), event: created },
        outbox: [draft(replyKey, unique('lane'))],
      });
      expect(again).toEqual({ duplicate: true, ticket: null, created: false, outboxKeys: [] });
      expect(await store.conversations.load(key)).toMatchObject({
        revision: 1,
        state: { step: 'usernames' },
      });
      expect(await claimKeys(store, [replyKey])).toEqual([]);
      await store.close();
    });

    it('resolves NEW_TICKET in outbox keys, lanes and messages and in the timers of the created ticket', async () => {
      const store = await open();
      const planned: Array<Ticket | null> = [];
      const result = await store.commit({
        at: T0,
        createTicket: { ticket: newTicket(), event: created },
        timers: {
          ticketId: NEW_TICKET,
          plan: (t) => {
            planned.push(t);
            return [timer(t!.id, 0.5, T0 - 2 * MINUTE), timer(t!.id, 1, T0 + 60 * MINUTE)];
          },
        },
        outbox: [
          {
            key: `card:${NEW_TICKET}`,
            lane: `ticket:${NEW_TICKET}`,
            message: { kind: 'updateCards', ticketId: NEW_TICKET },
          },
        ],
      });
      const id = result.ticket!.id;
      expect(id).toMatch(/^TCK-\d{6}$/);
      expect(planned).toEqual([result.ticket]);
      expect(result.outboxKeys).toEqual([`card:${id}`]);
      const [entry, ...rest] = await claimKeys(store, [`card:${id}`]);
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({
        key: `card:${id}`,
        lane: `ticket:${id}`,
        message: { kind: 'updateCards', ticketId: id },
      });
      expect(await store.timers.pendingOf(id)).toEqual([
        timer(id, 0.5, T0 - 2 * MINUTE),
        timer(id, 1, T0 + 60 * MINUTE),
      ]);
      await store.close();
    });

    it('creates a ticket once when a commit is repeated with the same idempotency key', async () => {
      const store = await open();
      const input = newTicket();
      const unit = {
        at: T0,
        createTicket: { ticket: input, event: created },
        outbox: [draft(`confirm:${NEW_TICKET}`, `lane:${NEW_TICKET}`)],
      };
      const before = await store.outbox.stats(T0);
      const first = await store.commit({ ...unit, eventId: unique('event') });
      const second = await store.commit({ ...unit, eventId: unique('event') });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.ticket).toEqual(first.ticket);
      expect(second.outboxKeys).toEqual(first.outboxKeys);
      const all = await store.tickets.list({ limit: 10_000 });
      expect(all.filter((t) => t.idempotencyKey === input.idempotencyKey)).toHaveLength(1);
      expect(await store.tickets.timeline(first.ticket!.id)).toHaveLength(1);
      expect((await store.outbox.stats(T0)).pending).toBe(before.pending + 1);
      expect(await claimKeys(store, first.outboxKeys)).toHaveLength(1);
      await store.close();
    });

    it('replaces pending timers: planned ones stay, others go, fired ones stay fired', async () => {
      const store = await open();
      const { ticket } = await store.tickets.create(newTicket(), created);
      const [half, most, due] = [
        timer(ticket.id, 0.5, T0 - 30 * MINUTE),
        timer(ticket.id, 0.75, T0 - 20 * MINUTE),
        timer(ticket.id, 1, T0 + 10 * MINUTE),
      ];
      await store.commit({ at: T0, timers: { ticketId: ticket.id, plan: () => [half, most, due] } });
      expect(await store.timers.pendingOf(ticket.id)).toEqual([half, most, due]);
      const firedBefore = (await store.timers.stats(T0)).fired;

      await store.commit({ at: T0, firedTimers: [half.id] });
      expect(await store.timers.pendingOf(ticket.id)).toEqual([most, due]);
      expect((await store.timers.stats(T0)).fired).toBe(firedBefore + 1);

      const later = timer(ticket.id, 0.9, T0 + 5 * MINUTE);
      await store.commit({ at: T0, timers: { ticketId: ticket.id, plan: () => [half, later, due] } });
      expect(await store.timers.pendingOf(ticket.id)).toEqual([later, due]);
      expect((await store.timers.stats(T0)).fired).toBe(firedBefore + 1);
      await store.close();
    });
  });
}

function outboxContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: outbox contract`, () => {
    it('delivers one lane in order while other lanes go ahead', async () => {
      const store = await open();
      const [lane, other] = [unique('lane'), unique('lane')];
      const [first, second, elsewhere] = [unique('first'), unique('second'), unique('elsewhere')];
      await store.commit({ at: T0, outbox: [draft(first, lane), draft(second, lane)] });
      await store.commit({ at: T0, outbox: [draft(elsewhere, other)] });
      const keys = [first, second, elsewhere];

      const claimed = await claimKeys(store, keys, T0, 'a');
      expect(claimed.map((e) => e.key)).toEqual([first, elsewhere]);
      expect(claimed[0]).toMatchObject({ lane, attempts: 1, createdAt: T0, lastError: null });
      expect(await claimKeys(store, keys, T0 + MINUTE - 1, 'b')).toEqual([]);
      await store.outbox.complete(elsewhere, 'a');
      await store.outbox.retry(first, 'a', T0 + MINUTE, 'timeout');
      // Not leased any more but not due either: the first entry still holds its lane back.
      expect(await claimKeys(store, keys, T0 + MINUTE - 1, 'b')).toEqual([]);
      expect(await claimKeys(store, keys, T0 + MINUTE, 'b')).toMatchObject([
        { key: first, attempts: 2, lastError: 'timeout' },
      ]);
      await store.outbox.complete(first, 'b');
      expect((await claimKeys(store, keys, T0 + MINUTE, 'c')).map((e) => e.key)).toEqual([second]);
      await store.close();
    });

    it("leases an entry to one owner until the lease runs out on the store's clock", async () => {
      const store = await open();
      const key = unique('entry');
      await store.commit({ at: T0, outbox: [draft(key, unique('lane'))] });
      const [a, b] = await Promise.all([claimKeys(store, [key], T0, 'a'), claimKeys(store, [key], T0, 'b')]);
      expect([...a, ...b].map((e) => e.key)).toEqual([key]);
      // A claimer whose clock is an hour ahead does not take over the live lease.
      expect(await claimKeys(store, [key], T0 + 60 * MINUTE, 'c')).toEqual([]);
      // A lease that ran out on the store's clock goes to the next claimer, whatever its clock.
      const brief = unique('entry');
      await store.commit({ at: T0, outbox: [draft(brief, unique('lane'))] });
      expect(await claimKeys(store, [brief], T0, 'a', SHORT_LEASE)).toHaveLength(1);
      await waitOut(store, SHORT_LEASE);
      expect(await claimKeys(store, [brief], T0 - 60 * MINUTE, 'c')).toMatchObject([
        { key: brief, attempts: 2 },
      ]);
      await store.close();
    });

    it('keeps a lease its holder renews, and renews nothing for anyone else or once settled', async () => {
      const store = await open();
      const key = unique('entry');
      await store.commit({ at: T0, outbox: [draft(key, unique('lane'))] });
      expect(await claimKeys(store, [key], T0, 'a', SHORT_LEASE)).toHaveLength(1);
      expect(await store.outbox.renewLease(key, 'intruder', MINUTE)).toBe(false);
      expect(await store.outbox.renewLease(key, 'a', MINUTE)).toBe(true);
      // Past the first term on the store's clock: still a's.
      await waitOut(store, SHORT_LEASE);
      expect(await claimKeys(store, [key], T0, 'b')).toEqual([]);
      await store.outbox.complete(key, 'a');
      expect(await store.outbox.renewLease(key, 'a', MINUTE)).toBe(false);
      // A lease that ran out and went to another claimer is not the old holder's to renew.
      const lost = unique('entry');
      await store.commit({ at: T0, outbox: [draft(lost, unique('lane'))] });
      expect(await claimKeys(store, [lost], T0, 'a', SHORT_LEASE)).toHaveLength(1);
      await waitOut(store, SHORT_LEASE);
      expect(await claimKeys(store, [lost], T0, 'b')).toHaveLength(1);
      expect(await store.outbox.renewLease(lost, 'a', MINUTE)).toBe(false);
      expect(await claimKeys(store, [lost], T0, 'c')).toEqual([]);
      await store.close();
    });

    it('has a new entry due at once, even for a claimer whose clock is behind the writer', async () => {
      const store = await open();
      const key = unique('entry');
      await store.commit({ at: T0 + 5 * MINUTE, outbox: [draft(key, unique('lane'))] });
      expect(await claimKeys(store, [key], T0 - 5 * MINUTE, 'behind')).toMatchObject([
        { key, createdAt: T0 + 5 * MINUTE },
      ]);
      await store.close();
    });

    it('tries a failed entry again at its retry time, with the error kept', async () => {
      const store = await open();
      const key = unique('entry');
      await store.commit({ at: T0, outbox: [draft(key, unique('lane'))] });
      await claimKeys(store, [key], T0, 'a');
      // Only the lease holder settles an entry.
      await store.outbox.retry(key, 'intruder', T0 + 99 * MINUTE, 'not mine');
      await store.outbox.retry(key, 'a', T0 + 5 * MINUTE, 'may have been sent');
      expect(await claimKeys(store, [key], T0 + 5 * MINUTE - 1, 'b')).toEqual([]);
      expect(await claimKeys(store, [key], T0 + 5 * MINUTE, 'b')).toMatchObject([
        { key, attempts: 2, lastError: 'may have been sent' },
      ]);
      await store.close();
    });

    it('claims only the given keys when asked to, and any deliverable entry otherwise', async () => {
      const store = await open();
      const [mine, theirs] = [unique('mine'), unique('theirs')];
      await store.commit({ at: T0, outbox: [draft(mine, unique('lane')), draft(theirs, unique('lane'))] });
      expect((await claimKeys(store, [mine, unique('absent')])).map((e) => e.key)).toEqual([mine]);
      expect(await claimKeys(store, [])).toEqual([]);
      const rest = await store.outbox.claim('sweeper', T0, MINUTE, EVERYTHING);
      expect(rest.map((e) => e.key)).toContain(theirs);
      expect(rest.map((e) => e.key)).not.toContain(mine);
      await store.close();
    });

    it('keeps dead letters: counted, reported once, no longer blocking their lane', async () => {
      const store = await open();
      const lane = unique('lane');
      const [doomed, next] = [unique('doomed'), unique('next')];
      const before = await store.outbox.stats(T0);
      await store.commit({ at: T0, outbox: [draft(doomed, lane), draft(next, lane)] });
      expect(await store.outbox.stats(T0)).toMatchObject({ pending: before.pending + 2, dead: before.dead });
      await claimKeys(store, [doomed], T0, 'a');
      await store.outbox.deadLetter(doomed, 'a', 'channel_not_found');
      expect(await store.outbox.stats(T0)).toMatchObject({
        pending: before.pending + 1,
        dead: before.dead + 1,
      });

      const reported = await store.outbox.takeUnreportedDead(EVERYTHING);
      expect(reported.find((e) => e.key === doomed)).toMatchObject({
        lane,
        attempts: 1,
        lastError: 'channel_not_found',
      });
      expect((await store.outbox.takeUnreportedDead(EVERYTHING)).map((e) => e.key)).not.toContain(doomed);
      expect((await claimKeys(store, [doomed, next])).map((e) => e.key)).toEqual([next]);
      await store.close();
    });

    it('reports the creation time of the oldest pending entry', async () => {
      const store = await open();
      const key = unique('oldest');
      // Earlier than anything the other tests write.
      await store.commit({ at: 1_000, outbox: [draft(key, unique('lane'))] });
      expect((await store.outbox.stats(T0)).oldestPendingAt).toBe(1_000);
      await claimKeys(store, [key], T0, 'a');
      await store.outbox.complete(key, 'a');
      expect((await store.outbox.stats(T0)).oldestPendingAt).not.toBe(1_000);
      await store.close();
    });
  });
}

function timerContract(name: string, open: () => Promise<Store>, openConcurrent: () => Promise<Store>): void {
  describe(`${name}: timers, inbox and readiness contract`, () => {
    it("leases due timers oldest first to one owner until the lease runs out on the store's clock", async () => {
      const store = await open();
      const { ticket } = await store.tickets.create(newTicket(), created);
      const [older, newer, future] = [
        timer(ticket.id, 0.5, T0 - 9 * MINUTE),
        timer(ticket.id, 0.75, T0 - 8 * MINUTE),
        timer(ticket.id, 1, T0 + 600 * MINUTE),
      ];
      await store.commit({ at: T0, timers: { ticketId: ticket.id, plan: () => [future, newer, older] } });
      const mine = (timers: readonly TimerPlan[]) => timers.filter((t) => t.ticketId === ticket.id);

      // Every timer due now goes to one of two racing owners, none to both.
      const [a, b] = await Promise.all([
        store.timers.claimDue('a', T0, MINUTE, EVERYTHING),
        store.timers.claimDue('b', T0, MINUTE, EVERYTHING),
      ]);
      const ids = [...a, ...b].map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(mine([...a, ...b]).sort((x, y) => x.dueAt - y.dueAt)).toEqual([older, newer]);
      const leasedToA = mine(a);
      expect(leasedToA).toEqual([...leasedToA].sort((x, y) => x.dueAt - y.dueAt));
      const ownerOfOlder = a.some((t) => t.id === older.id) ? 'a' : 'b';

      // While the leases run, nobody else gets any of them (every timer due now was leased above),
      // not even a claimer whose clock is an hour ahead: leases run on the store's clock.
      expect(mine(await store.timers.claimDue('c', T0 + 60 * MINUTE, MINUTE, EVERYTHING))).toEqual([]);
      await store.timers.release([older.id, newer.id], 'not-the-owner');
      expect(await store.timers.claimDue('c', T0, MINUTE, EVERYTHING)).toEqual([]);
      await store.timers.release([older.id], ownerOfOlder);
      expect(await store.timers.claimDue('c', T0, SHORT_LEASE, EVERYTHING)).toEqual([older]);
      // Once a lease has run out on the store's clock, another owner gets the timer.
      await waitOut(store, SHORT_LEASE);
      expect(mine(await store.timers.claimDue('d', T0, MINUTE, EVERYTHING))).toEqual([older]);
      expect(mine(await store.timers.claimDue('e', T0 + 60 * MINUTE, MINUTE, EVERYTHING))).toEqual([]);
      expect((await store.timers.pendingOf(ticket.id)).map((t) => t.id)).toEqual([
        older.id,
        newer.id,
        future.id,
      ]);
      await store.close();
    });

    it('counts pending, due and fired timers and the next due time', async () => {
      const store = await open();
      const { ticket } = await store.tickets.create(newTicket(), created);
      const before = await store.timers.stats(T0);
      const [due, later] = [timer(ticket.id, 0.5, T0 - 3 * MINUTE), timer(ticket.id, 1, T0 + 3 * MINUTE)];
      await store.commit({ at: T0, timers: { ticketId: ticket.id, plan: () => [due, later] } });
      const after = await store.timers.stats(T0);
      expect(after).toMatchObject({
        pending: before.pending + 2,
        dueNow: before.dueNow + 1,
        fired: before.fired,
      });
      expect(after.nextDueAt).toBeLessThanOrEqual(due.dueAt);
      await store.commit({ at: T0, firedTimers: [due.id] });
      expect(await store.timers.stats(T0)).toMatchObject({
        pending: before.pending + 1,
        dueNow: before.dueNow,
        fired: before.fired + 1,
      });
      await store.close();
    });

    it("tells the store's time, close to the clock of this machine", async () => {
      const store = await open();
      const before = Date.now();
      const now = await store.timers.now();
      expect(Math.abs(now - before)).toBeLessThan(5_000);
      await store.close();
    });

    it('tells whether an event id was seen, claimed directly or by a commit', async () => {
      const store = await open();
      const [direct, committed] = [unique('event'), unique('event')];
      expect(await store.inbox.seen(direct)).toBe(false);
      await store.inbox.claim(direct, T0);
      expect(await store.inbox.seen(direct)).toBe(true);
      expect(await store.inbox.seen(committed)).toBe(false);
      await store.commit({ eventId: committed, at: T0 });
      expect(await store.inbox.seen(committed)).toBe(true);
      expect(await store.inbox.claim(committed, T0)).toBe(false);
      await store.close();
    });

    it('adds reporters to an incident at the version it holds, and refuses a second incident on the same outage', async () => {
      const store = await openConcurrent();
      const host = `${unique('env')}.example.com`;
      const incidentTicket = newTicket({
        environments: [`https://${host}/portal`],
        customer: 'acme',
        incident: newIncident(T0),
      });
      const first = await store.commit({ at: T0, createTicket: { ticket: incidentTicket, event: created } });
      const id = first.ticket!.id;
      // Joins land whatever version the caller saw: none conflicts, each is recorded.
      const people = ['slack:U1', 'slack:U2', 'slack:U3'];
      await Promise.all(
        people.map((person) =>
          store.commit({
            eventId: unique('join'),
            at: T0 + 1,
            joinIncident: {
              ticketId: id,
              person: { id: person, name: person },
              event: { at: T0 + 1, actor: person, type: 'reporterJoined', data: {} },
            },
          }),
        ),
      );
      const joined = (await store.tickets.get(id))!;
      expect(joined.incident!.affected.map((a) => a.id).sort()).toEqual(people);
      expect(joined.version).toBe(4);
      // The same outage (same customer, same host): refused with nothing stored.
      const guard = { conversationKey: 'k', customer: 'acme', environments: [`${host.toUpperCase()}`] };
      const claim = unique('event');
      await expect(
        store.commit({
          eventId: claim,
          at: T0 + 2,
          onlyIfNoIncidentOn: guard,
          createTicket: { ticket: newTicket({ incident: newIncident(T0) }), event: created },
        }),
      ).rejects.toBeInstanceOf(IncidentExistsError);
      expect(await store.inbox.seen(claim)).toBe(false);
      // Another customer's outage on that host is its own incident.
      const other = await store.commit({
        at: T0 + 3,
        onlyIfNoIncidentOn: { ...guard, customer: 'globex' },
        createTicket: { ticket: newTicket({ incident: newIncident(T0) }), event: created },
      });
      expect(other.created).toBe(true);
      await store.close();
    });

    it('opens one incident when three reports of one outage are committed at the same moment', async () => {
      const store = await openConcurrent();
      const host = `${unique('env')}.example.com`;
      const report = (key: string) =>
        store.commit({
          eventId: unique('event'),
          at: T0,
          onlyIfNoIncidentOn: { conversationKey: key, customer: 'acme', environments: [host] },
          createTicket: {
            ticket: newTicket({
              customer: 'acme',
              environments: [`https://${host}/`],
              incident: newIncident(T0),
            }),
            event: created,
          },
        });
      const outcomes = await Promise.allSettled([report('a'), report('b'), report('c')]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refusals = outcomes.filter((o) => o.status === 'rejected');
      expect(refusals.map((o) => (o as PromiseRejectedResult).reason)).toEqual([
        expect.any(IncidentExistsError),
        expect.any(IncidentExistsError),
      ]);
      const stored = (await store.tickets.list({})).filter((t) =>
        t.environments.some((e) => e.includes(host)),
      );
      expect(stored).toHaveLength(1);
      await store.close();
    });

    it('commits a probe write while open and fails it once closed', async () => {
      const store = await open();
      await expect(store.probeWrite(T0)).resolves.toBeUndefined();
      await store.close();
      await expect(store.probeWrite(T0 + 1)).rejects.toThrow();
    });
  });
}
