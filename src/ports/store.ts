import type { ConversationRepository } from './conversation-repository.js';
import type { CardCopyRepository, InboxRepository } from './delivery-repositories.js';
import type { TicketRepository } from './ticket-repository.js';

/** One storage backend: its repositories and its lifecycle. */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly tickets: TicketRepository;
  readonly conversations: ConversationRepository;
  readonly cardCopies: CardCopyRepository;
  readonly inbox: InboxRepository;
  /** Resolves when the store answers a trivial query (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
