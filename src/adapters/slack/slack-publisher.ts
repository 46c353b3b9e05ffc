import type { WebClient } from '@slack/web-api';
import type { Language } from '../../core/i18n/language.js';
import type { ReplyPart } from '../../core/intake/reply.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { ChatAddress } from '../../ports/chat-address.js';
import {
  type CardRendering,
  type ChatPublisher,
  PermanentDeliveryError,
  type PostedMessage,
} from '../../ports/chat-publisher.js';
import type { CardCopy } from '../../ports/delivery-repositories.js';
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
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
]);

function slackError(err: unknown): Error {
  const code = (err as { data?: { error?: string } }).data?.error;
  if (code && PERMANENT.has(code)) return new PermanentDeliveryError(`Slack refused: ${code}`);
  return err instanceof Error ? err : new Error(String(err));
}

/** Slack behind the chat publisher port: the Web API with the configured bot token. */
export class SlackPublisher implements ChatPublisher {
  readonly platform = 'slack' as const;

  constructor(private readonly client: WebClient) {}

  private async channelOf(to: ChatAddress): Promise<string> {
    if (to.kind !== 'user') return to.id;
    const dm = await this.client.conversations.open({ users: to.id });
    if (!dm.channel?.id) throw new Error(`no direct message channel with ${to.id}`);
    return dm.channel.id;
  }

  private async post(to: ChatAddress, message: SlackMessage, key: string): Promise<PostedMessage> {
    try {
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
        metadata: { event_type: 'ticketbot_outbox', event_payload: { key } },
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
  ): Promise<void> {
    const messages = replyMessages(parts);
    for (const [i, message] of messages.entries()) await this.post(to, message, `${key}#${i}`);
  }

  async sendText(to: ChatAddress, text: string, key: string): Promise<void> {
    const escaped = slackEscape(text);
    await this.post(
      to,
      {
        text: escaped,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escaped.slice(0, 3000) } }],
      },
      key,
    );
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
  ): Promise<PostedMessage> {
    return this.post(to, this.render(ticket, rendering), key);
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
