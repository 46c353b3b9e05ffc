import type { ClientSession, Collection } from 'mongodb';
import type { CardCopy, CardCopyRepository, InboxRepository } from '../../ports/delivery-repositories.js';
import type { CardCopyDoc, InboxDoc } from './mongo-collections.js';
import { isDuplicateKey } from './mongo-transaction.js';

export class MongoCardCopies implements CardCopyRepository {
  constructor(private readonly copies: Collection<CardCopyDoc>) {}

  async add(copy: CardCopy): Promise<void> {
    const _id = [copy.ticketId, copy.platform, copy.conversationId, copy.messageId].join('|');
    await this.copies.updateOne({ _id }, { $setOnInsert: { _id, ...copy } }, { upsert: true });
  }

  async list(ticketId: string): Promise<CardCopy[]> {
    const docs = await this.copies.find({ ticketId: String(ticketId) }).toArray();
    return docs.map(({ _id: _ignored, ...copy }) => copy);
  }
}

/** Inbound event ids seen: the _id is the event id, so a second claim is a duplicate key. */
export class MongoInbox implements InboxRepository {
  constructor(private readonly events: Collection<InboxDoc>) {}

  async claim(eventId: string, at: number): Promise<boolean> {
    try {
      await this.events.insertOne({ _id: String(eventId), at });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /**
   * Inside a commit. A duplicate key is left to the caller: it has aborted the
   * transaction, so the caller must end it rather than go on.
   */
  async claimIn(session: ClientSession, eventId: string, at: number): Promise<void> {
    await this.events.insertOne({ _id: String(eventId), at }, { session });
  }

  async seen(eventId: string): Promise<boolean> {
    return (await this.events.countDocuments({ _id: String(eventId) }, { limit: 1 })) > 0;
  }
}
