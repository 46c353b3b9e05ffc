import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { t } from '../../src/core/i18n/catalogue.js';
import type { Ticket } from '../../src/core/tickets/ticket.js';
import type { FakeSlackApi } from '../helpers/fake-slack-api.js';
import { startServer } from '../helpers/server-harness.js';
import { textOf } from '../helpers/slack-user.js';

import { type CampaignReport, campaignEnv } from './crash-campaign.js';

/** The most tickets one list() call returns. */
const MAX_LIST = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After the last kill: the bot starts once more on the same DATA_DIR and is left to
 * deliver everything. Its clock runs ahead by the outbox and timer leases (at most a
 * minute), which the killed replicas held and nobody gives back: the time a real
 * restart would wait, without waiting it.
 */
/** Gives up when the outbox has not moved for `stuckMs` (a backlog that drains slowly is fine). */
export async function settle(dataDir: string, api: FakeSlackApi, stuckMs = 60_000): Promise<void> {
  const ahead = 2 * 60_000;
  const clock = { now: () => Date.now() + ahead };
  const server = await startServer(campaignEnv(dataDir, api), {
    clock,
    workers: true,
    outboxIntervalMs: 50,
    timerIntervalMs: 50,
  });
  try {
    let quietSince = Date.now();
    let calls = api.calls.length;
    for (;;) {
      const outbox = await server.context.store.outbox.stats(clock.now());
      const timers = await server.context.store.timers.stats(clock.now());
      if (api.calls.length !== calls) {
        calls = api.calls.length;
        quietSince = Date.now();
      }
      // Nothing left to send or fire, and Slack has heard nothing new for a while.
      if (outbox.pending === 0 && timers.dueNow === 0 && Date.now() - quietSince > 500) return;
      if (Date.now() - quietSince > stuckMs)
        throw new Error(
          `the outbox did not drain: ${JSON.stringify({ outbox, timers })}\n${server.logs.slice(-20).join('')}`,
        );
      await sleep(100);
    }
  } finally {
    await server.close();
  }
}

/** The outbox key a posted message carries in its metadata (every message the outbox posts has one). */
export function keyOf(post: Record<string, unknown>): string | null {
  const raw = post.metadata;
  const metadata = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
    | { event_type?: string; event_payload?: { key?: string } }
    | undefined;
  return metadata?.event_payload?.key ?? null;
}

export interface CrashFindings {
  integrity: string;
  tickets: number;
  /** Tickets the requester was told about ("Ticket TCK-... created"). */
  announced: number;
  announcedMissing: string[];
  formsAckedWithoutTicket: string[];
  /** Requesters with more tickets than forms they sent (a form counted twice). */
  formsDoubled: string[];
  posts: number;
  postsWithoutKey: number;
  /** Outbox keys Slack took more than once. */
  duplicates: string[];
  cardCopies: number;
  cardUpdates: number;
  /** Card copies whose last version on Slack shows another status or priority than the stored ticket. */
  staleCards: string[];
  transitions: number;
  breachNotices: number;
}

/** The status and priority a card shows: the "Status" field and the priority in the fallback text. */
function shown(message: Record<string, unknown>): { status: string | null; priority: string | null } {
  const text = textOf([message]);
  const status = /\*Status\*\\n([^"\\]+)/.exec(text)?.[1] ?? null;
  const priority = / (P[1-4]): /.exec(String(message.text))?.[1] ?? null;
  return { status, priority };
}

function expectedOf(ticket: Ticket): { status: string; priority: string } {
  return { status: t(ticket.language, `status.${ticket.status}`), priority: ticket.priority };
}

/** Everything the campaign promised, checked against the store and what the fake Slack took. */
export async function inspect(
  dataDir: string,
  api: FakeSlackApi,
  report: CampaignReport,
): Promise<CrashFindings> {
  const store = SqliteStore.open(dataDir);
  try {
    const integrity = String(store.db.pragma('integrity_check', { simple: true }));
    // Every ticket (list() gives the newest 1,000 unless asked for more): 200 kills make over 1,000.
    const tickets = await store.tickets.list({ limit: MAX_LIST });
    const { count } = store.db.prepare<[], { count: number }>('SELECT count(*) AS count FROM tickets').get()!;
    if (count !== tickets.length) throw new Error(`${count} tickets stored, ${tickets.length} listed`);
    const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
    const posts = api.succeeded('chat.postMessage');

    const announced = new Set<string>();
    for (const post of posts) {
      const id = /Ticket (TCK-\d+) created/.exec(textOf([post]))?.[1];
      if (id) announced.add(id);
    }

    const formsAckedWithoutTicket: string[] = [];
    const formsDoubled: string[] = [];
    for (const [user, acked] of report.formsAcked) {
      const own = tickets.filter((ticket) => ticket.requester.id === user);
      const keys = new Set(own.map((ticket) => ticket.idempotencyKey));
      for (const viewId of acked)
        if (![...keys].some((k) => k.includes(viewId))) formsAckedWithoutTicket.push(viewId);
      if (own.length > (report.formsSent.get(user)?.size ?? 0)) formsDoubled.push(user);
    }

    const taken = new Map<string, number>();
    let postsWithoutKey = 0;
    for (const post of posts) {
      const key = keyOf(post);
      if (key === null) postsWithoutKey += 1;
      else taken.set(key, (taken.get(key) ?? 0) + 1);
    }
    const duplicates = [...taken].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);

    const updates = api.succeeded('chat.update');
    const staleCards: string[] = [];
    let cardCopies = 0;
    for (const ticket of tickets) {
      for (const copy of await store.cardCopies.list(ticket.id)) {
        cardCopies += 1;
        const last =
          updates.filter((u) => u.channel === copy.conversationId && u.ts === copy.messageId).at(-1) ??
          posts.find((p) => p.channel === copy.conversationId && p.ts === copy.messageId);
        const want = expectedOf(ticket);
        const got = last ? shown(last) : null;
        if (!got || got.status !== want.status || got.priority !== want.priority)
          staleCards.push(
            `${ticket.id} in ${copy.conversationId}: shows ${JSON.stringify(got)}, is ${JSON.stringify(want)}`,
          );
      }
    }
    const transitions = (
      store.db.prepare(`SELECT COUNT(*) AS n FROM timeline WHERE type <> 'created'`).get() as { n: number }
    ).n;
    return {
      integrity,
      tickets: tickets.length,
      announced: announced.size,
      announcedMissing: [...announced].filter((id) => !byId.has(id)),
      formsAckedWithoutTicket,
      formsDoubled,
      posts: posts.length,
      postsWithoutKey,
      duplicates,
      cardCopies,
      cardUpdates: updates.length,
      staleCards,
      transitions,
      breachNotices: posts.filter((p) => /breached its .* target/.test(String(p.text))).length,
    };
  } finally {
    await store.close();
  }
}
