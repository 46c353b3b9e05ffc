import {
  type Activity,
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
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
  UncertainDeliveryError,
} from '../../ports/chat-publisher.js';
import type { CardCopy } from '../../ports/delivery-repositories.js';
import { ticketAdaptiveCard } from './adaptive-cards.js';
import { replyActivities } from './teams-activities.js';

export interface TeamsPublisherOptions {
  readonly adapter: CloudAdapter;
  readonly appId: string;
  /** Teams users (MRIs) whose clients refresh a ticket's card to their own view. */
  readonly refreshUsersOf: (ticket: Ticket) => Promise<string[]>;
}

const CHANNEL_ID = 'msteams';

/** Token errors of the app's own credentials (MSAL / Entra ID): a wrong or expired app password. */
const REFUSED_CLIENT = new Set(['invalid_client', 'unauthorized_client']);

/**
 * What a failed send means for the outbox: a refusal that will not change (the bot was
 * removed, the conversation is gone) is permanent; a timeout or a 5xx may have been sent.
 * A 401 refuses the bot's credentials, not the message: every send fails alike until they
 * are fixed.
 */
export function teamsError(err: unknown): Error {
  const status = (err as { statusCode?: unknown }).statusCode;
  if (status === 429) return new TeamsThrottledError(retryAfterMsOf(err));
  const errorCode = (err as { errorCode?: unknown }).errorCode;
  const message = err instanceof Error ? err.message : String(err);
  if (status === 401 || (typeof errorCode === 'string' && REFUSED_CLIENT.has(errorCode)))
    return new CredentialsRefusedError(
      'teams',
      `Teams refused the bot's credentials (${status === 401 ? '401' : errorCode}): ${message}`,
    );
  if (status === 403 || status === 404)
    return new PermanentDeliveryError(`Teams refused (${status}): ${message}`);
  if (
    (typeof status === 'number' && status >= 500) ||
    /timeout|ETIMEDOUT|ECONNRESET|socket hang up/i.test(message)
  )
    return new UncertainDeliveryError(message);
  return err instanceof Error ? err : new Error(message);
}

/** The connector's 429: the outbox waits at least Retry-After before the next try. */
export class TeamsThrottledError extends Error {
  override readonly name = 'TeamsThrottledError';
  constructor(readonly retryAfterMs: number) {
    super(`Teams throttled the bot (429, Retry-After ${retryAfterMs / 1000} s)`);
  }
}

/** Retry-After in seconds from the connector's answer; 1 s when it names none. */
function retryAfterMsOf(err: unknown): number {
  const headers = (err as { response?: { headers?: { get?(name: string): string | undefined } } }).response
    ?.headers;
  const seconds = Number(headers?.get?.('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}

/** Teams behind the chat publisher port: proactive sends on stored conversation references. */
export class TeamsPublisher implements ChatPublisher {
  readonly platform = 'teams' as const;

  constructor(private readonly options: TeamsPublisherOptions) {}

  private reference(to: ChatAddress): Partial<ConversationReference> {
    if (to.kind !== 'conversation' || !to.reference) {
      throw new PermanentDeliveryError(
        `Teams cannot reach ${to.kind} ${to.id} without a stored conversation`,
      );
    }
    return to.reference as Partial<ConversationReference>;
  }

  private async inConversation(
    to: ChatAddress,
    send: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    await this.runIn(this.reference(to), send);
  }

  /**
   * Runs `send` in a conversation and throws its failure to the outbox. Left to the
   * adapter, a failed send would go to onTurnError, which logs it and returns: the outbox
   * would count a message the connector refused as sent.
   */
  private async runIn(
    reference: Partial<ConversationReference>,
    send: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const outcome: { failed: boolean; error?: unknown } = { failed: false };
    try {
      await this.options.adapter.continueConversationAsync(this.options.appId, reference, async (context) => {
        try {
          await send(context);
        } catch (error) {
          outcome.failed = true;
          outcome.error = error;
        }
      });
    } catch (err) {
      throw teamsError(err);
    }
    if (outcome.failed) throw teamsError(outcome.error);
  }

  async sendReply(to: ChatAddress, parts: readonly ReplyPart[], language: Language): Promise<void> {
    const activities = replyActivities(parts, language);
    if (activities.length === 0) return;
    await this.inConversation(to, async (context) => {
      await context.sendActivities(activities);
    });
  }

  async sendText(to: ChatAddress, text: string): Promise<void> {
    const activity = { type: 'message', textFormat: 'plain', text } as Partial<Activity>;
    if (to.kind === 'channel') {
      await this.newChannelThread(to, activity);
      return;
    }
    await this.inConversation(to, async (context) => {
      await context.sendActivity(activity);
    });
  }

  private async card(ticket: Ticket, rendering: CardRendering, refreshUserIds: string[]) {
    return ticketAdaptiveCard(ticket, {
      language: ticket.language,
      timeZone: rendering.timeZone,
      now: rendering.now,
      policy: rendering.policy,
      actions: rendering.actions,
      refreshUserIds,
      ...(rendering.notice ? { notice: rendering.notice } : {}),
    });
  }

  async postCard(to: ChatAddress, ticket: Ticket, rendering: CardRendering): Promise<PostedMessage | null> {
    const card = await this.card(ticket, rendering, await this.options.refreshUsersOf(ticket));
    const activity = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] } as Partial<Activity>;
    if (to.kind === 'channel') return this.newChannelThread(to, activity);
    let posted: PostedMessage | null = null;
    await this.inConversation(to, async (context) => {
      const sent = await context.sendActivity(activity);
      if (sent?.id) {
        posted = {
          conversationId: to.id,
          messageId: sent.id,
          reference: TurnContext.getConversationReference(context.activity) as Record<string, unknown>,
        };
      }
    });
    return posted;
  }

  async updateCard(copy: CardCopy, ticket: Ticket, rendering: CardRendering): Promise<void> {
    const card = await this.card(ticket, rendering, await this.options.refreshUsersOf(ticket));
    await this.runIn(copy.reference as Partial<ConversationReference>, async (context) => {
      // A PUT of the stored activity id: repeating it is harmless.
      await context.updateActivity({
        type: 'message',
        id: copy.messageId,
        attachments: [CardFactory.adaptiveCard(card)],
      });
    });
  }

  /** createConversationAsync, its failure classified for the outbox. */
  private async createConversation(
    ...args: Parameters<CloudAdapter['createConversationAsync']>
  ): Promise<void> {
    try {
      await this.options.adapter.createConversationAsync(...args);
    } catch (err) {
      throw teamsError(err);
    }
  }

  /**
   * Starts a new thread in a channel. Teams names the thread "<channel>;messageid=<id of
   * the first post>", which is the post to update later.
   */
  private async newChannelThread(
    to: ChatAddress,
    activity: Partial<Activity>,
  ): Promise<PostedMessage | null> {
    const reference = (to.reference ?? {}) as { serviceUrl?: string; tenantId?: string };
    if (!reference.serviceUrl) throw new PermanentDeliveryError(`no Teams service URL for channel ${to.id}`);
    const tenantId = reference.tenantId;
    let posted: PostedMessage | null = null;
    await this.createConversation(
      this.options.appId,
      CHANNEL_ID,
      reference.serviceUrl,
      'https://api.botframework.com',
      {
        isGroup: true,
        channelData: { channel: { id: to.id }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
        activity: activity as Activity,
        ...(tenantId ? { tenantId } : {}),
      } as Parameters<CloudAdapter['createConversationAsync']>[4],
      async (created) => {
        const threadId = created.activity.conversation.id;
        const messageId = /;messageid=([^;]+)/.exec(threadId)?.[1];
        if (!messageId) return;
        posted = {
          conversationId: threadId,
          messageId,
          reference: TurnContext.getConversationReference(created.activity) as Record<string, unknown>,
        };
      },
    );
    return posted;
  }
}
