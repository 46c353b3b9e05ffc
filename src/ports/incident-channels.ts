import type { Ticket } from '../core/tickets/ticket.js';
import type { ChatAddress } from './chat-address.js';
import type { CardRendering, PostedMessage } from './chat-publisher.js';

/** What opening an incident channel needs: decided by the app, carried out by a platform. */
export interface IncidentChannelRequest {
  readonly ticket: Ticket;
  /** The wanted name (CONTRACTS.md section 8: "inc-tck-000042-acme"); the platform makes it unique. */
  readonly name: string;
  readonly topic: string;
  /** Platform user ids to invite (requester, incident managers, responders on this platform). */
  readonly invite: readonly string[];
  readonly rendering: CardRendering;
  /** The outbox key, to find a channel an earlier attempt may have made. */
  readonly key: string;
  /**
   * An earlier attempt may have created the channel (it failed unclearly or never
   * finished): a taken name is looked up, and adopted when the bot made it.
   */
  readonly maybeCreated?: boolean;
  /**
   * The platform has failed in passing for long enough: this try falls back (a thread)
   * rather than leave the incident without a room while the outbox keeps retrying.
   */
  readonly lastChance?: boolean;
}

/** Where an incident runs now, and why not where it was meant to when a fallback was taken. */
export interface OpenedIncidentChannel {
  /** The incident channel (Slack channel id; Teams channel or fallback thread id). */
  readonly channel: ChatAddress;
  readonly name: string;
  /** The name as people on the platform write it ("#inc-tck-000042-acme" on Slack); else `name`. */
  readonly label?: string;
  /** The ticket card posted (and pinned where the platform can). */
  readonly card: PostedMessage | null;
  /** Set when the platform's first route refused (e.g. Graph 403): the incident manager is told. */
  readonly fallbackReason?: string;
}

/** Someone the platform would not add to an incident channel, and why (a refusal, not a passing failure). */
export interface InviteRefusal {
  readonly user: string;
  readonly reason: string;
}

/**
 * Incident channels on a chat platform (CONTRACTS.md section 8): Slack creates a channel,
 * invites, posts and pins the card and sets the topic; Teams creates a channel through
 * Microsoft Graph and posts the card, or falls back to a thread in the escalation channel.
 */
export interface IncidentChannels {
  readonly platform: 'teams' | 'slack';
  /**
   * Creates the channel and posts the card. Adding people and pinning are separate
   * outbox entries (invite, pin), so a passing failure of either is retried with backoff.
   */
  open(request: IncidentChannelRequest): Promise<OpenedIncidentChannel>;
  /**
   * Adds people to the channel; someone already in it counts as added. Throws when the
   * platform failed in passing (5xx, 429, no answer), so the outbox retries; returns the
   * people it refused for good.
   */
  invite(channel: ChatAddress, users: readonly string[]): Promise<readonly InviteRefusal[]>;
  /** Pins the card where the platform can; already pinned counts as done. */
  pin(channel: ChatAddress, messageId: string): Promise<void>;
  /**
   * A web link that opens the card in its channel or thread (a Slack permalink, a Teams
   * deep link), to put in plain text; null when the platform gives none.
   */
  link(channel: ChatAddress, card: PostedMessage | null): Promise<string | null>;
  setTopic(channel: ChatAddress, topic: string): Promise<void>;
  /** Archives (never deletes) the channel, where the platform can. */
  archive(channel: ChatAddress): Promise<void>;
}
