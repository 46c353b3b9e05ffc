import type { Language } from '../core/i18n/language.js';
import type { ReplyPart } from '../core/intake/reply.js';
import type { ChatAddress } from './chat-address.js';

/**
 * An outbound message intent, written in the same transaction as the change that
 * caused it and delivered by the outbox worker. Cards are rendered at delivery time,
 * so a card always shows the ticket as it is then.
 */
export type OutboxMessage =
  /** The bot's turn in a conversation (intake questions, confirmations). */
  | {
      readonly kind: 'reply';
      readonly to: ChatAddress;
      readonly parts: ReplyPart[];
      readonly language: Language;
    }
  /** Post a new copy of a ticket's card and record it. */
  | {
      readonly kind: 'postCard';
      readonly to: ChatAddress;
      readonly ticketId: string;
      readonly timeZone?: string;
    }
  /** Update every posted copy of a ticket's card in place (but the one a click already answered). */
  | {
      readonly kind: 'updateCards';
      readonly ticketId: string;
      readonly notice?: string;
      readonly exceptMessageId?: string;
    }
  /** A plain notification (to a person, the requester's conversation, or a channel). */
  | { readonly kind: 'text'; readonly to: ChatAddress; readonly text: string }
  /** Open the incident channel of a P1 on a platform (CONTRACTS.md section 8) and record it on the ticket. */
  | {
      readonly kind: 'openIncident';
      readonly platform: 'teams' | 'slack';
      readonly ticketId: string;
      /** Platform user ids to invite. */
      readonly invite: readonly string[];
    }
  /** Add people to the incident channel; refusals are told to the incident managers and support. */
  | { readonly kind: 'incidentInvite'; readonly ticketId: string; readonly invite: readonly string[] }
  /** Pin the ticket card in the incident channel. */
  | { readonly kind: 'incidentPin'; readonly ticketId: string; readonly messageId: string }
  /** Set the incident channel's topic to the ticket's status. */
  | { readonly kind: 'incidentTopic'; readonly ticketId: string }
  /** Archive the incident channel (INCIDENT_ARCHIVE_ON_CLOSE=1). */
  | { readonly kind: 'archiveIncident'; readonly ticketId: string }
  /** The RCA draft, built from the ticket's timeline when it is sent. */
  | {
      readonly kind: 'rcaDraft';
      readonly ticketId: string;
      readonly to: ChatAddress;
      readonly intro: string;
    };

/**
 * Stands for "the ticket this same commit creates" in a draft's key, lane and strings;
 * the store puts the id in. Control characters never survive user text, so no user
 * can type it.
 */
export const NEW_TICKET = '\u0000newTicket\u0000';

export interface OutboxDraft {
  /** Deterministic key: the same intent written twice is stored once. */
  readonly key: string;
  /** Messages with the same lane are delivered one after another, in order. */
  readonly lane: string;
  readonly message: OutboxMessage;
}

export interface OutboxEntry extends OutboxDraft {
  readonly seq: number;
  readonly attempts: number;
  readonly createdAt: number;
  /** What an earlier attempt left behind (e.g. "may have been sent"), for reconciling. */
  readonly lastError: string | null;
}

export interface OutboxStats {
  readonly pending: number;
  readonly dead: number;
  readonly oldestPendingAt: number | null;
}

/** Delivery bookkeeping: leases so that one process sends each message, retries and dead letters. */
export interface OutboxRepository {
  /**
   * Leases up to `limit` deliverable entries (due by `now`, not leased, first of their
   * lane) to `owner` for `leaseMs` of the store's own clock (not `now`: replicas whose
   * clocks differ never share a lease); `keys` narrows it to some entries (the ones one
   * inbound event just wrote). A new entry is due at once whatever the reader's clock.
   */
  claim(
    owner: string,
    now: number,
    leaseMs: number,
    limit: number,
    keys?: readonly string[],
  ): Promise<OutboxEntry[]>;
  /**
   * The holder's lease on a pending entry runs `leaseMs` more of the store's clock, so a
   * try that takes long is not started again beside it; false when `owner` no longer
   * holds it (it ran out and another process took it, or the entry is settled).
   */
  renewLease(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Optional: from now on, an entry first of its lane is leased to `owner` in the commit
   * that writes it, so that owner's claim of it needs no transaction of its own. Entries
   * a crashed owner held this way are claimed by others once the lease runs out.
   */
  leaseOnWrite?(owner: string, leaseMs: number): void;
  /** Delivered: the entry is done for good. */
  complete(key: string, owner: string): Promise<void>;
  /** Failed: tried again at `retryAt`, with the error kept. */
  retry(key: string, owner: string, retryAt: number, error: string): Promise<void>;
  /** Failed for good: kept as a dead letter (visible on /readyz and /metrics). */
  deadLetter(key: string, owner: string, error: string): Promise<void>;
  stats(now: number): Promise<OutboxStats>;
  /** Dead letters not yet reported to a fallback channel; marking them reported. */
  takeUnreportedDead(limit: number): Promise<OutboxEntry[]>;
  /** Dead letters, oldest first (for the operator's `ticketbot outbox`). */
  deadLetters(limit: number): Promise<OutboxEntry[]>;
  /** A dead letter goes back to the queue, due now with fresh attempts; false when there is no such dead letter. */
  requeue(key: string, now: number): Promise<boolean>;
  /** A dead letter is dropped for good (kept as done, so its key is never sent again). */
  discard(key: string): Promise<boolean>;
}
