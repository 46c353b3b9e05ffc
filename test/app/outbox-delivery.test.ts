import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { MAX_TRY_LEASES, OutboxDelivery } from '../../src/app/outbox-delivery.js';
import { PolicyRegistry } from '../../src/core/sla/policy-registry.js';
import type { ChatPublisher } from '../../src/ports/chat-publisher.js';
import type { Logger } from '../../src/ports/logger.js';
import { sampleTicket } from '../helpers/sample-ticket.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger that keeps each message (the tests read what the delivery said). */
function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    info: () => undefined,
    warn: (_fields, msg) => void lines.push(`warn: ${msg}`),
    error: (_fields, msg) => void lines.push(`error: ${msg}`),
    child: () => logger,
  };
  return logger;
}

/** A Slack publisher whose texts take `sendMs` each (or never end, for the keys in `hang`). */
function slowPublisher(sends: string[], sendMs: number, hang = new Set<string>()): ChatPublisher {
  return {
    async sendText(_to: unknown, _text: string, key: string) {
      sends.push(key);
      await (hang.delete(key) ? new Promise(() => undefined) : sleep(sendMs));
    },
  } as unknown as ChatPublisher;
}

/** Two replicas' deliveries on one store, with a short lease and send deadline. */
function replicas(
  store: SqliteStore,
  publisher: ChatPublisher,
  lines: string[],
  leaseMs: number,
  sendDeadlineMs: number,
) {
  const replica = (owner: string) =>
    new OutboxDelivery({
      store,
      policies: PolicyRegistry.create(),
      publishers: new Map([['slack', publisher]]),
      clock: { now: () => Date.now() },
      logger: recordingLogger(lines),
      support: { slack: null, teams: null },
      owner,
      sendDeadlineMs,
      leaseMs,
    });
  return [replica('replica-a'), replica('replica-b')] as const;
}

async function queueTexts(store: SqliteStore, keys: readonly string[]): Promise<void> {
  await store.commit({
    at: Date.now(),
    outbox: keys.map((key, i) => ({
      key,
      lane: `lane-${key}`,
      message: {
        kind: 'text' as const,
        to: { platform: 'slack' as const, kind: 'channel' as const, id: `C${i}` },
        text: 'hi',
      },
    })),
  });
}

function status(store: SqliteStore, key: string): string {
  return store.db.prepare<[string], { status: string }>('SELECT status FROM outbox WHERE key = ?').get(key)!
    .status;
}

describe('outbox delivery under short leases', () => {
  it('entries sent one after another never outrun their lease: another replica sends none of them twice', async () => {
    const store = SqliteStore.inMemory();
    const sends: string[] = [];
    const lines: string[] = [];
    const lease = 300;
    // Each send ends within the send deadline: only the leases are at stake.
    const [a, b] = replicas(store, slowPublisher(sends, 90), lines, lease, 100);
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    await queueTexts(store, keys);

    // One event's replies: the event's answer waits 50 ms, the rest goes on one by one
    // (six sends of 90 ms: the last ones start well after the lease taken at the claim).
    void a.deliverNow(keys, 50);
    await sleep(lease + 100);
    await b.runOnce();
    await expect
      .poll(() => keys.every((key) => status(store, key) === 'done'), { timeout: 5_000 })
      .toBe(true);

    expect([...sends].sort()).toEqual(keys);
    // An entry whose lease ran out while it waited its turn may have gone to the other
    // replica: then this one leaves it alone rather than send it too.
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
    store.close();
  });

  it(`lets a try that never ends go after ${MAX_TRY_LEASES} leases, so the next pass sends the message`, async () => {
    const store = SqliteStore.inMemory();
    const sends: string[] = [];
    const lines: string[] = [];
    const lease = 100;
    const [a, b] = replicas(store, slowPublisher(sends, 1, new Set(['stuck'])), lines, lease, lease / 4);
    await queueTexts(store, ['stuck']);

    expect(await a.runOnce()).toBe(1);
    // Renewed while it runs: no other pass takes it.
    await sleep(2 * lease);
    expect(await b.runOnce()).toBe(0);
    await expect
      .poll(() => lines, { timeout: MAX_TRY_LEASES * lease + 2_000 })
      .toContain('error: a try has run for too long; its lease is let go and the next pass tries again');
    // Its last lease runs out on the store's clock, then another pass sends it.
    await sleep(lease + 20);
    expect(await b.runOnce()).toBe(1);
    expect(status(store, 'stuck')).toBe('done');
    expect(sends).toEqual(['stuck', 'stuck']);
    expect(lines[0]).toBe('warn: no answer yet; the try goes on in the background');
    store.close();
  });
});

describe('outbox delivery of one event', () => {
  it('sends an entry held up behind its conversation’s message still in flight as soon as that send ends', async () => {
    const store = SqliteStore.inMemory();
    const sends: string[] = [];
    let release: () => void = () => undefined;
    const publisher = {
      async sendText(_to: unknown, _text: string, key: string) {
        sends.push(key);
        if (key === 'first') await new Promise<void>((resolve) => (release = resolve));
      },
    } as unknown as ChatPublisher;
    const [delivery] = replicas(store, publisher, [], 60_000, 30_000);
    const text = (key: string) => ({
      key,
      lane: 'dm-U1',
      message: {
        kind: 'text' as const,
        to: { platform: 'slack' as const, kind: 'user' as const, id: 'U1' },
        text: key,
      },
    });
    const first = await store.commit({ at: Date.now(), outbox: [text('first')] });
    const firstSent = delivery.deliverNow(first.outboxKeys, 5_000);
    await sleep(20);
    expect(sends).toEqual(['first']);
    // The user answered before the platform confirmed the first message.
    const second = await store.commit({ at: Date.now(), outbox: [text('second')] });
    const secondSent = delivery.deliverNow(second.outboxKeys, 5_000);
    await sleep(50);
    expect(sends).toEqual(['first']);
    release();
    await Promise.all([firstSent, secondSent]);
    // Sent by the event's own delivery (no worker pass ran), after the first, in order.
    expect(sends).toEqual(['first', 'second']);
    expect(status(store, 'second')).toBe('done');
    await store.close();
  });
});

/** A stored ticket with a Slack card copy in each of `conversations`; `addCopy` posts one more. */
async function ticketWithCopies(store: SqliteStore, conversations: readonly string[]) {
  const { id: _id, version: _v, ...fields } = sampleTicket({ policy: 'workspace365-basic' });
  const { ticket } = await store.tickets.create(fields, {
    at: Date.now(),
    actor: 'x',
    type: 'created',
    data: {},
  });
  let copies = 0;
  const addCopy = (conversationId: string) =>
    store.cardCopies.add({
      ticketId: ticket.id,
      platform: 'slack',
      conversationId,
      messageId: `${++copies}.${copies}`,
      reference: {},
    });
  for (const conversation of conversations) await addCopy(conversation);
  return { ticket, addCopy };
}

/** `count` card updates of one ticket, queued a second ago (piled up behind a held lane). */
async function queuePile(store: SqliteStore, ticketId: string, prefix: string, count: number) {
  await store.commit({
    at: Date.now() - 1_000,
    outbox: Array.from({ length: count }, (_, i) => ({
      key: `${prefix}-${i}`,
      lane: `cards:${ticketId}`,
      message: { kind: 'updateCards' as const, ticketId },
    })),
  });
}

describe('card updates queued behind a held lane', () => {
  it('a pile of updates of one unchanged ticket updates each copy once', async () => {
    const store = SqliteStore.inMemory();
    const { ticket } = await ticketWithCopies(store, ['D1', 'CSUP']);
    // Five timer firings' updates waited behind a lease (a replica that died): all due now.
    await queuePile(store, ticket.id, 'cards', 5);
    const updates: string[] = [];
    const publisher = {
      async updateCard(copy: { conversationId: string }) {
        updates.push(copy.conversationId);
      },
    } as unknown as ChatPublisher;
    const [delivery] = replicas(store, publisher, [], 60_000, 5_000);
    while ((await delivery.runOnce()) > 0);
    expect(updates.sort()).toEqual(['CSUP', 'D1']);
    for (let i = 0; i < 5; i++) expect(status(store, `cards-${i}`)).toBe('done');
    // An update queued after that one began (a deadline passed since) still runs.
    await store.commit({
      at: Date.now() + 1,
      outbox: [
        {
          key: 'cards-later',
          lane: `cards:${ticket.id}`,
          message: { kind: 'updateCards' as const, ticketId: ticket.id },
        },
      ],
    });
    while ((await delivery.runOnce()) > 0);
    expect(updates).toHaveLength(4);
  });

  it('a copy posted while an update ran is updated by the next one in the pile', async () => {
    const store = SqliteStore.inMemory();
    const { ticket, addCopy } = await ticketWithCopies(store, ['D1']);
    await queuePile(store, ticket.id, 'pile', 3);
    const updates: string[] = [];
    const publisher = {
      async updateCard(updated: { conversationId: string }) {
        updates.push(updated.conversationId);
        // The card is posted somewhere new while the first update runs.
        if (updates.length === 1) await addCopy('CNEW');
      },
    } as unknown as ChatPublisher;
    const [delivery] = replicas(store, publisher, [], 60_000, 5_000);
    while ((await delivery.runOnce()) > 0);
    // The second update in the pile finds the new copy and updates every copy; the third repeats nothing.
    expect(updates).toEqual(['D1', 'D1', 'CNEW']);
  });
});

describe('a platform asking to wait', () => {
  it('waits its Retry-After, up to an hour', async () => {
    const store = SqliteStore.inMemory();
    const publisher = {
      async sendText() {
        throw Object.assign(new Error('rate limited'), { sentNothing: true, retryAfterMs: 86_400_000 });
      },
    } as unknown as ChatPublisher;
    const [delivery] = replicas(store, publisher, [], 60_000, 5_000);
    await queueTexts(store, ['day-long']);
    const tried = Date.now();
    await delivery.runOnce();
    expect(await store.outbox.claim('probe', tried + 3_595_000, 60_000, 1)).toEqual([]);
    const [due] = await store.outbox.claim('probe', tried + 3_605_000, 60_000, 1);
    expect(due?.key).toBe('day-long');
    expect(due?.attempts).toBe(2);
  });
});

describe('whether a try looks for an earlier copy first', () => {
  it('a dead letter queued again by the operator looks first; a retry after a 429 that sent nothing does not', async () => {
    const store = SqliteStore.inMemory();
    const looks: Array<[string, boolean]> = [];
    let refuseNext = false;
    const publisher = {
      async sendText(_to: unknown, _text: string, key: string, options?: { maybeSent?: boolean }) {
        looks.push([key, options?.maybeSent === true]);
        if (refuseNext) {
          refuseNext = false;
          throw Object.assign(new Error('rate limited'), { sentNothing: true, retryAfterMs: 1 });
        }
      },
    } as unknown as ChatPublisher;
    const [delivery] = replicas(store, publisher, [], 60_000, 5_000);

    await queueTexts(store, ['limited']);
    refuseNext = true;
    await delivery.runOnce();
    await sleep(1_100);
    await delivery.runOnce();
    expect(looks).toEqual([
      ['limited', false],
      ['limited', false],
    ]);

    await queueTexts(store, ['revived']);
    const [claimed] = await store.outbox.claim('operator-test', Date.now(), 60_000, 1, ['revived']);
    // Its last try was refused outright, but a try before it may have sent.
    await store.outbox.deadLetter(
      claimed!.key,
      'operator-test',
      'Slack refused the bot token (invalid_auth)',
    );
    expect(await store.outbox.requeue('revived', Date.now())).toBe(true);
    await delivery.runOnce();
    expect(looks.at(-1)).toEqual(['revived', true]);
  });
});
