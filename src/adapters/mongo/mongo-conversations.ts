import type { ClientSession, Collection } from 'mongodb';
import type { IntakeState } from '../../core/intake/intake-state.js';
import {
  ConversationConflictError,
  type ConversationRepository,
  type StoredIntake,
} from '../../ports/conversation-repository.js';
import type { ConversationDoc } from './mongo-collections.js';
import { isDuplicateKey } from './mongo-transaction.js';

/** Unfinished intakes; every write is a compare-and-set on the revision. */
export class MongoConversations implements ConversationRepository {
  constructor(private readonly conversations: Collection<ConversationDoc>) {}

  async load(conversationKey: string): Promise<StoredIntake | null> {
    const doc = await this.conversations.findOne({ _id: String(conversationKey) });
    return doc ? { state: doc.state, revision: doc.revision ?? 1 } : null;
  }

  save(state: IntakeState, expectedRevision: number | null): Promise<number> {
    return this.saveIn(undefined, state, expectedRevision);
  }

  /** Also inside a commit's transaction (a single document needs none). */
  async saveIn(
    session: ClientSession | undefined,
    state: IntakeState,
    expectedRevision: number | null,
  ): Promise<number> {
    const _id = state.conversationKey;
    const options = session ? { session } : {};
    if (expectedRevision === null) {
      try {
        await this.conversations.insertOne({ _id, state, updatedAt: state.updatedAt, revision: 1 }, options);
        return 1;
      } catch (err) {
        if (isDuplicateKey(err)) throw new ConversationConflictError(_id);
        throw err;
      }
    }
    const result = await this.conversations.updateOne(
      { _id, revision: expectedRevision },
      { $set: { state, updatedAt: state.updatedAt, revision: expectedRevision + 1 } },
      options,
    );
    if (result.matchedCount !== 1) throw new ConversationConflictError(_id);
    return expectedRevision + 1;
  }

  async delete(conversationKey: string): Promise<void> {
    await this.conversations.deleteOne({ _id: String(conversationKey) });
  }

  /** Inside a commit: deletes only the revision the turn was taken on. */
  async deleteIn(session: ClientSession, conversationKey: string, expectedRevision: number): Promise<void> {
    const result = await this.conversations.deleteOne(
      { _id: String(conversationKey), revision: expectedRevision },
      { session },
    );
    if (result.deletedCount !== 1) throw new ConversationConflictError(conversationKey);
  }

  async countOpen(): Promise<number> {
    return this.conversations.countDocuments({});
  }
}
