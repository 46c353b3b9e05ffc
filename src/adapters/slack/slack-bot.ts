import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ChatSession, IntakeService } from '../../app/intake-service.js';
import type { TicketActionService } from '../../app/ticket-action-service.js';
import { t } from '../../core/i18n/catalogue.js';
import type { Language } from '../../core/i18n/language.js';
import type { Attachment } from '../../core/intake/intake-state.js';
import type { ReplyPart } from '../../core/intake/reply.js';
import { isPriority } from '../../core/sla/priority.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import type { TicketAction } from '../../core/tickets/ticket-actions.js';
import type { Logger } from '../../ports/logger.js';
import type { Store } from '../../ports/store.js';
import { replyMessages } from './block-kit.js';
import { SlackCards } from './slack-cards.js';
import { formInputFromView, TICKET_FORM_CALLBACK, ticketActionModal, ticketFormView } from './slack-form.js';
import { SlackProfiles } from './slack-profiles.js';
import { slackEscape } from './slack-text.js';

export interface SlackBotDeps {
  readonly store: Store;
  readonly intake: IntakeService;
  readonly actions: TicketActionService;
  readonly supportChannel: string | null;
  readonly logger: Logger;
}

/** The parts of an interaction payload the bot reads (Slack sends much more). */
interface InteractionBody {
  readonly user?: { readonly id?: string };
  readonly team?: { readonly id?: string };
  readonly channel?: { readonly id?: string };
  readonly container?: { readonly channel_id?: string };
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
  readonly value?: string;
  readonly text?: { readonly text?: string };
  readonly selected_option?: { readonly value?: string; readonly text?: { readonly text?: string } };
}

export interface Place {
  readonly channel: string;
  readonly threadTs?: string;
}

/** The Slack face of ticketbot: listeners for DMs, mentions, /ticket, buttons and modals. */
export class SlackBot {
  private readonly profiles: SlackProfiles;
  private readonly cards: SlackCards;

  constructor(private readonly deps: SlackBotDeps) {
    this.profiles = new SlackProfiles(deps.logger);
    this.cards = new SlackCards(deps);
  }

  register(app: App): void {
    // Slack retries events it thinks were lost; Bolt does not deduplicate. An event id
    // has its effects once, whichever way (HTTP or Socket Mode) it arrives again.
    app.use(async ({ body, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      if (
        typeof eventId === 'string' &&
        !(await this.deps.store.inbox.claim(`slack:${eventId}`, Date.now()))
      ) {
        this.deps.logger.info({ eventId }, 'ignored a redelivered Slack event');
        return;
      }
      await next();
    });
    app.message(async ({ message, client, context }) => {
      const m = message as unknown as Record<string, unknown>;
      if (m.bot_id || (m.subtype && m.subtype !== 'file_share')) return;
      const user = String(m.user ?? '');
      const channel = String(m.channel ?? '');
      const team = String(context.teamId ?? m.team ?? '');
      const files = this.filesOf(m.files);
      // Direct-message channel ids start with D, also where channel_type is left out.
      if (m.channel_type === 'im' || (m.channel_type === undefined && channel.startsWith('D'))) {
        await this.turn(client, team, user, { channel }, { text: String(m.text ?? ''), files });
        return;
      }
      // In channels, answers come as replies in the thread of an intake started by a mention.
      const threadTs = typeof m.thread_ts === 'string' ? m.thread_ts : undefined;
      if (!threadTs || /<@[A-Z0-9]+>/.test(String(m.text ?? ''))) return;
      const key = this.key(team, user, { channel, threadTs });
      if (await this.deps.intake.isOpen(key)) {
        await this.turn(client, team, user, { channel, threadTs }, { text: String(m.text ?? ''), files: [] });
      }
    });

    app.event('app_mention', async ({ event, client, context }) => {
      const e = event as unknown as Record<string, unknown>;
      const text = String(e.text ?? '')
        .replace(/<@[A-Z0-9]+>/g, '')
        .trim();
      const threadTs = String(e.thread_ts ?? e.ts);
      await this.turn(
        client,
        String(context.teamId ?? e.team ?? ''),
        String(e.user ?? ''),
        { channel: String(e.channel), threadTs },
        {
          text,
          files: [],
        },
      );
    });

    app.command('/ticket', async ({ command, ack, client, context }) => {
      await ack();
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
        String(context.teamId ?? command.team_id),
        command.user_id,
        { channel },
        { text: command.text ?? '', files: [] },
      );
    });

    app.action(/^intake_(choice_\d+|select)$/, async ({ ack, body, action, client, context }) => {
      await ack();
      const b = body as unknown as InteractionBody;
      const a = action as unknown as InteractionAction;
      const raw = a.selected_option?.value ?? a.value;
      let picked: { step?: string; choice?: string };
      try {
        picked = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (typeof picked.choice !== 'string') return;
      const channel = String(b.channel?.id ?? b.container?.channel_id ?? '');
      const threadTs = b.message?.thread_ts as string | undefined;
      // Replace the buttons with the answer, so an old question cannot be answered twice.
      if (b.message?.ts) {
        const chosen = a.text?.text ?? a.selected_option?.text?.text ?? picked.choice;
        await client.chat
          .update({
            channel,
            ts: b.message.ts,
            text: b.message.text ?? '',
            blocks: [
              ...(b.message.blocks ?? []).filter((block: { type: string }) => block.type !== 'actions'),
              { type: 'context', elements: [{ type: 'mrkdwn', text: `✓ ${slackEscape(String(chosen))}` }] },
            ],
          })
          .catch((err: Error) =>
            this.deps.logger.warn({ err: err.message }, 'could not mark the answered question'),
          );
      }
      await this.turn(
        client,
        String(context.teamId ?? b.team?.id ?? ''),
        String(b.user?.id),
        { channel, ...(threadTs ? { threadTs } : {}) },
        {
          text: '',
          choice: picked.choice,
          ...(typeof picked.step === 'string' ? { choiceFor: picked.step } : {}),
          files: [],
        },
      );
    });

    app.action(
      /^ticket_(acknowledge|pause|resume|resolve|cancel|changePriority|addInfo)$/,
      async ({ ack, body, action, client }) => {
        await ack();
        const b = body as unknown as InteractionBody;
        const a = action as unknown as InteractionAction;
        const verb = String(a.action_id).slice('ticket_'.length);
        const ticketId = String(a.value);
        const user = String(b.user?.id);
        const profile = await this.profiles.get(client, user);
        if (verb === 'changePriority' || verb === 'addInfo') {
          await client.views.open({
            trigger_id: String(b.trigger_id),
            view: ticketActionModal(verb, ticketId, profile.language),
          });
          return;
        }
        await this.perform(client, ticketId, { kind: verb } as TicketAction, user, {
          channel: String(b.channel?.id),
          ...(b.message?.thread_ts ? { threadTs: b.message.thread_ts } : {}),
        });
      },
    );

    app.view(TICKET_FORM_CALLBACK, async ({ ack, view, body, client, context }) => {
      const user = String(body.user.id);
      const meta = JSON.parse(view.private_metadata || '{}') as { language?: Language; timeZone?: string };
      // The answer (errors or not) must reach Slack within 3 seconds.
      const profile = await this.profiles.get(client, user, 1_000);
      const session: ChatSession = {
        conversationKey: `slack:${context.teamId ?? ''}:${user}:form`,
        requester: { platform: 'slack', id: user, name: profile.name },
        language: meta.language ?? profile.language,
        timeZone: meta.timeZone ?? profile.timeZone,
      };
      const result = await this.deps.intake.submitForm(
        session,
        formInputFromView(view.state.values as never),
        view.id,
      );
      if (!result.ok) {
        await ack({ response_action: 'errors', errors: result.errors as Record<string, string> });
        return;
      }
      await ack();
      const dm = await client.conversations.open({ users: user });
      const channel = dm.channel?.id;
      if (channel) {
        await this.cards.post(
          client,
          { channel },
          { text: t(session.language, 'intake.submitted', { id: result.ticket.id }) },
        );
        await this.cards.postCard(client, result.ticket, { channel }, session.timeZone);
      }
    });

    app.view(/^ticket_(changePriority|addInfo)$/, async ({ ack, view, body, client }) => {
      const verb = view.callback_id.slice('ticket_'.length);
      const ticketId = view.private_metadata;
      const values = view.state.values as Record<
        string,
        Record<string, { value?: string | null; selected_option?: { value: string } | null }>
      >;
      const action: TicketAction | null =
        verb === 'addInfo'
          ? { kind: 'addInfo', text: String(values.info?.value?.value ?? '').slice(0, 10_000) }
          : isPriority(values.priority?.value?.selected_option?.value)
            ? {
                kind: 'changePriority',
                priority: values.priority!.value!.selected_option!.value as never,
                reason: String(values.reason?.value?.value ?? '').slice(0, 500),
              }
            : null;
      const profile = await this.profiles.get(client, body.user.id);
      if (!action) {
        await ack({
          response_action: 'errors',
          errors: { priority: t(profile.language, 'action.badPriority') },
        });
        return;
      }
      const actor = this.deps.actions.actor('slack', body.user.id, profile.name);
      const outcome = await this.deps.actions.perform(ticketId, action, actor);
      if (!outcome.ok) {
        const block =
          verb === 'addInfo' ? 'info' : outcome.reason === 'action.reasonRequired' ? 'reason' : 'priority';
        await ack({ response_action: 'errors', errors: { [block]: t(profile.language, outcome.reason) } });
        return;
      }
      await ack();
      await this.updateCopies(
        client,
        outcome.ticket,
        t(outcome.ticket.language, `action.done.${action.kind}`, { actor: actor.name, id: ticketId }),
      );
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
    team: string,
    user: string,
    place: Place,
    turn: { text: string; choice?: string; choiceFor?: string; files: Attachment[] },
  ): Promise<void> {
    const profile = await this.profiles.get(client, user);
    const session: ChatSession = {
      conversationKey: this.key(team, user, place),
      requester: { platform: 'slack', id: user, name: profile.name },
      language: profile.language,
      timeZone: profile.timeZone,
    };
    const result = await this.deps.intake.handle(session, {
      text: turn.text,
      ...(turn.choice !== undefined ? { choice: turn.choice } : {}),
      ...(turn.choiceFor !== undefined ? { choiceFor: turn.choiceFor } : {}),
      files: turn.files,
    });
    await this.sendReply(client, place, result.reply);
    if (result.ticket) await this.cards.postCard(client, result.ticket, place, profile.timeZone);
  }

  private async sendReply(client: WebClient, place: Place, parts: readonly ReplyPart[]): Promise<void> {
    for (const message of replyMessages(parts)) await this.cards.post(client, place, message);
  }

  private async perform(
    client: WebClient,
    ticketId: string,
    action: TicketAction,
    user: string,
    place: Place,
  ): Promise<void> {
    const profile = await this.profiles.get(client, user);
    const actor = this.deps.actions.actor('slack', user, profile.name);
    const outcome = await this.deps.actions.perform(ticketId, action, actor);
    if (!outcome.ok) {
      await client.chat.postEphemeral({
        channel: place.channel,
        user,
        text: slackEscape(t(profile.language, outcome.reason)),
        ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
      });
      return;
    }
    await this.updateCopies(
      client,
      outcome.ticket,
      t(outcome.ticket.language, `action.done.${action.kind}`, { actor: actor.name, id: ticketId }),
    );
  }

  /** Updates every copy; the fallback times are in the requester's zone (readers see Slack dates in their own). */
  private async updateCopies(client: WebClient, ticket: Ticket, notice: string): Promise<void> {
    const zone =
      ticket.requester.platform === 'slack'
        ? (await this.profiles.get(client, ticket.requester.id)).timeZone
        : undefined;
    await this.cards.updateCopies(client, ticket, notice, zone);
  }
}
