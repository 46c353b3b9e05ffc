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
}

/** Where an incident runs now, and why not where it was meant to when a fallback was taken. */
export interface OpenedIncidentChannel {
  /** The incident channel (Slack channel id; Teams channel or fallback thread id). */
  readonly channel: ChatAddress;
  readonly name: string;
  /** The ticket card posted (and pinned where the platform can). */
  readonly card: PostedMessage | null;
  /** Set when the platform's first route refused (e.g. Graph 403): the incident manager is told. */
  readonly fallbackReason?: string;
}

/**
 * Incident channels on a chat platform (CONTRACTS.md section 8): Slack creates a channel,
 * invites, posts and pins the card and sets the topic; Teams creates a channel through
 * Microsoft Graph and posts the card, or falls back to a thread in the escalation channel.
 */
export interface IncidentChannels {
  readonly platform: 'teams' | 'slack';
  open(request: IncidentChannelRequest): Promise<OpenedIncidentChannel>;
  setTopic(channel: ChatAddress, topic: string): Promise<void>;
  /** Archives (never deletes) the channel, where the platform can. */
  archive(channel: ChatAddress): Promise<void>;
}
