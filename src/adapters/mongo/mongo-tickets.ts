import type { ClientSession } from 'mongodb';
import {
  formatTicketId,
  type Ticket,
  type TicketPerson,
  type TimelineEntry,
} from '../../core/tickets/ticket.js';
import {
  type NewTicket,
  type TicketFilter,
  TicketNotFoundError,
  type TicketRepository,
  type TimelineEvent,
  VersionConflictError,
} from '../../ports/ticket-repository.js';
import type { MongoCollections, TicketDoc, TimelineDoc } from './mongo-collections.js';
import { nextSeq } from './mongo-counters.js';

function toTicket(doc: TicketDoc): Ticket {
  const { _id: _ignored, seq: _seq, ...ticket } = doc;
  return ticket;
}

function timelineDoc(ticket: Ticket, event: TimelineEvent): TimelineDoc {
  // A deterministic _id: two writers of the same version collide on it.
  return { _id: `${ticket.id}:${ticket.version}`, ticketId: ticket.id, version: ticket.version, ...event };
}

/** Tickets and their timelines; the writes run inside a caller's transaction. */
export class MongoTickets implements TicketRepository {
  constructor(
    private readonly c: MongoCollections,
    private readonly transaction: <T>(work: (session: ClientSession) => Promise<T>) => Promise<T>,
  ) {}

  private async recordEvent(
    ticket: Ticket,
    event: TimelineEvent,
    session: ClientSession | undefined,
  ): Promise<void> {
    const doc = timelineDoc(ticket, event);
    await this.c.timeline.updateOne(
      { _id: doc._id },
      { $setOnInsert: doc },
      { upsert: true, ...(session ? { session } : {}) },
    );
  }

  /** Creates the ticket, or returns the one stored earlier under the same idempotency key. */
  async createIn(
    session: ClientSession,
    ticket: NewTicket,
    event: TimelineEvent,
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const existing = await this.c.tickets.findOne(
      { idempotencyKey: String(ticket.idempotencyKey) },
      { session },
    );
    if (existing) return { ticket: toTicket(existing), created: false };
    const seq = await nextSeq(this.c.counters, 'tickets', 1, session);
    const stored: Ticket = { ...ticket, id: formatTicketId(seq), version: 1 };
    await this.c.tickets.insertOne({ ...stored, _id: stored.id, seq }, { session });
    await this.recordEvent(stored, event, session);
    return { ticket: stored, created: true };
  }

  /** Compare-and-set on the version, with the timeline entry. */
  /** Compare-and-set on the version; inside a commit's transaction, or alone (session undefined). */
  async updateIn(session: ClientSession | undefined, next: Ticket, event: TimelineEvent): Promise<Ticket> {
    const { id, version } = next;
    const options = session ? { session } : {};
    const result = await this.c.tickets.updateOne(
      { _id: id, version: version - 1 },
      { $set: { ...next } },
      options,
    );
    if (result.matchedCount === 0) {
      const exists = await this.c.tickets.findOne({ _id: id }, { projection: { _id: 1 }, ...options });
      if (!exists) throw new TicketNotFoundError(id);
      throw new VersionConflictError(id, version - 1);
    }
    await this.recordEvent(next, event, session);
    return next;
  }

  /**
   * Adds an affected reporter. The ticket is changed by one update-operator write outside
   * the transaction: atomic on the document on every server (the test server does not
   * detect conflicting transactions), and idempotent (a person already listed changes
   * nothing), so a retried or aborted commit never lists anyone twice. The timeline entry
   * goes with the transaction.
   */
  async joinIn(
    session: ClientSession,
    ticketId: string,
    person: TicketPerson,
    at: number,
    event: TimelineEvent,
  ): Promise<Ticket> {
    const incident = { _id: ticketId, incident: { $type: 'object' } } as const;
    const changed = await this.c.tickets.findOneAndUpdate(
      { ...incident, 'incident.affected.id': { $ne: person.id } },
      { $addToSet: { 'incident.affected': person }, $inc: { version: 1 }, $set: { updatedAt: at } },
      { returnDocument: 'after' },
    );
    const doc = changed ?? (await this.c.tickets.findOne(incident));
    if (!doc) throw new TicketNotFoundError(ticketId);
    const ticket = toTicket(doc);
    await this.recordEvent(ticket, event, session);
    return ticket;
  }

  async openIncidentsOn(_hosts: readonly string[]): Promise<Ticket[]> {
    return this.openIncidentsIn(undefined);
  }

  /** Also inside a commit's transaction: the incidents still running, newest first. */
  async openIncidentsIn(session: ClientSession | undefined): Promise<Ticket[]> {
    const docs = await this.c.tickets
      .find(
        {
          'incident.state': { $in: ['assessing', 'running'] },
          status: { $in: ['open', 'acknowledged', 'paused'] },
        },
        // Served by incident_state_seq (a few open incidents), not by every open ticket's status.
        { ...(session ? { session } : {}), sort: { seq: -1 }, limit: 500 },
      )
      .toArray();
    return docs.map(toTicket);
  }

  create(ticket: NewTicket, event: TimelineEvent): Promise<{ ticket: Ticket; created: boolean }> {
    return this.transaction((session) => this.createIn(session, ticket, event));
  }

  /**
   * A single-document compare-and-set is atomic on every server (it does not lean on
   * transaction conflict detection, which the test server lacks); the timeline entry
   * after it has a deterministic id, so a retried write lands once.
   */
  update(next: Ticket, event: TimelineEvent): Promise<Ticket> {
    return this.updateIn(undefined, next, event);
  }

  async get(id: string): Promise<Ticket | null> {
    if (typeof id !== 'string') return null;
    const doc = await this.c.tickets.findOne({ _id: id });
    return doc ? toTicket(doc) : null;
  }

  async list(filter: TicketFilter = {}): Promise<Ticket[]> {
    const query: Record<string, string> = {};
    if (filter.status !== undefined) query.status = String(filter.status);
    if (filter.requesterId !== undefined) query['requester.id'] = String(filter.requesterId);
    const limit = Math.max(1, Math.min(filter.limit ?? 1000, 10_000));
    const docs = await this.c.tickets.find(query).sort({ seq: -1 }).limit(limit).toArray();
    return docs.map(toTicket);
  }

  async findByIncidentChannel(channelId: string): Promise<Ticket | null> {
    if (typeof channelId !== 'string') return null;
    const doc = await this.c.tickets.findOne({ 'incident.channel.id': channelId }, { sort: { seq: -1 } });
    return doc ? toTicket(doc) : null;
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const docs = await this.c.timeline
      .find({ ticketId: String(id) })
      .sort({ version: 1 })
      .toArray();
    return docs.map(({ _id: _ignored, ...entry }) => entry);
  }
}
