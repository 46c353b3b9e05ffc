import type { WebClient } from '@slack/web-api';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { type SlackMessage, ticketCardMessage } from './block-kit.js';
import type { Place } from './slack-bot.js';
import { DEFAULT_ZONE } from './slack-profiles.js';

/** Posting messages and ticket cards, and keeping every posted copy of a card current. */
export class SlackCards {
  constructor(private readonly deps: { store: Store; logger: Logger; supportChannel: string | null }) {}

  async post(client: WebClient, place: Place, message: SlackMessage): Promise<string | undefined> {
    const response = await client.chat.postMessage({
      channel: place.channel,
      ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.attachments ? { attachments: message.attachments } : {}),
      unfurl_links: false,
      unfurl_media: false,
    } as Parameters<WebClient['chat']['postMessage']>[0]);
    return response.ts;
  }

  /** Posts the card where the user is and in the support channel, recording every copy. */
  async postCard(client: WebClient, ticket: Ticket, place: Place, timeZone: string): Promise<void> {
    const message = ticketCardMessage(ticket, { timeZone, now: Date.now() });
    const places = [place, ...(this.deps.supportChannel ? [{ channel: this.deps.supportChannel }] : [])];
    for (const where of places) {
      try {
        const ts = await this.post(client, where, message);
        if (ts) {
          await this.deps.store.cardCopies.add({
            ticketId: ticket.id,
            platform: 'slack',
            conversationId: where.channel,
            messageId: ts,
            reference: where.threadTs ? { threadTs: where.threadTs } : {},
          });
        }
      } catch (err) {
        this.deps.logger.error(
          { ticketId: ticket.id, channel: where.channel, err: (err as Error).message },
          'could not post the ticket card',
        );
      }
    }
  }

  /** Every posted copy of the card is updated in place; the Web API client retries 429 and 5xx. */
  async updateCopies(
    client: WebClient,
    ticket: Ticket,
    notice: string,
    timeZone = DEFAULT_ZONE,
  ): Promise<void> {
    const message = ticketCardMessage(ticket, { timeZone, now: Date.now(), notice });
    const copies = (await this.deps.store.cardCopies.list(ticket.id)).filter((c) => c.platform === 'slack');
    await Promise.all(
      copies.map((copy) =>
        client.chat
          .update({
            channel: copy.conversationId,
            ts: copy.messageId,
            text: message.text,
            attachments: message.attachments,
          } as Parameters<WebClient['chat']['update']>[0])
          .catch((err: Error) =>
            this.deps.logger.error(
              { ticketId: ticket.id, channel: copy.conversationId, err: err.message },
              'could not update a card copy',
            ),
          ),
      ),
    );
  }
}
