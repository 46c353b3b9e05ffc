import type { WebClient } from '@slack/web-api';
import { alternativeChannelName } from '../../core/incidents/incident.js';
import type { ChatAddress } from '../../ports/chat-address.js';
import { PermanentDeliveryError, type PostedMessage } from '../../ports/chat-publisher.js';
import type {
  IncidentChannelRequest,
  IncidentChannels,
  OpenedIncidentChannel,
} from '../../ports/incident-channels.js';
import type { Logger } from '../../ports/logger.js';
import { SlackPublisher, slackError } from './slack-publisher.js';
import { slackText } from './slack-text.js';

/** conversations.create: the wanted name, then up to this many alternatives ("-2", "-3" ...). */
const NAME_ATTEMPTS = 20;
/** Slack's limit for a channel topic. */
const TOPIC_MAX = 250;
/** Slack's errors that pass: asking again may work (everything else is a refusal). */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);
/** Invitation errors that mean nothing is left to do for that person. */
const INVITED_ALREADY = new Set(['already_in_channel', 'cant_invite_self']);
/** Invitation errors about one of the people: the others are invited one by one. */
const PER_PERSON = new Set([
  'user_not_found',
  'cant_invite',
  'user_is_restricted',
  'user_is_ultra_restricted',
]);

function codeOf(err: unknown): string | undefined {
  return (err as { data?: { error?: string } }).data?.error;
}

/**
 * Slack incident channels (CONTRACTS.md section 8): conversations.create (a unique name),
 * conversations.invite, the ticket card posted and pinned, conversations.setTopic;
 * conversations.archive on close.
 *
 * Once the channel exists, open() does not throw: an outbox retry would create a second
 * channel. What goes wrong after that point (an invitation, the pin, the topic, the card)
 * is logged, and a card that could not be posted is returned as null.
 */
export class SlackIncidentChannels implements IncidentChannels {
  readonly platform = 'slack' as const;
  private readonly publisher: SlackPublisher;

  constructor(
    private readonly client: WebClient,
    private readonly logger?: Logger,
  ) {
    this.publisher = new SlackPublisher(client);
  }

  async open(request: IncidentChannelRequest): Promise<OpenedIncidentChannel> {
    const { id, name } = await this.create(request.name);
    const channel: ChatAddress = { platform: 'slack', kind: 'channel', id };
    await this.invite(id, request.invite);
    let card: PostedMessage | null = null;
    try {
      const posted = await this.publisher.postCard(channel, request.ticket, request.rendering, request.key);
      card = { conversationId: posted.conversationId, messageId: posted.messageId, reference: {} };
    } catch (err) {
      this.warn(
        err,
        { channel: id, ticketId: request.ticket.id },
        'could not post the ticket card in the incident channel',
      );
    }
    if (card) {
      try {
        await this.client.pins.add({ channel: id, timestamp: card.messageId });
      } catch (err) {
        this.warn(err, { channel: id }, 'could not pin the ticket card in the incident channel');
      }
    }
    try {
      await this.topic(id, request.topic);
    } catch (err) {
      this.warn(err, { channel: id }, 'could not set the incident channel topic');
    }
    return { channel, name, card };
  }

  async setTopic(channel: ChatAddress, topic: string): Promise<void> {
    try {
      await this.topic(channel.id, topic);
    } catch (err) {
      throw slackError(err);
    }
  }

  async archive(channel: ChatAddress): Promise<void> {
    try {
      await this.client.conversations.archive({ channel: channel.id });
    } catch (err) {
      if (codeOf(err) === 'already_archived') return;
      throw slackError(err);
    }
  }

  /** A public channel with the wanted name, or the first free alternative. */
  private async create(wanted: string): Promise<{ id: string; name: string }> {
    for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      const name = attempt === 0 ? wanted : alternativeChannelName(wanted, attempt);
      try {
        const created = await this.client.conversations.create({ name, is_private: false });
        const id = created.channel?.id;
        if (!id) throw new Error(`conversations.create answered without a channel id for ${name}`);
        return { id, name: created.channel?.name ?? name };
      } catch (err) {
        const code = codeOf(err);
        if (code === 'name_taken') continue;
        // A refusal (restricted_action, missing_scope, invalid_name ...) never changes on a
        // retry: the app falls back and alerts.
        if (code && !TRANSIENT.has(code))
          throw new PermanentDeliveryError(`Slack refused conversations.create: ${code}`);
        throw slackError(err);
      }
    }
    throw new PermanentDeliveryError(
      `Slack refused conversations.create: name_taken for ${wanted} and ${NAME_ATTEMPTS - 1} alternatives`,
    );
  }

  /** Everyone in one call; when one of them cannot be invited, the others one by one. */
  private async invite(channel: string, users: readonly string[]): Promise<void> {
    const people = [...new Set(users.filter((u) => u.trim() !== ''))];
    if (people.length === 0) return;
    try {
      await this.client.conversations.invite({ channel, users: people.join(',') });
      return;
    } catch (err) {
      const code = codeOf(err);
      if (code && INVITED_ALREADY.has(code) && people.length === 1) return;
      if (!code || !(PER_PERSON.has(code) || INVITED_ALREADY.has(code))) {
        this.warn(err, { channel, users: people }, 'could not invite people to the incident channel');
        return;
      }
    }
    for (const user of people) {
      try {
        await this.client.conversations.invite({ channel, users: user });
      } catch (err) {
        const code = codeOf(err);
        if (code && INVITED_ALREADY.has(code)) continue;
        this.warn(err, { channel, user }, 'could not invite a person to the incident channel');
      }
    }
  }

  private async topic(channel: string, topic: string): Promise<void> {
    await this.client.conversations.setTopic({ channel, topic: slackText(topic, TOPIC_MAX) });
  }

  private warn(err: unknown, fields: Record<string, unknown>, message: string): void {
    this.logger?.warn({ ...fields, err: codeOf(err) ?? (err as Error).message }, message);
  }
}
