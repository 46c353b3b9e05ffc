import {
  type Activity,
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { IntakeService } from '../../app/intake-service.js';
import type { TicketActionService } from '../../app/ticket-action-service.js';
import { t } from '../../core/i18n/catalogue.js';
import { type Language, languageFromLocale } from '../../core/i18n/language.js';
import { isPriority } from '../../core/sla/priority.js';
import { isKnownTimeZone } from '../../core/sla/zone-offsets.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { Actor, TicketAction } from '../../core/tickets/ticket-actions.js';
import { allowedActions } from '../../core/tickets/ticket-actions.js';
import type { Store } from '../../ports/store.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, ticketAdaptiveCard } from './adaptive-cards.js';
import { filesOf, replyActivities } from './teams-activities.js';

export interface TeamsBotDeps {
  readonly adapter: CloudAdapter;
  readonly appId: string;
  readonly store: Store;
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
  readonly supportChannel: string | null;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  /** How long an invoke waits for the other copies to update before answering. */
  readonly copyUpdateBudgetMs?: number;
}

const DEFAULT_ZONE = 'Europe/Amsterdam';

function timeZoneOf(activity: Activity): string {
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo') as
    | { timezone?: string }
    | undefined;
  const zone = clientInfo?.timezone ?? activity.localTimezone;
  return zone && isKnownTimeZone(zone) ? zone : DEFAULT_ZONE;
}

function userOf(activity: Activity): { id: string; name: string } {
  return { id: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name ?? activity.from.id };
}

const STAFF: Actor = { id: '', name: '', isAgent: true, isIncidentManager: false };

/**
 * What the posted copies show before a refresh: the agents' buttons, so an agent in the
 * support channel can act at once (permissions are checked on every click); readers
 * listed in refresh.userIds get their own view instead.
 */
function sharedCopyActions(ticket: Ticket) {
  return allowedActions(ticket, STAFF).filter((a) => a !== 'cancel' && a !== 'addInfo');
}

/** The Teams face of ticketbot: intake in chat, ticket cards with Universal Actions. */
export class TeamsBot extends ActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    // Installed in a personal chat: say hello; the first message starts a report.
    this.onMembersAdded(async (context, next) => {
      const { activity } = context;
      const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
      if (botAdded && activity.conversation.conversationType === 'personal') {
        await context.sendActivity({
          type: 'message',
          textFormat: 'plain',
          text: t(this.language(activity), 'teams.welcome'),
        });
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  private language(activity: Activity): Language {
    return languageFromLocale(activity.locale);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    // Teams redelivers on timeouts: the same activity must have its effects once.
    const eventId = `teams:${activity.conversation.id}:${activity.id}`;
    if (!(await this.deps.store.inbox.claim(eventId, Date.now()))) return;
    const user = userOf(activity);
    const session = {
      // In a channel thread or group chat several people may report at once: one intake each.
      conversationKey:
        activity.conversation.conversationType === 'personal'
          ? `teams:${activity.conversation.id}`
          : `teams:${activity.conversation.id}:${user.id}`,
      requester: { platform: 'teams' as const, id: user.id, name: user.name },
      language: this.language(activity),
      timeZone: timeZoneOf(activity),
    };
    const value = (activity.value ?? {}) as { choice?: unknown; intakeStep?: unknown };
    const text = activity.text ? (TurnContext.removeRecipientMention(activity) ?? activity.text) : '';
    const choice = typeof value.choice === 'string' ? value.choice : undefined;
    const result = await this.deps.intake.handle(session, {
      text: (text ?? '').trim(),
      ...(choice !== undefined ? { choice } : {}),
      ...(choice !== undefined && typeof value.intakeStep === 'string'
        ? { choiceFor: value.intakeStep }
        : {}),
      files: activity.conversation.conversationType === 'personal' ? filesOf(activity.attachments) : [],
    });
    const language = result.ticket?.language ?? session.language;
    const activities = replyActivities(result.reply, language);
    if (activities.length) await context.sendActivities(activities);
    if (result.ticket) await this.postTicketCard(context, result.ticket, session.timeZone);
  }

  /** Posts the new ticket's card here and in the support channel, recording each copy. */
  private async postTicketCard(context: TurnContext, ticket: Ticket, timeZone: string): Promise<void> {
    const card = this.cardFor(ticket, null, timeZone, [context.activity.from.id]);
    const sent = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
    const reference = TurnContext.getConversationReference(context.activity);
    if (sent?.id) {
      await this.deps.store.cardCopies.add({
        ticketId: ticket.id,
        platform: 'teams',
        conversationId: context.activity.conversation.id,
        messageId: sent.id,
        reference: reference as Record<string, unknown>,
      });
    }
    if (!this.deps.supportChannel) return;
    try {
      await this.postInSupportChannel(context, ticket, card);
    } catch (err) {
      this.deps.log('error', 'could not post the ticket card in the support channel', {
        ticketId: ticket.id,
        channel: this.deps.supportChannel,
        error: (err as Error).message,
      });
    }
  }

  /**
   * Starts a new thread in the support channel with the card. Teams names the thread
   * "<channel>;messageid=<id of the first post>", which is the post to update later.
   */
  private async postInSupportChannel(
    context: TurnContext,
    ticket: Ticket,
    card: Record<string, unknown>,
  ): Promise<void> {
    const channelId = this.deps.supportChannel!;
    const { activity } = context;
    const tenantId =
      (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
      activity.conversation.tenantId;
    await this.deps.adapter.createConversationAsync(
      this.deps.appId,
      activity.channelId,
      activity.serviceUrl,
      'https://api.botframework.com',
      {
        isGroup: true,
        bot: activity.recipient,
        channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
        activity: { type: 'message', attachments: [CardFactory.adaptiveCard(card)] } as Activity,
        ...(tenantId ? { tenantId } : {}),
      } as Parameters<CloudAdapter['createConversationAsync']>[4],
      async (created) => {
        const threadId = created.activity.conversation.id;
        const messageId = /;messageid=([^;]+)/.exec(threadId)?.[1];
        if (!messageId) {
          // Without the post's id this copy cannot be updated later; say so instead of failing the turn.
          this.deps.log(
            'warn',
            'the support channel thread id names no message: its card will not be updated',
            {
              ticketId: ticket.id,
              threadId,
            },
          );
          return;
        }
        await this.deps.store.cardCopies.add({
          ticketId: ticket.id,
          platform: 'teams',
          conversationId: threadId,
          messageId,
          reference: TurnContext.getConversationReference(created.activity) as Record<string, unknown>,
        });
      },
    );
  }

  private actorOf(activity: Activity): Actor {
    const user = userOf(activity);
    return this.deps.actions.actor('teams', user.id, user.name);
  }

  /** A card for one reader (actor) or, with null, the shared copy everyone first sees. */
  private cardFor(
    ticket: Ticket,
    actor: Actor | null,
    timeZone: string,
    refreshUserIds: string[],
    notice?: string,
  ) {
    return ticketAdaptiveCard(ticket, {
      language: ticket.language,
      timeZone,
      now: Date.now(),
      actions: actor ? allowedActions(ticket, actor) : sharedCopyActions(ticket),
      refreshUserIds,
      ...(notice ? { notice } : {}),
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const { verb, data } = invokeValue.action ?? { verb: '', data: {} };
    const input = (data ?? {}) as Record<string, unknown>;
    const ticketId = typeof input.ticketId === 'string' ? input.ticketId : '';
    const actor = this.actorOf(context.activity);
    const timeZone = timeZoneOf(context.activity);
    const language = this.language(context.activity);
    const message = (text: string): AdaptiveCardInvokeResponse => ({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: text as unknown as AdaptiveCardInvokeResponse['value'],
    });
    const cardResponse = (card: Record<string, unknown>): AdaptiveCardInvokeResponse => ({
      statusCode: 200,
      type: ADAPTIVE_CARD_CONTENT_TYPE,
      value: card as unknown as AdaptiveCardInvokeResponse['value'],
    });

    if (verb === 'refresh') {
      const ticket = await this.deps.store.tickets.get(ticketId);
      if (!ticket) return message(t(language, 'action.notFound'));
      return cardResponse(this.cardFor(ticket, actor, timeZone, await this.refreshUsers(ticket.id)));
    }
    const action = this.actionFrom(verb, input);
    if (!action) return message(t(language, 'action.notAllowed'));
    const outcome = await this.deps.actions.perform(ticketId, action, actor);
    if (!outcome.ok) {
      const ticket = await this.deps.store.tickets.get(ticketId);
      if (!ticket) return message(t(language, outcome.reason));
      return cardResponse(
        this.cardFor(ticket, actor, timeZone, await this.refreshUsers(ticketId), t(language, outcome.reason)),
      );
    }
    const notice = t(outcome.ticket.language, `action.done.${action.kind}`, {
      actor: actor.name,
      id: outcome.ticket.id,
    });
    const refreshUsers = await this.refreshUsers(outcome.ticket.id);
    await this.updateOtherCopies(context, outcome.ticket, refreshUsers, notice);
    return cardResponse(this.cardFor(outcome.ticket, actor, timeZone, refreshUsers, notice));
  }

  private actionFrom(verb: string, input: Record<string, unknown>): TicketAction | null {
    switch (verb) {
      case 'acknowledge':
      case 'pause':
      case 'resume':
      case 'resolve':
      case 'cancel':
        return { kind: verb };
      case 'addInfo':
        return typeof input.info === 'string' ? { kind: 'addInfo', text: input.info.slice(0, 10_000) } : null;
      case 'changePriority':
        return isPriority(input.priority) && typeof input.reason === 'string'
          ? { kind: 'changePriority', priority: input.priority, reason: input.reason.slice(0, 500) }
          : null;
      default:
        return null;
    }
  }

  /** Teams users who get their own view on refresh: the users of every personal copy. */
  private async refreshUsers(ticketId: string): Promise<string[]> {
    const copies = await this.deps.store.cardCopies.list(ticketId);
    const ids = copies
      .map((c) => (c.reference as { user?: { id?: string } }).user?.id)
      .filter((id): id is string => typeof id === 'string');
    return [...new Set(ids)].slice(0, 60);
  }

  /**
   * Updates every other posted copy in place (PUT, never a re-post). Waits a short
   * budget so the invoke answers in time; a copy still updating then finishes after.
   */
  private async updateOtherCopies(
    context: TurnContext,
    ticket: Ticket,
    refreshUsers: string[],
    notice: string,
  ): Promise<void> {
    const copies = (await this.deps.store.cardCopies.list(ticket.id)).filter(
      (c) => c.platform === 'teams' && c.messageId !== context.activity.replyToId,
    );
    const card = this.cardFor(ticket, null, DEFAULT_ZONE, refreshUsers, notice);
    const updates = copies.map((copy) =>
      this.deps.adapter
        .continueConversationAsync(
          this.deps.appId,
          copy.reference as Partial<ConversationReference>,
          async (proactive) => {
            await proactive.updateActivity({
              type: 'message',
              id: copy.messageId,
              attachments: [CardFactory.adaptiveCard(card)],
            });
          },
        )
        .catch((err: Error) =>
          this.deps.log('error', 'could not update a copy of the ticket card', {
            ticketId: ticket.id,
            conversationId: copy.conversationId,
            error: err.message,
          }),
        ),
    );
    const budget = new Promise<void>((resolve) =>
      setTimeout(resolve, this.deps.copyUpdateBudgetMs ?? 3_000).unref(),
    );
    await Promise.race([Promise.all(updates), budget]);
  }
}
