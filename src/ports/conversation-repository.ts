import type { IntakeState } from '../core/intake/intake-state.js';

/** Unfinished intakes, one per conversation key, kept across restarts. */
export interface ConversationRepository {
  load(conversationKey: string): Promise<IntakeState | null>;
  save(state: IntakeState): Promise<void>;
  delete(conversationKey: string): Promise<void>;
  countOpen(): Promise<number>;
}
