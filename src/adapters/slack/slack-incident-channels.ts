import type { WebClient } from '@slack/web-api';
import { alternativeChannelName } from '../../core/incidents/incident.js';
import type { ChatAddress } from '../../ports/chat-address.js';
import { PermanentDeliveryError, type PostedMessage } from '../../ports/chat-publisher.js';
import type {
  IncidentChannelRequest,
  IncidentChannels,
  InviteRefusal,
  OpenedIncidentChannel,
} from '../../ports/incident-channels.js';
import type { Logger } from '../../ports/logger.js';
import { SlackChannelLookup } from './slack-channel-lookup.js';
import { SlackPublisher, slackError, slackErrorCode } from './slack-publisher.js';
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

/** A Slack refusal (an error code that will not change on a retry), as opposed to a passing failure. */
function refusalOf(err: unknown): string | null {
  const code = slackErrorCode(err);
  return code && !TRANSIENT.has(code) ? code : null;
}

/**
 * Slack incident channels (CONTRACTS.md section 8): conversations.create (a unique name),
 * the ticket card posted, conversations.setTopic; conversations.invite and pins.add are
 * asked for by their own outbox entries; conversations.archive on close.
 *
 * A card post that fails in passing fails open(); the outbox retry takes the same channel
 * up again (kept here by outbox key, or found by name in another process). On the last
 * chance, or refused for good, the card is logged and returned as null. The topic is set
 * again on every change.
 */
export class SlackIncidentChannels implements IncidentChannels {
  readonly platform = 'slack' as const;
  private readonly publisher: SlackPublisher;
  private readonly lookup: SlackChannelLookup;
  /** Channels made by a try that failed after it (by outbox key): the retry uses them. */
  private readonly madeBefore = new Map<string, { id: string; name: string; adopted: boolean }>();

  constructor(
    private readonly client: WebClient,
    private readonly logger?: Logger,
  ) {
    this.publisher = new SlackPublisher(client, logger);
    this.lookup = new SlackChannelLookup(client);
  }

  async open(request: IncidentChannelRequest): Promise<OpenedIncidentChannel> {
    const { id, name, adopted } =
      this.madeBefore.get(request.key) ?? (await this.create(request.name, request.maybeCreated ?? false));
    const channel: ChatAddress = { platform: 'slack', kind: 'channel', id };
    let card: PostedMessage | null = null;
    try {
      // In an adopted channel the card may be there already: found by its outbox key.
      const posted = await this.publisher.postCard(channel, request.ticket, request.rendering, request.key, {
        maybeSent: adopted,
      });
      card = { conversationId: posted.conversationId, messageId: posted.messageId, reference: {} };
    } catch (err) {
      // A passing failure (a 5xx, a 429 storm) fails the try: the outbox retries it, and the
      // retry takes this channel up again (kept here; another process finds it by name)
      // instead of leaving the incident without its card and pin. On the last chance, or
      // refused for good, the channel goes on without the card.
      if (!(err instanceof PermanentDeliveryError) && !request.lastChance) {
        this.madeBefore.set(request.key, { id, name, adopted: true });
        throw err;
      }
      this.warn(
        err,
        { channelId: id, ticketId: request.ticket.id },
        'could not post the ticket card in the incident channel',
      );
    }
    try {
      await this.topic(id, request.topic);
    } catch (err) {
      this.warn(err, { channelId: id }, 'could not set the incident channel topic');
    }
    this.madeBefore.delete(request.key);
    return { channel, name, label: `#${name}`, card };
  }

  /** Everyone in one call; when one of them cannot be invited, the others one by one. */
  async invite(channel: ChatAddress, users: readonly string[]): Promise<readonly InviteRefusal[]> {
    const people = [...new Set(users.filter((u) => u.trim() !== ''))];
    if (people.length === 0) return [];
    try {
      await this.client.conversations.invite({ channel: channel.id, users: people.join(',') });
      return [];
    } catch (err) {
      const code = refusalOf(err);
      if (code === null) throw slackError(err);
      if (INVITED_ALREADY.has(code) && people.length === 1) return [];
      // About the channel or the bot (not_in_channel, is_archived, missing_scope): nobody can be added.
      if (!PER_PERSON.has(code) && !INVITED_ALREADY.has(code)) {
        this.warn(
          err,
          { channelId: channel.id, users: people },
          'could not invite people to the incident channel',
        );
        return people.map((user) => ({ user, reason: code }));
      }
    }
    const refused: InviteRefusal[] = [];
    for (const user of people) {
      try {
        await this.client.conversations.invite({ channel: channel.id, users: user });
      } catch (err) {
        const code = refusalOf(err);
        // A passing failure: the outbox tries the whole entry again (those added count as added).
        if (code === null) throw slackError(err);
        if (INVITED_ALREADY.has(code)) continue;
        this.warn(err, { channelId: channel.id, user }, 'could not invite a person to the incident channel');
        refused.push({ user, reason: code });
      }
    }
    return refused;
  }

  async pin(channel: ChatAddress, messageId: string): Promise<void> {
    try {
      await this.client.pins.add({ channel: channel.id, timestamp: messageId });
    } catch (err) {
      if (slackErrorCode(err) === 'already_pinned') return;
      const code = refusalOf(err);
      if (code) throw new PermanentDeliveryError(`Slack refused pins.add: ${code}`);
      throw slackError(err);
    }
  }

  /** The card's permalink: plain text stays a link (a "<#C1>" mention would be escaped in a notice). */
  async link(channel: ChatAddress, card: PostedMessage | null): Promise<string | null> {
    if (!card) return null;
    try {
      const answer = await this.client.chat.getPermalink({ channel: channel.id, message_ts: card.messageId });
      return answer.permalink ?? null;
    } catch (err) {
      this.warn(err, { channelId: channel.id }, 'could not get the permalink of the incident card');
      return null;
    }
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
      if (slackErrorCode(err) === 'already_archived') return;
      throw slackError(err);
    }
  }

  /**
   * A public channel with the wanted name, or the first free alternative. When an earlier
   * try may have created it, a taken name is first looked up: the bot's own channel is
   * adopted rather than left empty beside a "-2".
   */
  private async create(
    wanted: string,
    maybeCreated: boolean,
  ): Promise<{ id: string; name: string; adopted: boolean }> {
    for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      const name = attempt === 0 ? wanted : alternativeChannelName(wanted, attempt);
      try {
        const created = await this.client.conversations.create({ name, is_private: false });
        const id = created.channel?.id;
        if (!id) throw new Error(`conversations.create answered without a channel id for ${name}`);
        return { id, name: created.channel?.name ?? name, adopted: false };
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal === 'name_taken') {
          const own = maybeCreated ? await this.ownChannel(name) : null;
          if (own) return { id: own, name, adopted: true };
          continue;
        }
        // A refusal (restricted_action, missing_scope, invalid_name ...) never changes on a
        // retry: the app falls back and alerts.
        if (refusal) throw new PermanentDeliveryError(`Slack refused conversations.create: ${refusal}`);
        throw slackError(err);
      }
    }
    throw new PermanentDeliveryError(
      `Slack refused conversations.create: name_taken for ${wanted} and ${NAME_ATTEMPTS - 1} alternatives`,
    );
  }

  /** The bot's own channel of that name; a passing failure of the look-up is retried by the outbox. */
  private async ownChannel(name: string): Promise<string | null> {
    try {
      return await this.lookup.ownChannelNamed(name);
    } catch (err) {
      if (refusalOf(err) === null) throw slackError(err);
      // Refused (e.g. missing_scope): a free alternative name is better than no channel.
      this.warn(err, { name }, 'could not look up the incident channel name');
      return null;
    }
  }

  private async topic(channel: string, topic: string): Promise<void> {
    await this.client.conversations.setTopic({ channel, topic: slackText(topic, TOPIC_MAX) });
  }

  private warn(err: unknown, fields: Record<string, unknown>, message: string): void {
    this.logger?.warn({ ...fields, err: slackErrorCode(err) ?? (err as Error).message }, message);
  }
}
