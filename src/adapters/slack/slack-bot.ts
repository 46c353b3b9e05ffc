import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { IncidentChannelEvent } from '../../app/incident-channel-events.js';
import type { ChatSession, IntakeResult, IntakeService } from '../../app/intake-service.js';
import type { OutboxDelivery } from '../../app/outbox-delivery.js';
import type { TicketActionService } from '../../app/ticket-action-service.js';
import { type MessageKey, t } from '../../core/i18n/catalogue.js';
import { LANGUAGES, type Language } from '../../core/i18n/language.js';
import type { Attachment } from '../../core/intake/intake-state.js';
import { isKnownTimeZone } from '../../core/sla/zone-offsets.js';
import { actionFromInputs } from '../../core/tickets/action-input.js';
import { ACTION_KINDS } from '../../core/tickets/ticket-permissions.js';
import type { ChatAddress } from '../../ports/chat-address.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import {
  formInputFromView,
  isModalVerb,
  MODAL_VERBS,
  modalInputs,
  TICKET_FORM_CALLBACK,
  ticketActionModal,
  ticketFormView,
} from './slack-form.js';
import { isOpaqueId, isSlackChannelId, isSlackTeamId, isSlackTs, isSlackUserId } from './slack-ids.js';
import { SlackProfiles } from './slack-profiles.js';
import { slackEscape, slackPlainText } from './slack-text.js';

export interface SlackBotDeps {
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
  readonly delivery: OutboxDelivery;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Pins and reactions in incident channels, for the incident timeline (off when absent). */
  readonly incidentEvents?: { record(event: IncidentChannelEvent): Promise<boolean> };
}

/** The parts of pin_added and reaction_added events the bot reads. */
interface ItemEvent {
  readonly user?: string;
  readonly reaction?: string;
  readonly channel_id?: string;
  readonly item?: {
    readonly type?: string;
    readonly channel?: string;
    readonly ts?: string;
    readonly message?: { readonly text?: string; readonly ts?: string };
  };
}

/** The parts of an interaction payload the bot reads (Slack sends much more). */
interface InteractionBody {
  readonly user?: { readonly id?: string };
  readonly team?: { readonly id?: string };
  readonly channel?: { readonly id?: string };
  readonly container?: { readonly channel_id?: string; readonly message_ts?: string };
  readonly trigger_id?: string;
  readonly message?: {
    readonly ts?: string;
    readonly thread_ts?: string;
    readonly text?: string;
    readonly blocks?: ReadonlyArray<{ readonly type: string }>;
  };
}

interface InteractionAction {
  readonly action_id?: string;
  readonly action_ts?: string;
  readonly value?: string;
  readonly text?: { readonly text?: string };
  readonly selected_option?: { readonly value?: string; readonly text?: { readonly text?: string } };
}

export interface Place {
  readonly channel: string;
  readonly threadTs?: string;
}

/** Card buttons and the modals some of them open (never the report form, "ticket_form"). */
const TICKET_ACTION = new RegExp(`^ticket_(${ACTION_KINDS.join('|')})$`);
const TICKET_ACTION_MODAL = new RegExp(`^ticket_(${MODAL_VERBS.join('|')})$`);

/** Slack waits 3 s for an answer to a trigger; a turn waits this long for its replies. */
const REPLY_BUDGET_MS = 2_000;
/** users.info gets this long; after it the defaults (English, Amsterdam, the user id) are used. */
const PROFILE_BUDGET_MS = 1_200;

/**
 * The Slack face of ticketbot: listeners for DMs, mentions, /ticket, buttons and
 * modals turn Slack payloads into intake turns and ticket actions. What follows is
 * decided by the app and sent through the outbox.
 */
export class SlackBot {
  private readonly profiles: SlackProfiles;

  constructor(private readonly deps: SlackBotDeps) {
    this.profiles = new SlackProfiles(deps.logger, deps.clock);
  }

  register(app: App): void {
    // A listener that fails tells the user (with an error id matching the log line)
    // instead of leaving them in silence; the error goes on, so an event is retried.
    // (The App is made with extendedErrorHandler, so the handler gets the payload.)
    app.error(async ({ error, body: payload }: { error: Error; body?: unknown }) => {
      const errorId = randomUUID().slice(0, 8);
      const body = (payload ?? {}) as Record<string, unknown>;
      this.deps.logger.error({ errorId, err: error.message }, 'Slack listener failed');
      await this.tellError(app.client, body, errorId).catch(() => undefined);
      throw error;
    });
    app.message(async ({ message, client, context, body }) => {
      const m = message as unknown as Record<string, unknown>;
      if (m.bot_id || (m.subtype && m.subtype !== 'file_share')) return;
      // A text that is no text (an object, a number) is no message anyone typed.
      if (m.text !== undefined && typeof m.text !== 'string') return;
      const text = m.text ?? '';
      const { user, channel } = m;
      // Bolt reads the team from the envelope; an event's own team field is not trusted.
      const team = context.teamId;
      const files = this.filesOf(m.files);
      const eventId = this.eventIdOf(body);
      // Direct-message channel ids start with D, also where channel_type is left out.
      const direct =
        m.channel_type === 'im' ||
        (m.channel_type === undefined && typeof channel === 'string' && channel.startsWith('D'));
      if (direct) {
        await this.turn(client, team, user, { channel }, { text, files }, eventId);
        return;
      }
      // In channels, answers come as replies in the thread of an intake started by a mention.
      const threadTs = m.thread_ts;
      // A reply that mentions the bot also comes as an app_mention: taken there, once.
      if (!isSlackTs(threadTs) || mentionsBot(text, context.botUserId)) return;
      const ids = slackIds(team, user, { channel, threadTs });
      if (ids && (await this.deps.intake.isOpen(this.key(ids.team, ids.user, ids.place)))) {
        await this.turn(client, team, user, { channel, threadTs }, { text, files: [] }, eventId);
      }
    });

    app.event('app_mention', async ({ event, client, context, body }) => {
      const e = event as unknown as Record<string, unknown>;
      if (e.text !== undefined && typeof e.text !== 'string') return;
      const text = withoutBotMention(e.text ?? '', context.botUserId);
      await this.turn(
        client,
        context.teamId,
        e.user,
        { channel: e.channel, threadTs: e.thread_ts ?? e.ts },
        { text, files: [] },
        this.eventIdOf(body),
      );
    });

    // Pinned messages and marked messages (a reaction) in incident channels go on the
    // incident's timeline; the recorder ignores other channels and other reactions.
    app.event('pin_added', async ({ event, body, client }) => {
      const recorder = this.deps.incidentEvents;
      const e = event as unknown as ItemEvent;
      const channel = e.channel_id ?? e.item?.channel;
      if (!recorder || !isSlackChannelId(channel) || (e.item?.type && e.item.type !== 'message')) return;
      const ts = e.item?.message?.ts ?? e.item?.ts;
      // Ids that are no Slack ids (a lone surrogate, an object) never reach a Web API call.
      if (ts !== undefined && !isSlackTs(ts)) return;
      const pinned = e.item?.message?.text;
      const text =
        typeof pinned === 'string'
          ? slackPlainText(pinned)
          : ts
            ? await this.messageText(client, channel, ts)
            : null;
      if (text === null) return;
      await recorder.record({
        eventId: this.eventIdOf(body) ?? `slack:pin_added:${channel}:${ts ?? ''}:${e.user ?? ''}`,
        channelId: channel,
        kind: 'pinned',
        author: `slack:${e.user ?? ''}`,
        text,
      });
    });

    app.event('reaction_added', async ({ event, body, client }) => {
      const recorder = this.deps.incidentEvents;
      const e = event as unknown as ItemEvent;
      const channel = e.item?.channel;
      const ts = e.item?.ts;
      // Incident channels are channels: reactions in direct messages are not fetched.
      if (!recorder || e.item?.type !== 'message' || !isSlackChannelId(channel) || !isSlackTs(ts)) return;
      if (channel.startsWith('D')) return;
      const text = await this.messageText(client, channel, ts);
      if (text === null) return;
      await recorder.record({
        eventId:
          this.eventIdOf(body) ?? `slack:reaction_added:${channel}:${ts}:${e.user ?? ''}:${e.reaction ?? ''}`,
        channelId: channel,
        kind: 'reaction',
        author: `slack:${e.user ?? ''}`,
        text,
        reaction: String(e.reaction ?? ''),
      });
    });

    app.command('/ticket', async ({ command, ack, client, context }) => {
      await ack();
      if (!isSlackUserId(command.user_id) || !isOpaqueId(command.trigger_id)) {
        this.deps.logger.warn({}, 'ignored a /ticket without a valid user id or trigger id');
        return;
      }
      // trigger_id lives 3 seconds: do not let a slow users.info use them up.
      const profile = await this.profiles.get(client, command.user_id, 1_000);
      if (/^\s*(form|formulier)\s*$/i.test(command.text)) {
        await client.views.open({
          trigger_id: command.trigger_id,
          view: ticketFormView(profile.language, profile.timeZone),
        });
        return;
      }
      const dm = await client.conversations.open({ users: command.user_id });
      const channel = dm.channel?.id;
      if (!channel) throw new Error('could not open a direct message with the user');
      await this.turn(
        client,
        context.teamId ?? command.team_id,
        command.user_id,
        { channel },
        { text: command.text ?? '', files: [] },
        `slack:command:${command.trigger_id}`,
      );
    });

    app.action(/^intake_(choice_\d+|select)$/, async ({ ack, body, action, client, context }) => {
      await ack();
      const b = body as unknown as InteractionBody;
      const a = action as unknown as InteractionAction;
      const raw = a.selected_option?.value ?? a.value;
      let picked: { step?: unknown; choice?: unknown } | null;
      try {
        picked = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (typeof picked !== 'object' || picked === null || typeof picked.choice !== 'string') return;
      const channel = b.channel?.id ?? b.container?.channel_id;
      const threadTs = b.message?.thread_ts;
      const result = await this.turn(
        client,
        context.teamId ?? b.team?.id,
        b.user?.id,
        { channel, ...(threadTs !== undefined ? { threadTs } : {}) },
        {
          text: '',
          choice: picked.choice,
          ...(typeof picked.step === 'string' ? { choiceFor: picked.step } : {}),
          files: [],
        },
        interactionId(b, a),
      );
      if (result?.notice && isSlackUserId(b.user?.id) && isSlackChannelId(channel))
        await client.chat
          .postEphemeral({
            channel,
            user: b.user.id,
            text: slackEscape(result.notice),
            ...(isSlackTs(threadTs) ? { thread_ts: threadTs } : {}),
          })
          .catch((err: Error) => this.deps.logger.warn({ err: err.message }, 'could not tell the presser'));
      // Replace the buttons with the answer taken, so a question cannot be answered twice; a
      // press not taken (an old question) is never shown as chosen, nor is a redelivery's.
      const taken = result && !result.staleChoice && !result.duplicate;
      if (taken && isSlackTs(b.message?.ts) && isSlackChannelId(channel)) {
        const chosen = a.text?.text ?? a.selected_option?.text?.text ?? picked.choice;
        await client.chat
          .update({
            channel,
            ts: b.message.ts,
            text: b.message.text ?? '',
            blocks: [
              ...(Array.isArray(b.message.blocks) ? b.message.blocks : []).filter(
                (block: { type?: unknown } | null) => block?.type !== 'actions',
              ),
              { type: 'context', elements: [{ type: 'mrkdwn', text: `✓ ${slackEscape(String(chosen))}` }] },
            ],
          })
          .catch((err: Error) =>
            this.deps.logger.warn({ err: err.message }, 'could not mark the answered question'),
          );
      }
    });

    app.action(TICKET_ACTION, async ({ ack, body, action, client }) => {
      await ack();
      const b = body as unknown as InteractionBody;
      const a = action as unknown as InteractionAction;
      const verb = String(a.action_id).slice('ticket_'.length);
      const ticketId = a.value;
      const user = b.user?.id;
      const channel = b.channel?.id ?? b.container?.channel_id;
      const threadTs = b.message?.thread_ts;
      // The answer goes to this channel: an id that is no Slack id could not even be sent.
      if (
        !isSlackUserId(user) ||
        !isOpaqueId(ticketId) ||
        !isSlackChannelId(channel) ||
        (threadTs !== undefined && !isSlackTs(threadTs))
      ) {
        this.deps.logger.warn({}, 'ignored a card button without a valid user, ticket or channel id');
        return;
      }
      const profile = await this.profiles.get(client, user, PROFILE_BUDGET_MS);
      const place: Place = { channel, ...(threadTs ? { threadTs } : {}) };
      const refuse = (reason: MessageKey) =>
        client.chat.postEphemeral({
          channel: place.channel,
          user,
          text: slackEscape(t(profile.language, reason)),
          ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
        });
      const actor = this.deps.actions.actor('slack', user, profile.name);
      if (isModalVerb(verb)) {
        // Checked on the press: who may not do this is told now, not after filling in a form.
        const refused = await this.deps.actions.refusal(ticketId, verb, actor);
        if (refused) {
          await refuse(refused);
          return;
        }
        await client.views.open({
          trigger_id: String(b.trigger_id),
          view: ticketActionModal(verb, ticketId, profile.language),
        });
        return;
      }
      const parsed = actionFromInputs(
        verb,
        {},
        { now: this.deps.clock.now(), timeZone: profile.timeZone, platform: 'slack' },
      );
      const outcome =
        typeof parsed === 'string'
          ? ({ ok: false, reason: parsed } as const)
          : await this.deps.actions.perform(ticketId, parsed, actor, {
              eventId: interactionId(b, a),
            });
      if (!outcome.ok) {
        await refuse(outcome.reason);
        return;
      }
      await this.deps.delivery.deliverNow(outcome.outboxKeys, REPLY_BUDGET_MS);
    });

    app.view(TICKET_FORM_CALLBACK, async ({ ack, view, body, client, context }) => {
      const user: unknown = body.user?.id;
      const team: unknown = context.teamId;
      const values: unknown = view.state?.values;
      if (
        !isSlackUserId(user) ||
        !isSlackTeamId(team) ||
        !isOpaqueId(view.id) ||
        typeof values !== 'object' ||
        values === null
      ) {
        // Slack sends every submission with these; one without them is refused unstored.
        this.deps.logger.warn({}, 'ignored a form submission without a valid user, team, view or state');
        await ack();
        return;
      }
      const meta = metadataOf(view.private_metadata);
      // The answer (errors or not) must reach Slack within 3 seconds.
      const profile = await this.profiles.get(client, user, 1_000);
      const dm = await client.conversations.open({ users: user });
      const channel = dm.channel?.id;
      const session: ChatSession = {
        conversationKey: `slack:${team}:${user}:form`,
        requester: { platform: 'slack', id: user, name: profile.name },
        language: meta.language ?? profile.language,
        timeZone: meta.timeZone ?? profile.timeZone,
        replyTo: channel ? { platform: 'slack', kind: 'conversation', id: channel } : null,
      };
      const result = await this.deps.intake.submitForm(session, formInputFromView(values as never), view.id, {
        eventId: `slack:view:${view.id}`,
      });
      if (!result.ok) {
        await ack({ response_action: 'errors', errors: result.errors as Record<string, string> });
        return;
      }
      await ack();
      await this.deps.delivery.deliverNow(result.outboxKeys, REPLY_BUDGET_MS);
    });

    app.view(TICKET_ACTION_MODAL, async ({ ack, view, body, client }) => {
      const verb = view.callback_id.slice('ticket_'.length);
      const ticketId: unknown = view.private_metadata;
      const user: unknown = body.user?.id;
      if (!isSlackUserId(user) || !isOpaqueId(ticketId) || !isOpaqueId(view.id)) {
        this.deps.logger.warn({}, 'ignored an action modal without a valid user, ticket or view id');
        await ack();
        return;
      }
      const profile = await this.profiles.get(client, user, 1_000);
      const inputs = modalInputs(view.state?.values);
      const firstBlock = Object.keys(inputs)[0] ?? 'reason';
      // platform: a bare user id typed in the assign-role modal is a Slack user.
      const parsed = actionFromInputs(verb, inputs, {
        now: this.deps.clock.now(),
        timeZone: profile.timeZone,
        platform: 'slack',
      });
      if (typeof parsed === 'string') {
        await ack({
          response_action: 'errors',
          errors: { [blockFor(parsed, firstBlock)]: t(profile.language, parsed) },
        });
        return;
      }
      const actor = this.deps.actions.actor('slack', user, profile.name);
      const outcome = await this.deps.actions.perform(ticketId, parsed, actor, {
        eventId: `slack:view:${view.id}`,
      });
      if (!outcome.ok) {
        await ack({
          response_action: 'errors',
          errors: { [blockFor(outcome.reason, firstBlock)]: t(profile.language, outcome.reason) },
        });
        return;
      }
      await ack();
      await this.deps.delivery.deliverNow(outcome.outboxKeys, REPLY_BUDGET_MS);
    });
  }

  /** A message's text by its ts: a message in the channel, else a reply in a thread; null when gone. */
  private async messageText(client: WebClient, channel: string, ts: string): Promise<string | null> {
    const page = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
    const top = page.messages?.find((m) => m.ts === ts);
    if (top) return slackPlainText(String(top.text ?? ''));
    const thread = await client.conversations.replies({
      channel,
      ts,
      oldest: ts,
      latest: ts,
      inclusive: true,
      limit: 15,
    });
    const reply = thread.messages?.find((m) => m.ts === ts);
    return reply ? slackPlainText(String(reply.text ?? '')) : null;
  }

  /**
   * Sends what a turn wrote to the outbox without holding up Slack's answer: the event
   * is answered once its commit is done, and the outbox worker sends whatever this
   * attempt does not (the messages are already durable).
   */
  private sendSoon(keys: readonly string[]): void {
    this.deps.delivery
      .deliverNow(keys, REPLY_BUDGET_MS)
      .catch((err: Error) =>
        this.deps.logger.warn({ err: err.message }, 'sending right away failed; the outbox worker sends it'),
      );
  }

  private eventIdOf(body: unknown): string | undefined {
    const eventId = (body as { event_id?: unknown }).event_id;
    return isOpaqueId(eventId) ? `slack:${eventId}` : undefined;
  }

  private async tellError(client: WebClient, body: Record<string, unknown>, errorId: string): Promise<void> {
    const event = (body.event ?? {}) as { user?: unknown; channel?: unknown };
    const user = (body.user as { id?: unknown } | undefined)?.id ?? body.user_id ?? event.user;
    const channel =
      (body.channel as { id?: unknown } | undefined)?.id ??
      (body.container as { channel_id?: unknown } | undefined)?.channel_id ??
      body.channel_id ??
      event.channel;
    if (!isSlackUserId(user) || !isSlackChannelId(channel)) return;
    const profile = await this.profiles.get(client, user, 500);
    await client.chat.postEphemeral({
      channel,
      user,
      text: t(profile.language, 'error.generic', { errorId }),
    });
  }

  private key(team: string, user: string, place: Place): string {
    return place.threadTs
      ? `slack:${team}:${place.channel}:${place.threadTs}:${user}`
      : `slack:${team}:${user}:dm`;
  }

  private filesOf(files: unknown): Attachment[] {
    if (!Array.isArray(files)) return [];
    return files
      .filter(
        (f): f is Record<string, unknown> => typeof f === 'object' && f !== null && typeof f.id === 'string',
      )
      .map((f) => ({
        name: String(f.name ?? f.title ?? f.id),
        contentType: String(f.mimetype ?? 'application/octet-stream'),
        size: typeof f.size === 'number' ? f.size : 0,
        ref: String(f.id),
      }));
  }

  private async turn(
    client: WebClient,
    rawTeam: unknown,
    rawUser: unknown,
    rawPlace: { channel: unknown; threadTs?: unknown },
    turn: { text: string; choice?: string; choiceFor?: string; files: Attachment[] },
    eventId: string | undefined,
  ): Promise<IntakeResult | null> {
    // An id that is no Slack id (missing, an object, megabytes) never becomes a key.
    const ids = slackIds(rawTeam, rawUser, rawPlace);
    if (!ids) {
      this.deps.logger.warn({ eventId }, 'ignored a Slack message without valid team, user or channel ids');
      return null;
    }
    const { team, user, place } = ids;
    // A hanging users.info must not use up the time before the event is answered (and lost).
    const profile = await this.profiles.get(client, user, PROFILE_BUDGET_MS);
    const replyTo: ChatAddress = {
      platform: 'slack',
      kind: 'conversation',
      id: place.channel,
      ...(place.threadTs ? { threadId: place.threadTs } : {}),
    };
    const session: ChatSession = {
      conversationKey: this.key(team, user, place),
      requester: { platform: 'slack', id: user, name: profile.name },
      language: profile.language,
      timeZone: profile.timeZone,
      replyTo,
    };
    const result = await this.deps.intake.handle(
      session,
      {
        text: slackPlainText(turn.text),
        ...(turn.choice !== undefined ? { choice: turn.choice } : {}),
        ...(turn.choiceFor !== undefined ? { choiceFor: turn.choiceFor } : {}),
        files: turn.files,
      },
      eventId ? { eventId } : {},
    );
    this.sendSoon(result.outboxKeys);
    return result;
  }
}

/**
 * One press of one button: Slack gives every interaction its own trigger id, and a
 * redelivered payload repeats it.
 */
function interactionId(body: InteractionBody, action: InteractionAction): string {
  return [
    'slack:action',
    body.user?.id ?? '',
    body.trigger_id ?? '',
    body.message?.ts ?? body.container?.message_ts ?? '',
    action.action_id ?? '',
    action.action_ts ?? '',
  ].join(':');
}

/** The ids a turn is keyed on, when every one is a Slack id; else null. */
function slackIds(
  team: unknown,
  user: unknown,
  place: { channel: unknown; threadTs?: unknown },
): { team: string; user: string; place: Place } | null {
  if (!isSlackTeamId(team) || !isSlackUserId(user) || !isSlackChannelId(place.channel)) return null;
  if (place.threadTs !== undefined && !isSlackTs(place.threadTs)) return null;
  return {
    team,
    user,
    place: { channel: place.channel, ...(place.threadTs !== undefined ? { threadTs: place.threadTs } : {}) },
  };
}

/** The form's private metadata (language and zone) when it is what the bot wrote there. */
function metadataOf(raw: unknown): { language?: Language; timeZone?: string } {
  if (typeof raw !== 'string' || !raw) return {};
  try {
    const meta: unknown = JSON.parse(raw);
    if (typeof meta !== 'object' || meta === null) return {};
    const { language, timeZone } = meta as Record<string, unknown>;
    return {
      ...((LANGUAGES as readonly unknown[]).includes(language) ? { language: language as Language } : {}),
      ...(typeof timeZone === 'string' && timeZone.length <= 64 && isKnownTimeZone(timeZone)
        ? { timeZone }
        : {}),
    };
  } catch {
    return {};
  }
}

/** The modal block an error belongs under. */
function blockFor(reason: string, fallback: string): string {
  if (reason === 'action.badPriority') return 'priority';
  if (reason === 'action.reasonRequired') return 'reason';
  if (reason === 'action.pauseReasonRequired') return 'pauseReason';
  if (reason === 'action.badExpected' || reason === 'action.expectedInPast') return 'expected';
  if (reason === 'action.responseRequired') return 'responseText';
  if (reason === 'action.emptyInfo') return 'info';
  return fallback;
}

const MENTION = /<@([A-Z0-9]+)(?:\|[^<>]*)?>/g;

/** True when a message mentions the bot (any mention when the bot's id is unknown). */
function mentionsBot(text: string, botUserId: string | undefined): boolean {
  for (const m of text.matchAll(MENTION)) if (!botUserId || m[1] === botUserId) return true;
  return false;
}

/**
 * The text of a mention of the bot without that mention: "@bot <@U123> can't log in"
 * keeps the colleague it names (shown as @U123 by the plain-text reading).
 */
function withoutBotMention(text: string, botUserId: string | undefined): string {
  return text.replace(MENTION, (all, id: string) => (!botUserId || id === botUserId ? '' : all)).trim();
}
