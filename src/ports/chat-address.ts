/**
 * Where a message goes, platform-neutral: a conversation the bot is in (with what the
 * platform needs to reach it again), a person (direct message) or a channel.
 */
export interface ChatAddress {
  readonly platform: 'teams' | 'slack';
  readonly kind: 'conversation' | 'user' | 'channel';
  /** Teams conversation id / Slack channel id; for 'user', the platform user id. */
  readonly id: string;
  /** A thread inside the conversation (Slack thread_ts). */
  readonly threadId?: string;
  /** Teams: the stored conversation reference (serviceUrl, bot, conversation, tenant). */
  readonly reference?: Readonly<Record<string, unknown>>;
}

/** The key that orders messages: one conversation's messages are delivered in order. */
export function laneOf(address: ChatAddress): string {
  return `${address.platform}:${address.kind}:${address.id}${address.threadId ? `:${address.threadId}` : ''}`;
}
