import type { Language } from '../core/i18n/language.js';
import type { ReplyPart } from '../core/intake/reply.js';
import type { SlaPolicy } from '../core/sla/sla-policy.js';
import type { Ticket } from '../core/tickets/ticket.js';
import type { ActionKind } from '../core/tickets/ticket-permissions.js';
import type { ChatAddress } from './chat-address.js';
import type { CardCopy } from './delivery-repositories.js';

/** What a card needs besides the ticket: decided by the app, rendered by the adapter. */
export interface CardRendering {
  readonly now: number;
  readonly policy: SlaPolicy | undefined;
  /** The buttons a posted copy shows (from the core's permissions). */
  readonly actions: readonly ActionKind[];
  readonly notice?: string;
  /** The zone for fallback times (readers' own zones where the platform can). */
  readonly timeZone: string;
}

/** A message a publisher posted, to find it again. */
export interface PostedMessage {
  readonly conversationId: string;
  readonly messageId: string;
  readonly reference: Readonly<Record<string, unknown>>;
}

/** What an earlier attempt left open: it may have been sent (look before sending again). */
export interface SendOptions {
  readonly maybeSent?: boolean;
}

/**
 * The seam between the app and a chat platform: render and send, nothing else. Any
 * flow can call it, with or without an incoming message (Teams: stored conversation
 * references; Slack: the Web API with the configured token).
 */
export interface ChatPublisher {
  readonly platform: 'teams' | 'slack';
  /** The bot's turn in a conversation. `key` identifies the message for reconciling a retry. */
  sendReply(
    to: ChatAddress,
    parts: readonly ReplyPart[],
    language: Language,
    key: string,
    options?: SendOptions,
  ): Promise<void>;
  sendText(to: ChatAddress, text: string, key: string, options?: SendOptions): Promise<void>;
  postCard(
    to: ChatAddress,
    ticket: Ticket,
    rendering: CardRendering,
    key: string,
    options?: SendOptions,
  ): Promise<PostedMessage | null>;
  /** Updates a posted copy in place (idempotent: a PUT / chat.update). */
  updateCard(copy: CardCopy, ticket: Ticket, rendering: CardRendering): Promise<void>;
}

/** A send that will never work (unknown channel, bot removed): dead-lettered at once, not retried. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** A send that may or may not have happened (a timeout, a 5xx after the request went out). */
export class UncertainDeliveryError extends Error {
  override readonly name = 'UncertainDeliveryError';
}

/**
 * True when the failed try certainly sent none of the message (a 429 on its first call):
 * the next try need not look for an earlier copy before it sends.
 */
export function sentNothing(err: unknown): boolean {
  return (err as { sentNothing?: unknown } | null)?.sentNothing === true;
}

/**
 * The platform refused the bot's own credentials (a revoked or rotated Slack token, a
 * Teams app password the connector turns down): every message to that platform fails
 * alike until an operator fixes them, so the message is held and retried, not given up.
 */
export class CredentialsRefusedError extends Error {
  override readonly name = 'CredentialsRefusedError';
  constructor(
    readonly platform: 'teams' | 'slack',
    message: string,
  ) {
    super(message);
  }
}
