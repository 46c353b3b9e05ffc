import { describe, expect, it } from 'vitest';
import type { IntakeState } from '../../src/core/intake/intake-state.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import { ConversationConflictError } from '../../src/ports/conversation-repository.js';
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
export function storeContract(name: string, open: () => Promise<Store>): void {
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
      const store = await open();
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
      const store = await open();
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
      const store = await open();
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
      const store = await open();
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
}
