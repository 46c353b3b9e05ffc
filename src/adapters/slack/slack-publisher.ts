import type { WebClient } from '@slack/web-api';
import type { Language } from '../../core/i18n/language.js';
import type { ReplyPart } from '../../core/intake/reply.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { ChatAddress } from '../../ports/chat-address.js';
import {
  type CardRendering,
  type ChatPublisher,
  CredentialsRefusedError,
  PermanentDeliveryError,
  type PostedMessage,
  type SendOptions,
  UncertainDeliveryError,
} from '../../ports/chat-publisher.js';
import type { CardCopy } from '../../ports/delivery-repositories.js';
import type { Logger } from '../../ports/logger.js';
import { replyMessages, type SlackMessage, ticketCardMessage } from './block-kit.js';
import { slackEscape } from './slack-text.js';

/** Errors after which the same call will never succeed: dead-letter, do not retry. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_attachments',
  'message_not_found',
  'cant_update_message',
  'user_not_found',
  'cannot_dm_bot',
]);

/**
 * Slack refused the bot token itself (revoked, rotated, expired, its workspace or user
 * deactivated): not a property of the message, so the app holds and retries it.
 */
const CREDENTIALS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

/** Slack will not let the bot read the history there: the message is sent without a look-up. */
const LOOK_UP_REFUSALS = new Set(['missing_scope', 'not_in_channel', 'channel_not_found', 'no_permission']);

const EVENT_TYPE = 'ticketbot_outbox';
/** How far back a retry looks for a message an unclear failure may have sent. */
const HISTORY_LIMIT = 100;

/** Slack answered 429: certainly not sent, and not to be asked again before Retry-After. */
export class SlackRateLimitedError extends Error {
  override readonly name = 'SlackRateLimitedError';
  /** False once a part of the same send went out before this call was refused. */
  sentNothing = true;
  constructor(readonly retryAfterMs: number) {
    super(`Slack rate limited the call (Retry-After ${retryAfterMs / 1000} s)`);
  }
}

/** The Retry-After of a 429, however the Web API client reported it (rejected, or waited and failed). */
function retryAfterSeconds(err: unknown, message: string): number | null {
  const e = err as { code?: string; retryAfter?: unknown };
  if (e.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number') return e.retryAfter;
  const waited = /A rate limit was exceeded \(.*retry-after: (\d+)\)/.exec(message);
  return waited ? Number(waited[1]) : null;
}

/** Slack's own error code of a refused call (`invalid_auth`, `name_taken` ...), if it gave one. */
export function slackErrorCode(err: unknown): string | undefined {
  const code = (err as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

export function slackError(err: unknown): Error {
  const e = err as { code?: string; statusCode?: number };
  const code = slackErrorCode(err);
  if (code && CREDENTIALS.has(code))
    return new CredentialsRefusedError('slack', `Slack refused the bot token (${code})`);
  if (code && PERMANENT.has(code)) return new PermanentDeliveryError(`Slack refused: ${code}`);
  const message = err instanceof Error ? err.message : String(err);
  const retryAfter = retryAfterSeconds(err, message);
  if (retryAfter !== null) return new SlackRateLimitedError(retryAfter * 1000);
  // A network error or a 5xx may come after Slack took the message: look before resending.
  if (
    e.code === 'slack_webapi_request_error' ||
    (e.code === 'slack_webapi_http_error' && (e.statusCode ?? 0) >= 500)
  )
    return new UncertainDeliveryError(message);
  return err instanceof Error ? err : new Error(message);
}

/** Slack behind the chat publisher port: the Web API with the configured bot token. */
export class SlackPublisher implements ChatPublisher {
  readonly platform = 'slack' as const;

  constructor(
    private readonly client: WebClient,
    private readonly logger?: Logger,
  ) {}

  private async channelOf(to: ChatAddress): Promise<string> {
    if (to.kind !== 'user') return to.id;
    const dm = await this.client.conversations.open({ users: to.id });
    if (!dm.channel?.id) throw new Error(`no direct message channel with ${to.id}`);
    return dm.channel.id;
  }

  /** A message this bot posted earlier with the outbox key in its metadata, if Slack has it. */
  private async findPosted(to: ChatAddress, key: string): Promise<PostedMessage | null> {
    const channel = await this.channelOf(to);
    const page = to.threadId
      ? await this.client.conversations.replies({
          channel,
          ts: to.threadId,
          limit: HISTORY_LIMIT,
          include_all_metadata: true,
        })
      : await this.client.conversations.history({
          channel,
          limit: HISTORY_LIMIT,
          include_all_metadata: true,
        });
    const found = (page.messages ?? []).find((m) => {
      const metadata = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } })
        .metadata;
      return metadata?.event_type === EVENT_TYPE && metadata.event_payload?.key === key;
    });
    if (!found?.ts) return null;
    return {
      conversationId: channel,
      messageId: found.ts,
      reference: to.threadId ? { threadTs: to.threadId } : {},
    };
  }

  /**
   * findPosted, but a look-up Slack refuses (a private channel without groups:history, the
   * bot not in the channel) sends anyway: a copy that may show twice beats a message
   * never delivered. A look-up that failed for a while (429, 5xx) is tried again later.
   */
  private async lookUp(to: ChatAddress, key: string): Promise<PostedMessage | null> {
    try {
      return await this.findPosted(to, key);
    } catch (err) {
      const refusal = slackErrorCode(err);
      const refused = (err as { code?: string }).code === 'slack_webapi_platform_error';
      // Only a refusal of the read itself: an error of Slack's own (internal_error ...) is
      // when the earlier copy most likely went out, so that try waits and looks again.
      if (!refused || !refusal || !LOOK_UP_REFUSALS.has(refusal)) throw err;
      this.logger?.warn(
        { key, conversation: to.id, err: refusal },
        'could not look for an earlier copy of a message that may have been sent; sending it (it may show twice)',
      );
      return null;
    }
  }

  private async post(
    to: ChatAddress,
    message: SlackMessage,
    key: string,
    options: SendOptions = {},
  ): Promise<PostedMessage> {
    try {
      if (options.maybeSent) {
        const earlier = await this.lookUp(to, key);
        if (earlier) return earlier;
      }
      const channel = await this.channelOf(to);
      const response = await this.client.chat.postMessage({
        channel,
        ...(to.threadId ? { thread_ts: to.threadId } : {}),
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.attachments ? { attachments: message.attachments } : {}),
        unfurl_links: false,
        unfurl_media: false,
        // The outbox key travels with the message, so a retry after an unclear failure can be matched.
        metadata: { event_type: EVENT_TYPE, event_payload: { key } },
      } as Parameters<WebClient['chat']['postMessage']>[0]);
      return {
        conversationId: String(response.channel ?? channel),
        messageId: String(response.ts),
        reference: to.threadId ? { threadTs: to.threadId } : {},
      };
    } catch (err) {
      throw slackError(err);
    }
  }

  async sendReply(
    to: ChatAddress,
    parts: readonly ReplyPart[],
    _language: Language,
    key: string,
    options?: SendOptions,
  ): Promise<void> {
    const messages = replyMessages(parts);
    // Each message has its own key, so a retry sends only the ones Slack does not have.
    for (const [i, message] of messages.entries()) {
      try {
        await this.post(to, message, `${key}#${i}`, options);
      } catch (err) {
        if (i > 0 && err instanceof SlackRateLimitedError) err.sentNothing = false;
        throw err;
      }
    }
  }

  async sendText(to: ChatAddress, text: string, key: string, options?: SendOptions): Promise<void> {
    const escaped = slackEscape(text);
    const section = {
      type: 'section' as const,
      text: { type: 'mrkdwn' as const, text: escaped.slice(0, 3000) },
    };
    await this.post(to, { text: escaped, blocks: [section] }, key, options);
  }

  private render(ticket: Ticket, rendering: CardRendering): SlackMessage {
    return ticketCardMessage(ticket, {
      timeZone: rendering.timeZone,
      now: rendering.now,
      policy: rendering.policy,
      actions: rendering.actions,
      ...(rendering.notice ? { notice: rendering.notice } : {}),
    });
  }

  async postCard(
    to: ChatAddress,
    ticket: Ticket,
    rendering: CardRendering,
    key: string,
    options?: SendOptions,
  ): Promise<PostedMessage> {
    return this.post(to, this.render(ticket, rendering), key, options);
  }

  async updateCard(copy: CardCopy, ticket: Ticket, rendering: CardRendering): Promise<void> {
    const message = this.render(ticket, rendering);
    try {
      await this.client.chat.update({
        channel: copy.conversationId,
        ts: copy.messageId,
        text: message.text,
        attachments: message.attachments,
      } as Parameters<WebClient['chat']['update']>[0]);
    } catch (err) {
      throw slackError(err);
    }
  }
}
