import { t } from '../core/i18n/catalogue.js';
import type { Language } from '../core/i18n/language.js';
import { IntakeEngine, type UserTurn } from '../core/intake/intake-engine.js';
import type { Requester } from '../core/intake/intake-state.js';
import type { ReplyPart } from '../core/intake/reply.js';
import { type FormField, type TicketFormInput, validateTicketForm } from '../core/intake/ticket-form.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import { openTicket } from '../core/tickets/open-ticket.js';
import type { Ticket, TicketSubmission } from '../core/tickets/ticket.js';
import type { Clock, IdGenerator } from '../ports/clock.js';
import { ConversationConflictError, type StoredIntake } from '../ports/conversation-repository.js';
import type { Store } from '../ports/store.js';

const CONFLICT_ATTEMPTS = 3;

/** After this long without an answer, the next message gets a reminder first. */
export const RESUME_AFTER_MS = 60 * 60 * 1000;

/** Who is talking, where: what the platform adapter knows about a conversation. */
export interface ChatSession {
  readonly conversationKey: string;
  readonly requester: Requester;
  readonly language: Language;
  readonly timeZone: string;
}

export interface IntakeResult {
  readonly reply: ReplyPart[];
  /** Set on the turn that created (or, on a retry, found) the ticket. */
  readonly ticket?: Ticket;
  /** Whether an intake is still going on after this turn. */
  readonly open: boolean;
}

export interface IntakeServiceDeps {
  readonly store: Store;
  readonly policies: PolicyRegistry;
  readonly defaultPolicy: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * The intake use case: loads the conversation, lets the engine take the turn,
 * stores the new state, and turns a confirmed intake into a ticket.
 */
export class IntakeService {
  private readonly engine = new IntakeEngine();

  constructor(private readonly deps: IntakeServiceDeps) {}

  /**
   * Starts a new intake, or resumes the unfinished one of this conversation. A first
   * message that opened the conversation is taken as the first answer(s).
   */
  async open(session: ChatSession, firstTurn?: Omit<UserTurn, 'at'>): Promise<IntakeResult> {
    return this.withRetry(async () => {
      const { store, clock, ids } = this.deps;
      const now = clock.now();
      const existing = await store.conversations.load(session.conversationKey);
      const outcome = existing
        ? this.engine.resume(existing.state, now, session.language)
        : this.engine.start(
            { ...session, intakeId: ids.next(), now },
            firstTurn && { ...firstTurn, at: now },
          );
      await store.conversations.save(outcome.state!, existing?.revision ?? null);
      return { reply: outcome.reply, open: true };
    });
  }

  /**
   * Takes a turn again when another turn of the same conversation was stored first
   * (two quick messages, a double click): no answer silently overwrites another.
   */
  private async withRetry(turn: () => Promise<IntakeResult>): Promise<IntakeResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await turn();
      } catch (err) {
        if (!(err instanceof ConversationConflictError) || attempt >= CONFLICT_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * A whole report at once (a form): validated with the conversation's rules; every
   * problem per field, or the created ticket. `formId` makes a resubmission idempotent.
   */
  async submitForm(
    session: ChatSession,
    input: TicketFormInput,
    formId: string,
  ): Promise<{ ok: true; ticket: Ticket } | { ok: false; errors: Partial<Record<FormField, string>> }> {
    const now = this.deps.clock.now();
    const result = validateTicketForm(input, { ...session, now, formId: `form:${formId}` });
    if (!result.ok) return result;
    return { ok: true, ticket: await this.createTicket(result.submission, session, now) };
  }

  private async createTicket(
    submission: TicketSubmission,
    session: ChatSession,
    now: number,
  ): Promise<Ticket> {
    const policy = this.deps.policies.get(this.deps.defaultPolicy)!;
    const { ticket } = await this.deps.store.tickets.create(openTicket(submission, policy, now), {
      at: now,
      actor: `${session.requester.platform}:${session.requester.id}`,
      type: 'created',
      data: { priority: submission.priority, reason: submission.priorityReason },
    });
    return ticket;
  }

  /** Whether this conversation has an unfinished intake. */
  async isOpen(conversationKey: string): Promise<boolean> {
    return (await this.deps.store.conversations.load(conversationKey)) !== null;
  }

  /** Takes one user turn. Without an unfinished intake, it starts one. */
  async handle(session: ChatSession, turn: Omit<UserTurn, 'at'>): Promise<IntakeResult> {
    const { store, clock } = this.deps;
    const stored = await store.conversations.load(session.conversationKey);
    // A button of a finished report (a double click on Submit) starts nothing new.
    if (!stored && turn.choice !== undefined) return { reply: [], open: false };
    if (!stored) return this.open(session, turn);
    const result = await this.takeTurn(session, stored, turn, clock.now()).catch(async (err: unknown) => {
      if (!(err instanceof ConversationConflictError)) throw err;
      // Someone else's turn landed first: take this one on the state as it is now.
      return this.handleAfterConflict(session, turn);
    });
    return result;
  }

  private async handleAfterConflict(session: ChatSession, turn: Omit<UserTurn, 'at'>): Promise<IntakeResult> {
    return this.withRetry(async () => {
      const stored = await this.deps.store.conversations.load(session.conversationKey);
      if (!stored) return { reply: [], open: false };
      return this.takeTurn(session, stored, turn, this.deps.clock.now());
    });
  }

  private async takeTurn(
    session: ChatSession,
    stored: StoredIntake,
    turn: Omit<UserTurn, 'at'>,
    now: number,
  ): Promise<IntakeResult> {
    const { store } = this.deps;
    const { state, revision } = stored;
    // Back after a long pause: remind where we were instead of taking this message
    // ("hi", or something else entirely) as the answer to an old question.
    if (turn.choice === undefined && now - state.updatedAt > RESUME_AFTER_MS) {
      const resumed = this.engine.resume(state, now);
      await store.conversations.save(resumed.state!, revision);
      return { reply: resumed.reply, open: true };
    }
    const outcome = this.engine.handle(state, { ...turn, at: now });
    if (outcome.submission) {
      const ticket = await this.createTicket(outcome.submission, session, now);
      // The ticket is stored before the intake is forgotten: a crash in between
      // resumes the review, and submitting again finds this same ticket.
      await store.conversations.delete(session.conversationKey);
      const language = outcome.submission.language;
      return {
        reply: [
          ...outcome.reply,
          { type: 'text', text: t(language, 'intake.submitted', { id: ticket.id }), tone: 'success' },
          { type: 'ticket', ticket },
        ],
        ticket,
        open: false,
      };
    }
    if (outcome.state) await store.conversations.save(outcome.state, revision);
    else await store.conversations.delete(session.conversationKey);
    return { reply: outcome.reply, open: outcome.state !== null };
  }
}
