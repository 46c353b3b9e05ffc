import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { withAffectedReporter } from '../../core/incidents/affected-reporters.js';
import { environmentHost, isSameOutage } from '../../core/incidents/same-outage.js';
import type { IntakeState } from '../../core/intake/intake-state.js';
import { formatTicketId, type Ticket, type TimelineEntry } from '../../core/tickets/ticket.js';
import {
  ConversationConflictError,
  type ConversationRepository,
  IncidentExistsError,
  type StoredIntake,
} from '../../ports/conversation-repository.js';
import type { CardCopy, CardCopyRepository, InboxRepository } from '../../ports/delivery-repositories.js';
import { NEW_TICKET, type OutboxEntry } from '../../ports/outbox.js';
import { resolveNewTicket } from '../../ports/outbox-drafts.js';
import type { Store } from '../../ports/store.js';
import {
  type NewTicket,
  type TicketFilter,
  TicketNotFoundError,
  type TicketRepository,
  type TimelineEvent,
  VersionConflictError,
} from '../../ports/ticket-repository.js';
import { type CommitResult, isOwnTicket, type UnitOfWork } from '../../ports/unit-of-work.js';
import { BACKSTOP_CHECKPOINT_PAGES, startBackgroundCheckpoints } from './background-checkpoints.js';
import { withoutFsync } from './bookkeeping-sync.js';
import { type BatchOutcome, GroupCommit } from './group-commit.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { SCHEMA, SCHEMA_VERSION } from './sqlite-schema.js';
import { SqliteTimers } from './sqlite-timers.js';
import { WalSync } from './wal-sync.js';

/** A unit as applied: with the outbox entries leased to this process in its commit. */
interface AppliedUnit extends CommitResult {
  readonly leased: readonly OutboxEntry[];
  /** When the leases were taken (performance.now(), inside the transaction). */
  readonly leasedAt: number;
}

/** What a group commit carries: units of work, and outbox completions riding along. */
type BatchItem = { readonly unit: UnitOfWork } | { readonly complete: { key: string; owner: string } };

/** Runs one item of a batch; its error undoes only it. */
function outcomeOf<R>(run: () => R): BatchOutcome<R> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

interface TicketRow {
  version: number;
  doc: string;
}

interface TimelineRow {
  ticket_id: string;
  version: number;
  at: number;
  actor: string;
  type: string;
  data: string;
}

/** The write-ahead log's path, or null when the database does not use one. */
function walFileOf(db: Database.Database): string | null {
  const mode = db.pragma('journal_mode', { simple: true });
  return mode === 'wal' ? `${db.name}-wal` : null;
}

function rowToTicket(row: TicketRow): Ticket {
  return { ...(JSON.parse(row.doc) as Ticket), version: row.version };
}

/** Opens (creating when needed) the database file and prepares it for safe concurrent use. */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit that returned survives power loss, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  // Version 1 files lack the conversations' revision column (added for compare-and-set).
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(conversations)').all();
  if (!columns.some((c) => c.name === 'revision')) {
    db.exec('ALTER TABLE conversations ADD COLUMN revision INTEGER NOT NULL DEFAULT 1');
  }
  db.prepare(
    'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run('schema_version', String(SCHEMA_VERSION));
  return db;
}

export class SqliteTickets implements TicketRepository {
  private readonly byId;
  private readonly byKey;
  private readonly nextSeq;
  private readonly insertTicket;
  private readonly updateTicket;
  private readonly insertEvent;
  private readonly eventsOf;
  private readonly byIncidentChannel;
  private readonly openIncidents;
  private readonly createTx;
  private readonly updateTx;

  constructor(private readonly db: Database.Database) {
    this.byId = db.prepare<[string], TicketRow>('SELECT version, doc FROM tickets WHERE id = ?');
    this.byKey = db.prepare<[string], TicketRow>(
      'SELECT version, doc FROM tickets WHERE idempotency_key = ?',
    );
    this.nextSeq = db.prepare<[], { next: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM tickets');
    this.insertTicket = db.prepare(
      `INSERT INTO tickets (seq, id, idempotency_key, version, status, requester_id, created_at, updated_at, doc)
       VALUES (@seq, @id, @key, @version, @status, @requester, @createdAt, @updatedAt, @doc)`,
    );
    this.updateTicket = db.prepare(
      `UPDATE tickets SET version = @version, status = @status, updated_at = @updatedAt, doc = @doc
       WHERE id = @id AND version = @expected`,
    );
    this.insertEvent = db.prepare(
      'INSERT INTO timeline (ticket_id, version, at, actor, type, data) VALUES (@ticketId, @version, @at, @actor, @type, @data)',
    );
    this.byIncidentChannel = db.prepare<[string], TicketRow>(
      `SELECT version, doc FROM tickets WHERE json_extract(doc, '$.incident.channel.id') = ? ORDER BY seq DESC LIMIT 1`,
    );
    this.openIncidents = db.prepare<[string], TicketRow>(
      // The incident condition word for word as in tickets_open_incidents (a partial index is
      // used only then); "+status" keeps the planner off the index of all open tickets.
      `SELECT version, doc FROM tickets WHERE json_extract(doc, '$.incident.state') IN ('assessing', 'running')
       AND +status IN ('open', 'acknowledged', 'paused')
       AND instr(lower(json_extract(doc, '$.environments')), ?) > 0 ORDER BY seq DESC LIMIT 500`,
    );
    this.eventsOf = db.prepare<[string], TimelineRow>(
      'SELECT * FROM timeline WHERE ticket_id = ? ORDER BY version',
    );
    this.createTx = db.transaction((ticket: NewTicket, event: TimelineEvent) => {
      const existing = this.byKey.get(ticket.idempotencyKey);
      if (existing) return { ticket: rowToTicket(existing), created: false };
      const seq = this.nextSeq.get()!.next;
      const stored: Ticket = { ...ticket, id: formatTicketId(seq), version: 1 };
      this.insertTicket.run({
        seq,
        id: stored.id,
        key: stored.idempotencyKey,
        version: 1,
        status: stored.status,
        requester: stored.requester.id,
        createdAt: stored.createdAt,
        updatedAt: stored.updatedAt,
        doc: JSON.stringify(stored),
      });
      this.addEvent(stored, event);
      return { ticket: stored, created: true };
    });
    this.updateTx = db.transaction((next: Ticket, event: TimelineEvent) => {
      const result = this.updateTicket.run({
        id: next.id,
        version: next.version,
        expected: next.version - 1,
        status: next.status,
        updatedAt: next.updatedAt,
        doc: JSON.stringify(next),
      });
      if (result.changes === 0) {
        if (!this.byId.get(next.id)) throw new TicketNotFoundError(next.id);
        throw new VersionConflictError(next.id, next.version - 1);
      }
      this.addEvent(next, event);
      return next;
    });
  }

  private addEvent(ticket: Ticket, event: TimelineEvent): void {
    this.insertEvent.run({
      ticketId: ticket.id,
      version: ticket.version,
      at: event.at,
      actor: event.actor,
      type: event.type,
      data: JSON.stringify(event.data),
    });
  }

  async create(ticket: NewTicket, event: TimelineEvent): Promise<{ ticket: Ticket; created: boolean }> {
    // IMMEDIATE takes the write lock first, so two processes never pick the same number.
    return this.createTx.immediate(ticket, event);
  }

  /** Inside a caller's transaction (a commit). */
  createIn(ticket: NewTicket, event: TimelineEvent): { ticket: Ticket; created: boolean } {
    return this.createTx(ticket, event);
  }

  /** Also inside a caller's transaction (a commit). */
  openIncidentsIn(hosts: readonly string[]): Ticket[] {
    const found = new Map<string, Ticket>();
    for (const host of new Set(hosts))
      for (const row of this.openIncidents.all(host)) {
        const ticket = rowToTicket(row);
        found.set(ticket.id, ticket);
      }
    return [...found.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  async openIncidentsOn(hosts: readonly string[]): Promise<Ticket[]> {
    return this.openIncidentsIn(hosts);
  }

  /** Inside a caller's transaction (a commit). */
  getIn(id: string): Ticket | null {
    const row = this.byId.get(id);
    return row ? rowToTicket(row) : null;
  }

  /** Inside a caller's transaction (a commit). */
  updateIn(next: Ticket, event: TimelineEvent): Ticket {
    return this.updateTx(next, event);
  }

  async get(id: string): Promise<Ticket | null> {
    if (typeof id !== 'string') return null;
    const row = this.byId.get(id);
    return row ? rowToTicket(row) : null;
  }

  async list(filter: TicketFilter = {}): Promise<Ticket[]> {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.status !== undefined) {
      where.push('status = @status');
      params.status = filter.status;
    }
    if (filter.requesterId !== undefined) {
      where.push('requester_id = @requester');
      params.requester = filter.requesterId;
    }
    const limit = Math.max(1, Math.min(filter.limit ?? 1000, 10_000));
    const sql = `SELECT version, doc FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`;
    return this.db.prepare<Record<string, string | number>, TicketRow>(sql).all(params).map(rowToTicket);
  }

  async update(next: Ticket, event: TimelineEvent): Promise<Ticket> {
    return this.updateTx.immediate(next, event);
  }

  async findByIncidentChannel(channelId: string): Promise<Ticket | null> {
    if (typeof channelId !== 'string') return null;
    const row = this.byIncidentChannel.get(channelId);
    return row ? rowToTicket(row) : null;
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    return this.eventsOf.all(id).map((r) => ({
      ticketId: r.ticket_id,
      version: r.version,
      at: r.at,
      actor: r.actor,
      type: r.type,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }
}

export class SqliteConversations implements ConversationRepository {
  // Statements are prepared once: preparing per call costs time and memory on a hot path.
  private readonly byKey;
  private readonly insert;
  private readonly update;
  private readonly remove;
  private readonly removeAt;
  private readonly count;

  constructor(db: Database.Database) {
    this.byKey = db.prepare<[string], { doc: string; revision: number }>(
      'SELECT doc, revision FROM conversations WHERE key = ?',
    );
    this.insert = db.prepare(
      'INSERT INTO conversations (key, revision, doc, updated_at) VALUES (?, 1, ?, ?) ON CONFLICT (key) DO NOTHING',
    );
    this.update = db.prepare(
      'UPDATE conversations SET revision = revision + 1, doc = ?, updated_at = ? WHERE key = ? AND revision = ?',
    );
    this.remove = db.prepare('DELETE FROM conversations WHERE key = ?');
    this.removeAt = db.prepare('DELETE FROM conversations WHERE key = ? AND revision = ?');
    this.count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM conversations');
  }

  async load(conversationKey: string): Promise<StoredIntake | null> {
    const row = this.byKey.get(conversationKey);
    return row ? { state: JSON.parse(row.doc) as IntakeState, revision: row.revision } : null;
  }

  async save(state: IntakeState, expectedRevision: number | null): Promise<number> {
    return this.saveIn(state, expectedRevision);
  }

  /** Compare-and-set on the revision; also inside a commit's transaction. */
  saveIn(state: IntakeState, expectedRevision: number | null): number {
    const doc = JSON.stringify(state);
    const changed =
      expectedRevision === null
        ? this.insert.run(state.conversationKey, doc, state.updatedAt).changes
        : this.update.run(doc, state.updatedAt, state.conversationKey, expectedRevision).changes;
    if (changed !== 1) throw new ConversationConflictError(state.conversationKey);
    return expectedRevision === null ? 1 : expectedRevision + 1;
  }

  async delete(conversationKey: string): Promise<void> {
    this.remove.run(conversationKey);
  }

  /** Inside a commit: deletes only the revision the turn was taken on. */
  deleteIn(conversationKey: string, expectedRevision: number): void {
    if (this.removeAt.run(conversationKey, expectedRevision).changes !== 1)
      throw new ConversationConflictError(conversationKey);
  }

  async countOpen(): Promise<number> {
    return this.count.get()!.n;
  }
}

interface CardCopyRow {
  platform: CardCopy['platform'];
  conversation_id: string;
  message_id: string;
  reference: string;
}

class SqliteCardCopies implements CardCopyRepository {
  private readonly insert;
  private readonly ofTicket;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO card_copies (ticket_id, platform, conversation_id, message_id, reference)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.ofTicket = db.prepare<[string], CardCopyRow>(
      'SELECT platform, conversation_id, message_id, reference FROM card_copies WHERE ticket_id = ? ORDER BY rowid',
    );
  }

  async add(copy: CardCopy): Promise<void> {
    this.insert.run(
      copy.ticketId,
      copy.platform,
      copy.conversationId,
      copy.messageId,
      JSON.stringify(copy.reference),
    );
  }

  async list(ticketId: string): Promise<CardCopy[]> {
    return this.ofTicket.all(ticketId).map((r) => ({
      ticketId,
      platform: r.platform,
      conversationId: r.conversation_id,
      messageId: r.message_id,
      reference: JSON.parse(r.reference) as Record<string, unknown>,
    }));
  }
}

export class SqliteInbox implements InboxRepository {
  private readonly insert;
  private readonly exists;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO inbox (event_id, at) VALUES (?, ?)');
    this.exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM inbox WHERE event_id = ?');
  }

  async claim(eventId: string, at: number): Promise<boolean> {
    return this.claimIn(eventId, at);
  }

  claimIn(eventId: string, at: number): boolean {
    return this.insert.run(eventId, at).changes === 1;
  }

  async seen(eventId: string): Promise<boolean> {
    return this.exists.get(eventId) !== undefined;
  }
}

/** The embedded default store: one SQLite file in DATA_DIR. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly tickets: SqliteTickets;
  readonly conversations: SqliteConversations;
  readonly cardCopies: CardCopyRepository;
  readonly inbox: SqliteInbox;
  readonly outbox: SqliteOutbox;
  readonly timers: SqliteTimers;
  private readonly heartbeat;
  /** Units of work arriving together share one transaction and one fsync. */
  readonly groupCommit: GroupCommit<BatchItem, AppliedUnit | null>;
  /** Null for an in-memory database or one without a write-ahead log (commits sync themselves). */
  readonly walSync: WalSync | null;
  private readonly checkpoints: { stop: () => Promise<void> } | null = null;

  private constructor(readonly db: Database.Database) {
    this.tickets = new SqliteTickets(db);
    this.conversations = new SqliteConversations(db);
    this.cardCopies = new SqliteCardCopies(db);
    this.inbox = new SqliteInbox(db);
    this.outbox = new SqliteOutbox(db, (key, owner) =>
      this.groupCommit.submit({ complete: { key, owner } }, false).then(() => undefined),
    );
    this.timers = new SqliteTimers(db);
    this.heartbeat = db.prepare(
      `INSERT INTO meta (name, value) VALUES ('heartbeat', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    );
    // Nested in the batch's transaction, each unit is a savepoint: a conflict undoes only its own unit.
    const unitTx = db.transaction((unit: UnitOfWork) => this.apply(unit));
    const batchTx = db.transaction((items: readonly BatchItem[]) => {
      const outcomes: BatchOutcome<AppliedUnit | null>[] = new Array(items.length);
      // Completions first: a lane one of them frees lets this batch's new entries be leased.
      items.forEach((item, i) => {
        if ('complete' in item)
          outcomes[i] = outcomeOf(() => {
            this.outbox.completeIn(item.complete.key, item.complete.owner);
            return null;
          });
      });
      items.forEach((item, i) => {
        if ('unit' in item) outcomes[i] = outcomeOf(() => unitTx(item.unit));
      });
      return outcomes;
    });
    // BEGIN IMMEDIATE: the write lock first (other processes wait). With a write-ahead log
    // the batch is written without fsync and answered after one fdatasync off the loop.
    const walFile = db.memory ? null : walFileOf(db);
    this.walSync = walFile ? new WalSync(walFile) : null;
    if (walFile) {
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
      this.checkpoints = startBackgroundCheckpoints(db.name);
    }
    const sync = this.walSync;
    this.groupCommit = sync
      ? new GroupCommit(
          (units) => withoutFsync(db, () => batchTx.immediate(units)),
          () => sync.durable(),
        )
      : new GroupCommit(
          (units) => batchTx.immediate(units),
          () => Promise.resolve(),
        );
  }

  /** Atomic per unit; answered once the (shared) transaction holding it has committed. */
  async commit(unit: UnitOfWork): Promise<CommitResult> {
    const { leased, leasedAt, ...result } = (await this.groupCommit.submit({ unit })) as AppliedUnit;
    // Durable now: this process's next claim of these entries needs no transaction.
    if (leased.length > 0) this.outbox.keepWritten(leased, leasedAt);
    return result;
  }

  private apply(unit: UnitOfWork): AppliedUnit {
    const nothing: AppliedUnit = {
      duplicate: true,
      ticket: null,
      created: false,
      outboxKeys: [],
      leased: [],
      leasedAt: 0,
    };
    if (unit.eventId !== undefined && !this.inbox.claimIn(unit.eventId, unit.at)) return nothing;
    const { conversation } = unit;
    if (conversation && 'save' in conversation)
      this.conversations.saveIn(conversation.save, conversation.expectedRevision);
    else if (conversation) this.conversations.deleteIn(conversation.delete, conversation.expectedRevision);
    let ticket: Ticket | null = null;
    let created = false;
    if (unit.onlyIfNoIncidentOn) {
      const { conversationKey, customer, environments } = unit.onlyIfNoIncidentOn;
      const open = this.tickets
        .openIncidentsIn(environments.map(environmentHost))
        .find((t) => isSameOutage(t, customer, environments) && !isOwnTicket(t, unit));
      if (open) throw new IncidentExistsError(conversationKey, open.id);
    }
    if (unit.createTicket) {
      const result = this.tickets.createIn(unit.createTicket.ticket, unit.createTicket.event);
      ticket = result.ticket;
      created = result.created;
    }
    if (unit.updateTicket) ticket = this.tickets.updateIn(unit.updateTicket.ticket, unit.updateTicket.event);
    if (unit.joinIncident) {
      // Inside the write lock: the version read here is the one the update replaces.
      const { ticketId, person, event } = unit.joinIncident;
      const current = this.tickets.getIn(ticketId);
      if (!current) throw new TicketNotFoundError(ticketId);
      ticket = this.tickets.updateIn(withAffectedReporter(current, person, unit.at), event);
    }
    for (const id of unit.firedTimers ?? []) this.timers.markFired(id, unit.at);
    if (unit.timers) {
      const ticketId = unit.timers.ticketId === NEW_TICKET ? ticket?.id : unit.timers.ticketId;
      if (ticketId) this.timers.replace(ticketId, unit.timers.plan(ticket));
    }
    const keys: string[] = [];
    for (const draft of unit.outbox ?? []) {
      const resolved = resolveNewTicket(draft, ticket?.id);
      this.outbox.add(resolved, unit.at);
      keys.push(resolved.key);
    }
    const leased = this.outbox.leaseWritten(keys, unit.at);
    return { duplicate: false, ticket, created, outboxKeys: keys, leased, leasedAt: performance.now() };
  }

  static open(dataDir: string): SqliteStore {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteStore(openDatabase(join(dataDir, 'ticketbot.db')));
  }

  static inMemory(): SqliteStore {
    return new SqliteStore(openDatabase(':memory:'));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /** Readiness: a real write, committed (a full disk or a deleted file fails here). */
  async probeWrite(at: number): Promise<void> {
    this.heartbeat.run(String(at));
  }

  async close(): Promise<void> {
    if (this.db.open) {
      // Commits still on their way lease nothing more; those leased already are given back.
      this.outbox.stopLeasingOnWrite();
      await this.groupCommit.settled();
      this.outbox.giveBackWritten();
    }
    await this.checkpoints?.stop();
    await this.walSync?.close();
    if (this.db.open) this.db.close();
  }
}
