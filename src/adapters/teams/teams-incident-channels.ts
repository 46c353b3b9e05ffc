import { alternativeChannelName } from '../../core/incidents/incident.js';
import type { ChatAddress } from '../../ports/chat-address.js';
import {
  type ChatPublisher,
  PermanentDeliveryError,
  type PostedMessage,
} from '../../ports/chat-publisher.js';
import type {
  IncidentChannelRequest,
  IncidentChannels,
  InviteRefusal,
  OpenedIncidentChannel,
} from '../../ports/incident-channels.js';
import type { Logger } from '../../ports/logger.js';
import { type GraphClient, GraphError } from './graph-client.js';

/** Teams channel names: at most 50 characters. */
export const TEAMS_CHANNEL_NAME_MAX = 50;
const NAME_ATTEMPTS = 5;

export interface TeamsIncidentChannelsOptions {
  /** Posts the card as a channel's first message (a new thread). */
  readonly publisher: Pick<ChatPublisher, 'postCard'>;
  readonly graph: GraphClient;
  /** TEAMS_INCIDENT_TEAM_ID: the team (group id) incident channels are created in. */
  readonly incidentTeamId: string | null;
  /** TEAMS_ESCALATION_CHANNEL: the channel whose threads are the fallback. */
  readonly escalationChannel: string | null;
  /** Where the bot reaches Teams without an incoming activity. */
  readonly serviceUrl: string;
  readonly tenantId: string | null;
  readonly logger?: Logger;
}

/** Written into the incident thread's reference when the channel was created through Graph. */
interface GraphChannelMark {
  readonly teamId: string;
  readonly channelId: string;
}

/**
 * A Teams channel display name: characters Teams refuses replaced, at most 50 characters,
 * and the n-th alternative ("-2", "-3" ...) when the name is taken.
 */
export function teamsChannelName(name: string, attempt: number): string {
  const clean =
    name
      .replace(/[~#%&*{}+/\\:<>?|'",;]/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^[_.\s]+|[.\s]+$/g, '') || 'incident';
  if (attempt === 0) return clean.slice(0, TEAMS_CHANNEL_NAME_MAX).replace(/[.\s]+$/, '');
  const suffixLength = String(attempt + 1).length + 1;
  return alternativeChannelName(clean.slice(0, TEAMS_CHANNEL_NAME_MAX - suffixLength), attempt);
}

function isNameConflict(err: unknown): boolean {
  if (!(err instanceof GraphError)) return false;
  if (err.status === 409) return true;
  return err.status === 400 && /NameAlreadyExists|already exist/i.test(`${err.code} ${err.detail}`);
}

/** No answer (network, timeout), throttled, or a server error: asking again later may work. */
function isTransient(err: unknown): boolean {
  if (!(err instanceof GraphError)) return true;
  // Without an answer: only a call that went out; a missing credential or token is a refusal.
  if (err.status === null) return err.detail.startsWith('Graph did not answer');
  return err.status === 429 || err.status >= 500;
}

/** A Teams deep link to the thread the card started (in the incident channel, or the escalation channel). */
export function teamsDeepLink(
  channel: ChatAddress,
  card: PostedMessage | null,
  tenantId: string | null,
): string | null {
  const [conversation, fromId] = (card?.conversationId ?? channel.id).split(';messageid=');
  const message = card?.messageId ?? fromId;
  if (!conversation || !message) return null;
  const mark = (channel.reference as { graphChannel?: Partial<GraphChannelMark> } | undefined)?.graphChannel;
  const team = mark?.teamId ? `&groupId=${encodeURIComponent(mark.teamId)}` : '';
  const tenant = tenantId ? `&tenantId=${encodeURIComponent(tenantId)}` : '';
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(conversation)}/${encodeURIComponent(message)}?parentMessageId=${encodeURIComponent(message)}${team}${tenant}`;
}

function statusOf(err: unknown): number | null {
  const status = (err as { statusCode?: unknown; status?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : null;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Teams incident channels (CONTRACTS.md section 8): a standard channel created through
 * Microsoft Graph in TEAMS_INCIDENT_TEAM_ID, with the ticket card as its first post; when
 * Graph refuses or is not configured, a new thread in TEAMS_ESCALATION_CHANNEL, saying why.
 * The incident then runs in the card's thread (a Teams channel has no room outside threads).
 */
export class TeamsIncidentChannels implements IncidentChannels {
  readonly platform = 'teams' as const;
  /** Channels made for an outbox key whose card is not posted yet: a retry posts there. */
  private readonly created = new Map<string, { id: string; name: string }>();

  constructor(private readonly options: TeamsIncidentChannelsOptions) {}

  async open(request: IncidentChannelRequest): Promise<OpenedIncidentChannel> {
    const { incidentTeamId: teamId, escalationChannel } = this.options;
    let reason: string;
    if (teamId) {
      const opened = await this.openThroughGraph(teamId, request);
      if ('channel' in opened) return opened;
      reason = opened.reason;
    } else {
      reason = 'TEAMS_INCIDENT_TEAM_ID is not set';
    }
    if (!escalationChannel) {
      throw new PermanentDeliveryError(
        `no Teams incident channel for ${request.ticket.id}: ${reason}, and TEAMS_ESCALATION_CHANNEL is not set`,
      );
    }
    this.options.logger?.warn(
      { ticketId: request.ticket.id, reason },
      'Teams incident channel not created; using a thread in the escalation channel',
    );
    const card = await this.postFirst(escalationChannel, request);
    return {
      channel: this.threadAddress(card),
      name: `${request.name} (thread in the escalation channel)`,
      card,
      fallbackReason: reason,
    };
  }

  /** Creates the channel (a free name) and posts the card; a refusal comes back as a reason. */
  private async openThroughGraph(
    teamId: string,
    request: IncidentChannelRequest,
  ): Promise<OpenedIncidentChannel | { reason: string }> {
    let channel = this.created.get(request.key);
    if (!channel) {
      for (let attempt = 0; attempt < NAME_ATTEMPTS && !channel; attempt++) {
        const name = teamsChannelName(request.name, attempt);
        try {
          channel = { id: await this.options.graph.createChannel(teamId, name, request.topic), name };
        } catch (err) {
          if (isNameConflict(err)) {
            // An earlier try whose answer was lost may have made it: that channel is adopted.
            const own = request.maybeCreated ? await this.findOwn(teamId, name, request) : null;
            if (own) channel = { id: own, name };
            else if (attempt + 1 < NAME_ATTEMPTS) continue;
            else return { reason: `Graph refused channel creation (${messageOf(err)})` };
          } else if (isTransient(err) && !request.lastChance) {
            // Retried by the outbox with backoff; the last chance falls back to a thread.
            throw err;
          } else {
            return { reason: `Graph refused channel creation (${messageOf(err)})` };
          }
        }
      }
      if (!channel) return { reason: 'Graph refused channel creation (no free channel name)' };
      this.created.set(request.key, channel);
    }
    let card: PostedMessage;
    try {
      card = await this.postFirst(channel.id, request);
    } catch (err) {
      const status = statusOf(err);
      // The bot is not in the team (or not allowed to post): that will not change on a retry.
      if (err instanceof PermanentDeliveryError || status === 401 || status === 403 || status === 404) {
        this.created.delete(request.key);
        return { reason: `the bot could not post in the new channel ${channel.name} (${messageOf(err)})` };
      }
      throw err;
    }
    this.created.delete(request.key);
    const mark: GraphChannelMark = { teamId, channelId: channel.id };
    return {
      channel: this.threadAddress(card, mark),
      name: channel.name,
      card,
    };
  }

  /** The channel of that name (after an unclear try); a passing failure of the look-up is retried. */
  private async findOwn(
    teamId: string,
    name: string,
    request: IncidentChannelRequest,
  ): Promise<string | null> {
    try {
      return await this.options.graph.findChannel(teamId, name);
    } catch (err) {
      if (isTransient(err) && !request.lastChance) throw err;
      this.options.logger?.warn(
        { ticketId: request.ticket.id, err: messageOf(err) },
        'could not look up the incident channel name',
      );
      return null;
    }
  }

  /** A standard channel is open to the whole team: nobody needs adding. */
  async invite(): Promise<readonly InviteRefusal[]> {
    return [];
  }

  /** A bot cannot pin through the Bot Framework; the card starts the channel's first thread. */
  async pin(): Promise<void> {}

  async link(channel: ChatAddress, card: PostedMessage | null): Promise<string | null> {
    return teamsDeepLink(channel, card, this.options.tenantId);
  }

  /** The card as the first post of a new thread in a channel. */
  private async postFirst(channelId: string, request: IncidentChannelRequest): Promise<PostedMessage> {
    const { serviceUrl, tenantId } = this.options;
    const address: ChatAddress = {
      platform: 'teams',
      kind: 'channel',
      id: channelId,
      reference: { serviceUrl, ...(tenantId ? { tenantId } : {}) },
    };
    const posted = await this.options.publisher.postCard(
      address,
      request.ticket,
      request.rendering,
      request.key,
    );
    if (!posted) throw new Error(`Teams did not name the thread started in ${channelId}`);
    return posted;
  }

  private threadAddress(card: PostedMessage, mark?: GraphChannelMark): ChatAddress {
    return {
      platform: 'teams',
      kind: 'conversation',
      id: card.conversationId,
      reference: mark ? { ...card.reference, graphChannel: mark } : card.reference,
    };
  }

  /** Teams channels have no topic: the pinned card carries the state, so nothing is posted. */
  async setTopic(): Promise<void> {}

  /** Archives a channel created through Graph; a thread in the escalation channel stays as it is. */
  async archive(channel: ChatAddress): Promise<void> {
    const mark = (channel.reference as { graphChannel?: Partial<GraphChannelMark> } | undefined)
      ?.graphChannel;
    if (!mark?.teamId || !mark.channelId) return;
    try {
      await this.options.graph.archiveChannel(mark.teamId, mark.channelId);
    } catch (err) {
      // Refused (no ChannelSettings.ReadWrite.All, channel gone): a retry will not help.
      if (err instanceof GraphError && err.status !== null && err.status >= 400 && err.status < 500) {
        throw new PermanentDeliveryError(`Graph refused to archive the incident channel (${err.message})`);
      }
      throw err;
    }
  }
}
