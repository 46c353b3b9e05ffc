import {
  type Activity,
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import type { IntakeService } from '../../app/intake-service.js';
import type { OutboxDelivery } from '../../app/outbox-delivery.js';
import { type TicketActionService, unknownTicketReason } from '../../app/ticket-action-service.js';
import { t } from '../../core/i18n/catalogue.js';
import { type Language, languageFromLocale } from '../../core/i18n/language.js';
import type { PolicyRegistry } from '../../core/sla/policy-registry.js';
import { isKnownTimeZone } from '../../core/sla/zone-offsets.js';
import { actionFromInputs } from '../../core/tickets/action-input.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import { type Actor, allowedActions, canView } from '../../core/tickets/ticket-permissions.js';
import type { ChatAddress } from '../../ports/chat-address.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, ticketAdaptiveCard } from './adaptive-cards.js';
import { filesOf } from './teams-activities.js';
import { teamsPlainText } from './teams-text.js';

export interface TeamsBotDeps {
  readonly store: Store;
  readonly policies: PolicyRegistry;
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
  readonly delivery: OutboxDelivery;
  readonly clock: Clock;
  /** How long a turn waits for its own messages to go out before answering (Teams allows 15 s). */
  readonly replyBudgetMs?: number;
  readonly refreshUsersOf: (ticket: Ticket) => Promise<string[]>;
}

const DEFAULT_ZONE = 'Europe/Amsterdam';
const REPLY_BUDGET_MS = 5_000;

function timeZoneOf(activity: Activity): string {
  const entities: unknown = activity.entities;
  const clientInfo = Array.isArray(entities)
    ? (entities as unknown[]).find(
        (e): e is { timezone?: unknown } =>
          typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'clientInfo',
      )
    : undefined;
  const zone: unknown = clientInfo?.timezone ?? activity.localTimezone;
  return typeof zone === 'string' && zone.length <= 64 && isKnownTimeZone(zone) ? zone : DEFAULT_ZONE;
}

/** The Microsoft 365 tenant the activity came from (it tells the customer). */
function tenantOf(activity: Activity): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : activity.conversation.tenantId;
  return isId(id) ? id : undefined;
}

const MAX_ID_LENGTH = 256;

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** The sender and conversation ids a turn is keyed on, checked before anything is stored. */
function hasUsableIds(activity: Activity): boolean {
  const from = activity.from as { id?: unknown; aadObjectId?: unknown; name?: unknown } | undefined;
  const conversation = activity.conversation as { id?: unknown } | undefined;
  return (
    isId(from?.id) &&
    (from.name === undefined || typeof from.name === 'string') &&
    (from.aadObjectId === undefined || isId(from.aadObjectId)) &&
    isId(conversation?.id) &&
    (activity.id === undefined || isId(activity.id))
  );
}

function userOf(activity: Activity): { id: string; name: string } {
  return { id: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name ?? activity.from.id };
}

/** The conversation an activity came from, as an address the outbox can reach later. */
export function addressOf(activity: Activity): ChatAddress {
  return {
    platform: 'teams',
    kind: 'conversation',
    id: activity.conversation.id,
    reference: TurnContext.getConversationReference(activity) as Record<string, unknown>,
  };
}

/**
 * The Teams face of ticketbot: turns activities into intake turns and card actions.
 * What follows (replies, cards, copies) is decided by the app and sent through the outbox.
 */
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
    const locale: unknown = activity.locale;
    return languageFromLocale(typeof locale === 'string' ? locale : undefined);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    // An id that is no Teams id (missing, an object, megabytes) never becomes a key, and a
    // text that is no text is no message anyone typed.
    const raw: unknown = activity.text;
    if (!hasUsableIds(activity) || (raw !== undefined && raw !== null && typeof raw !== 'string')) return;
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
      replyTo: addressOf(activity),
      ...(tenantOf(activity) ? { workspace: { teamsTenantId: tenantOf(activity)! } } : {}),
    };
    const value = (activity.value ?? {}) as { choice?: unknown; intakeStep?: unknown };
    const text = activity.text ? (TurnContext.removeRecipientMention(activity) ?? activity.text) : '';
    const choice = typeof value.choice === 'string' ? value.choice : undefined;
    const result = await this.deps.intake.handle(
      session,
      {
        text: teamsPlainText(text ?? ''),
        ...(choice !== undefined ? { choice } : {}),
        ...(choice !== undefined && typeof value.intakeStep === 'string'
          ? { choiceFor: value.intakeStep }
          : {}),
        files: activity.conversation.conversationType === 'personal' ? filesOf(activity.attachments) : [],
      },
      // Teams redelivers on timeouts: the same activity must have its effects once.
      { eventId: `teams:${activity.conversation.id}:${activity.id}` },
    );
    if (result.notice) await context.sendActivity(MessageFactory.text(result.notice));
    await this.deps.delivery.deliverNow(result.outboxKeys, this.deps.replyBudgetMs ?? REPLY_BUDGET_MS);
  }

  private actorOf(activity: Activity): Actor {
    const user = userOf(activity);
    return this.deps.actions.actor('teams', user.id, user.name);
  }

  /** The card as one reader sees it: their buttons, their zone. */
  private async cardFor(ticket: Ticket, actor: Actor, timeZone: string, notice?: string) {
    return ticketAdaptiveCard(ticket, {
      language: ticket.language,
      timeZone,
      now: this.deps.clock.now(),
      policy: this.deps.policies.get(ticket.policy),
      actions: allowedActions(ticket, actor),
      refreshUserIds: await this.deps.refreshUsersOf(ticket),
      ...(notice ? { notice } : {}),
    });
  }

  /**
   * botbuilder answers an invoke it has no handler for (a name this bot never asked for)
   * with 501; for the caller that is a request the bot does not take, a 400.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const { name, value } = context.activity as { name?: unknown; value?: unknown };
    // botbuilder reads value.action.type unchecked: a card action in no card's shape is refused here.
    const action = (value as { action?: unknown } | null | undefined)?.action;
    if (
      name === 'adaptiveCard/action' &&
      (typeof action !== 'object' ||
        action === null ||
        typeof (action as { verb?: unknown }).verb !== 'string')
    ) {
      return {
        status: 400,
        body: { error: 'bad_request', message: 'a card action needs an "action" with a verb' },
      };
    }
    const response = await super.onInvokeActivity(context);
    if (response.status !== 501) return response;
    return {
      status: 400,
      body: { error: 'unsupported_invoke', message: 'this bot does not handle this invoke' },
    };
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const { activity } = context;
    const { verb, data } = invokeValue.action ?? { verb: '', data: {} };
    const input = (data ?? {}) as Record<string, unknown>;
    const ticketId = typeof input.ticketId === 'string' ? input.ticketId : '';
    const actor = this.actorOf(activity);
    const timeZone = timeZoneOf(activity);
    const language = this.language(activity);
    if (!hasUsableIds(activity))
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: {
          code: 'BadRequest',
          message: 'missing or invalid ids',
        } as unknown as AdaptiveCardInvokeResponse['value'],
      };
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

    const ticket = await this.deps.store.tickets.get(ticketId);
    if (!ticket) return message(t(language, unknownTicketReason(actor)));
    const copies = await this.deps.store.cardCopies.list(ticket.id);
    // What a reader may see is a permission too: naming an id is not enough.
    if (
      !canView(
        ticket,
        actor,
        copies.some((c) => c.conversationId === activity.conversation.id),
      )
    ) {
      return message(t(language, 'action.notAllowed'));
    }
    if (verb === 'refresh') return cardResponse(await this.cardFor(ticket, actor, timeZone));
    const action = actionFromInputs(verb, input, { now: this.deps.clock.now(), timeZone, platform: 'teams' });
    if (typeof action === 'string')
      return cardResponse(await this.cardFor(ticket, actor, timeZone, t(language, action)));
    const outcome = await this.deps.actions.perform(ticketId, action, actor, {
      eventId: `teams:${activity.conversation.id}:${activity.id}`,
      ...(activity.replyToId ? { answeredMessageId: activity.replyToId } : {}),
    });
    if (!outcome.ok) {
      const current = (await this.deps.store.tickets.get(ticketId)) ?? ticket;
      return cardResponse(await this.cardFor(current, actor, timeZone, t(language, outcome.reason)));
    }
    // The other copies are updated through the outbox, within a short budget so the invoke answers in time.
    // Committed already: a failure to send now is the worker's to retry, never a 500 that
    // makes the user click again (a second click is a second action).
    await this.deps.delivery.deliverNow(outcome.outboxKeys, 3_000).catch(() => undefined);
    return cardResponse(await this.cardFor(outcome.ticket, actor, timeZone, outcome.notice || undefined));
  }
}
