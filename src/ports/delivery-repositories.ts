/** Where one copy of a ticket card was posted, so every copy can be updated in place. */
export interface CardCopy {
  readonly ticketId: string;
  readonly platform: 'teams' | 'slack';
  /** The conversation (Teams conversation id, Slack channel id). */
  readonly conversationId: string;
  /** The posted message (Teams activity id, Slack ts). */
  readonly messageId: string;
  /** What the platform needs to reach it again (a Teams conversation reference). */
  readonly reference: Readonly<Record<string, unknown>>;
}

export interface CardCopyRepository {
  /** Records a copy; recording the same message twice keeps one. */
  add(copy: CardCopy): Promise<void>;
  list(ticketId: string): Promise<CardCopy[]>;
}

/** Inbound events seen, for at-least-once delivery with effects exactly once. */
export interface InboxRepository {
  /** True the first time an event id is claimed, false for every redelivery. */
  claim(eventId: string, at: number): Promise<boolean>;
  /** Whether an event id was claimed (a cheap check before doing the work again). */
  seen(eventId: string): Promise<boolean>;
}
