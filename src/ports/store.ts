import type { ConversationRepository } from './conversation-repository.js';
import type { CardCopyRepository, InboxRepository } from './delivery-repositories.js';
import type { OutboxRepository } from './outbox.js';
import type { TicketRepository } from './ticket-repository.js';
import type { TimerRepository } from './timers.js';
import type { CommitResult, UnitOfWork } from './unit-of-work.js';

/** One storage backend: its repositories and its lifecycle. */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly tickets: TicketRepository;
  readonly conversations: ConversationRepository;
  readonly cardCopies: CardCopyRepository;
  readonly inbox: InboxRepository;
  readonly outbox: OutboxRepository;
  readonly timers: TimerRepository;
  /**
   * Applies a unit of work atomically. Throws ConversationConflictError or
   * VersionConflictError (nothing applied) when another writer came first.
   */
  commit(unit: UnitOfWork): Promise<CommitResult>;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  /** Resolves when a real write commits (for /readyz: a full disk or a lost file fails it). */
  probeWrite(at: number): Promise<void>;
  close(): Promise<void>;
}
