import type { IntakeState } from '../core/intake/intake-state.js';

/** An unfinished intake with the revision it was stored at. */
export interface StoredIntake {
  readonly state: IntakeState;
  readonly revision: number;
}

/** Another turn of the same conversation was stored first: reload and take the turn again. */
export class ConversationConflictError extends Error {
  override readonly name = 'ConversationConflictError';
  readonly code = 'conversation_conflict';
  constructor(readonly conversationKey: string) {
    super(`conversation ${conversationKey} changed while this turn was taken`);
  }
}

/**
 * A new incident was refused because one is open on the same outage now (another
 * reporter's submit landed first). A conflict like any other: the turn is taken again,
 * and then offers to join that incident.
 */
export class IncidentExistsError extends ConversationConflictError {
  constructor(
    conversationKey: string,
    readonly ticketId: string,
  ) {
    super(conversationKey);
    this.message = `incident ${ticketId} is open on the same outage; conversation ${conversationKey} takes its turn again`;
  }
}

/** Unfinished intakes, one per conversation key, kept across restarts. */
export interface ConversationRepository {
  load(conversationKey: string): Promise<StoredIntake | null>;
  /**
   * Stores the state if the stored revision is still `expectedRevision` (null: none is
   * stored yet) and returns the new revision; throws ConversationConflictError otherwise.
   */
  save(state: IntakeState, expectedRevision: number | null): Promise<number>;
  delete(conversationKey: string): Promise<void>;
  countOpen(): Promise<number>;
}
