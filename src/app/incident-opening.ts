import { incidentChannelName, incidentTopic } from '../core/incidents/incident.js';
import type { Ticket } from '../core/tickets/ticket.js';
import { incidentCopyActions } from '../core/tickets/ticket-permissions.js';
import type { ChatAddress } from '../ports/chat-address.js';
import { type CardRendering, type ChatPublisher, PermanentDeliveryError } from '../ports/chat-publisher.js';
import type { Clock } from '../ports/clock.js';
import type { IncidentChannels, OpenedIncidentChannel } from '../ports/incident-channels.js';
import type { Logger } from '../ports/logger.js';
import type { OutboxDraft, OutboxEntry } from '../ports/outbox.js';
import type { Store } from '../ports/store.js';
import { VersionConflictError } from '../ports/ticket-repository.js';
import type { IncidentFlows } from './incident-flows.js';
import { type SupportChannels, supportChannelAddresses } from './support-channels.js';

/**
 * Attempts at opening an incident channel while the platform fails in passing (about
 * 15 s of backing off) before the incident falls back to a thread: it needs a room now.
 */
export const INCIDENT_FALLBACK_ATTEMPTS = 5;
/** Reads and commits that record an opened incident channel, while joins keep changing the ticket. */
export const RECORD_ATTEMPTS = 20;

export interface IncidentOpeningDeps {
  readonly incidentChannels?: ReadonlyMap<string, IncidentChannels>;
  readonly incidents?: IncidentFlows;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly support: SupportChannels;
  /** The publisher of a platform, as the outbox sends through it. */
  readonly publisher: (platform: string) => ChatPublisher;
  /** A ticket card as posted on a platform now. */
  readonly rendering: (ticket: Ticket, platform: string, timeZone: string | undefined) => CardRendering;
}

/**
 * Opening a P1's incident channel for the outbox entry that asks for it: the channel (or
 * the support thread it falls back to), recorded on the ticket with what follows from
 * it, and the incident managers told when no route works.
 */
export class IncidentOpening {
  /** Incident channels this process opened but could not record yet: the retry records them, not a second one. */
  private readonly openedUnrecorded = new Map<
    string,
    { opened: OpenedIncidentChannel; supportThread: boolean }
  >();

  constructor(private readonly deps: IncidentOpeningDeps) {}

  private publisher(platform: string): ChatPublisher {
    return this.deps.publisher(platform);
  }

  private rendering(ticket: Ticket, platform: string, timeZone: string | undefined): CardRendering {
    return this.deps.rendering(ticket, platform, timeZone);
  }

  /**
   * Opens a P1's incident channel, then records it on the ticket (with the pinned card as
   * a card copy) in one commit, with what follows from it: the incident managers sent
   * there (only now is its real name known), a fallback's reason, and the invitations and
   * the pin as entries of their own, so a passing failure of either is retried.
   */
  async open(
    platform: string,
    ticketId: string,
    invite: readonly string[],
    entry: OutboxEntry,
    maybeCreated: boolean,
  ): Promise<void> {
    const { store, clock } = this.deps;
    const key = entry.key;
    const ticket = await store.tickets.get(ticketId);
    if (!ticket?.incident) throw new PermanentDeliveryError(`no incident on ${ticketId}`);
    if (ticket.incident.channel) {
      this.openedUnrecorded.delete(key);
      return;
    }
    const channels = this.deps.incidentChannels?.get(platform);
    const { opened, supportThread } =
      this.openedUnrecorded.get(key) ?? (await this.route(platform, ticket, invite, entry, maybeCreated));
    const link = channels ? await channels.link(opened.channel, opened.card) : null;
    for (let attempt = 1; attempt <= RECORD_ATTEMPTS; attempt++) {
      // Jitter after a lost race, so a stream of joins does not win every time in lockstep.
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      const current = await store.tickets.get(ticketId);
      if (!current?.incident || current.incident.channel) {
        this.openedUnrecorded.delete(key);
        return;
      }
      const now = clock.now();
      const channel = {
        platform: opened.channel.platform,
        id: opened.channel.id,
        name: opened.name,
        ...(opened.channel.threadId ? { threadId: opened.channel.threadId } : {}),
        ...(opened.channel.reference ? { reference: opened.channel.reference } : {}),
        ...(opened.fallbackReason ? { fallbackReason: opened.fallbackReason } : {}),
      };
      const next = {
        ...current,
        version: current.version + 1,
        updatedAt: now,
        incident: { ...current.incident, channel },
      };
      // In a thread nobody needs adding, and the card starts it.
      const inThread = Boolean(opened.fallbackReason);
      const setup: OutboxDraft[] = inThread
        ? []
        : [
            ...(invite.length > 0
              ? [
                  {
                    key: `incident:${ticketId}:invite`,
                    lane: `incident:${ticketId}:invite`,
                    message: { kind: 'incidentInvite' as const, ticketId, invite },
                  },
                ]
              : []),
            ...(opened.card
              ? [
                  {
                    key: `incident:${ticketId}:pin`,
                    lane: `incident:${ticketId}:pin`,
                    message: { kind: 'incidentPin' as const, ticketId, messageId: opened.card.messageId },
                  },
                ]
              : []),
          ];
      const told = this.deps.incidents
        ? this.deps.incidents.channelOpened(next, { label: opened.label, link, supportThread })
        : [];
      try {
        await store.commit({
          at: now,
          updateTicket: {
            ticket: next,
            event: {
              at: now,
              actor: 'system:ticketbot',
              type: 'incidentChannelOpened',
              data: {
                platform: channel.platform,
                name: channel.name,
                ...(opened.fallbackReason ? { fallbackReason: opened.fallbackReason } : {}),
              },
            },
          },
          outbox: [...setup, ...told],
        });
        this.openedUnrecorded.delete(key);
        return;
      } catch (err) {
        if (!(err instanceof VersionConflictError)) throw err;
      }
    }
    // The ticket kept changing (reporters joining in a burst): the next try records this
    // channel (another process finds it as its own, maybeCreated).
    this.openedUnrecorded.set(key, { opened, supportThread });
    throw new Error(
      `the incident channel of ${ticketId} was opened but could not be recorded yet; the ticket kept changing`,
    );
  }

  /** The incident channel, or the support thread it falls back to, with its card recorded as a copy. */
  private async route(
    platform: string,
    ticket: Ticket,
    invite: readonly string[],
    entry: OutboxEntry,
    maybeCreated: boolean,
  ): Promise<{ opened: OpenedIncidentChannel; supportThread: boolean }> {
    const rendering = {
      ...this.rendering(ticket, platform, undefined),
      actions: incidentCopyActions(ticket),
    };
    const lastChance = entry.attempts >= INCIDENT_FALLBACK_ATTEMPTS;
    // Not configured here: like a failure in passing (it may be tomorrow), then the fallback.
    const channels = this.deps.incidentChannels?.get(platform);
    try {
      if (!channels) throw new Error(`incident channels on ${platform} are not configured on this server`);
      const opened = await channels.open({
        ticket,
        name: incidentChannelName(ticket.id, ticket.environments),
        topic: incidentTopic(ticket),
        invite,
        rendering,
        key: entry.key,
        maybeCreated,
        lastChance,
      });
      return { opened: await this.withCardCopy(ticket.id, opened), supportThread: false };
    } catch (err) {
      // Refused for good (no permission, a workspace rule), or failing for too long: run it
      // in a thread of the support channel.
      if (!(err instanceof PermanentDeliveryError) && !lastChance) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      const opened = await this.supportThread(platform, ticket, rendering, entry.key, reason, maybeCreated);
      return { opened: await this.withCardCopy(ticket.id, opened), supportThread: true };
    }
  }

  private async withCardCopy(
    ticketId: string,
    opened: OpenedIncidentChannel,
  ): Promise<OpenedIncidentChannel> {
    if (opened.card)
      await this.deps.store.cardCopies.add({ ticketId, platform: opened.channel.platform, ...opened.card });
    return opened;
  }

  /** The fallback route of an incident: a new thread in that platform's support channel, started by the card. */
  private async supportThread(
    platform: string,
    ticket: Ticket,
    rendering: CardRendering,
    key: string,
    reason: string,
    maybeCreated: boolean,
  ): Promise<OpenedIncidentChannel> {
    const channel = supportChannelAddresses(this.deps.support).find((c) => c.platform === platform);
    if (!channel)
      throw new PermanentDeliveryError(`${reason}; and no ${platform} support channel to fall back to`);
    // An earlier try may have started the thread (its recording lost): looked up, not started twice.
    const card = await this.publisher(platform).postCard(channel, ticket, rendering, `${key}:fallback`, {
      maybeSent: maybeCreated,
    });
    if (!card)
      throw new Error(`the incident card of ${ticket.id} could not be posted in the support channel`);
    const thread: ChatAddress =
      platform === 'slack'
        ? { platform: 'slack', kind: 'channel', id: card.conversationId, threadId: card.messageId }
        : { platform: 'teams', kind: 'conversation', id: card.conversationId, reference: card.reference };
    return { channel: thread, name: `support thread of ${ticket.id}`, card, fallbackReason: reason };
  }

  /** An incident whose channel opening is given up: its managers must not wait for a notice that never comes. */
  async tellUnopened(entry: OutboxEntry, reason: string): Promise<void> {
    const { message } = entry;
    if (message.kind !== 'openIncident' || !this.deps.incidents) return;
    const { logger } = this.deps;
    try {
      const ticket = await this.deps.store.tickets.get(message.ticketId);
      if (!ticket?.incident || ticket.incident.channel) return;
      const notices = this.deps.incidents.channelUnopened(ticket, reason, entry.key);
      // Teams managers are reached through a support channel; without one nobody can be told.
      if (notices.length === 0)
        logger.error(
          { key: entry.key, ticketId: ticket.id },
          'no incident channel and nobody to tell: set a support channel or Slack incident managers',
        );
      else await this.deps.store.commit({ at: this.deps.clock.now(), outbox: notices });
    } catch (err) {
      // The entry is dead-lettered all the same (it shows on /readyz).
      logger.error(
        { key: entry.key, err: err instanceof Error ? err.message : String(err) },
        'could not tell the incident managers that no channel was opened',
      );
    }
  }
}
