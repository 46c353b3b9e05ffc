import { KeyedQueue } from '../core/async/keyed-queue.js';
import { t } from '../core/i18n/catalogue.js';
import type { Language } from '../core/i18n/language.js';
import { newIncident } from '../core/incidents/incident.js';
import { IntakeEngine, type IntakeOutcome, type UserTurn } from '../core/intake/intake-engine.js';
import type { IntakePartner, Requester } from '../core/intake/intake-state.js';
import type { ReplyPart } from '../core/intake/reply.js';
import { type FormField, type TicketFormInput, validateTicketForm } from '../core/intake/ticket-form.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { PriorityModel, SlaPolicy } from '../core/sla/sla-policy.js';
import { effectivePolicy, partnerOfContact, resolveCustomer } from '../core/tenants/customer-resolver.js';
import type { TenantDirectory } from '../core/tenants/tenants.js';
import { openTicket } from '../core/tickets/open-ticket.js';
import type { Ticket, TicketSubmission } from '../core/tickets/ticket.js';
import { planTimers } from '../core/tickets/ticket-timers.js';
import { type ChatAddress, laneOf } from '../ports/chat-address.js';
import type { Clock, IdGenerator } from '../ports/clock.js';
import { ConversationConflictError, type StoredIntake } from '../ports/conversation-repository.js';
import { NEW_TICKET, type OutboxDraft } from '../ports/outbox.js';
import { withTicketId } from '../ports/outbox-drafts.js';
import type { Store } from '../ports/store.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { IncidentFlows } from './incident-flows.js';
import { joinQuestion, openIncidentOn, readJoinAnswer } from './incident-join.js';
import { clockStartNotice, type TicketFlows } from './ticket-flows.js';

/** Tries of a turn that other replicas' turns of the same conversation keep beating. */
const CONFLICT_ATTEMPTS = 8;

/** After this long without an answer, the next message gets a reminder first. */
export const RESUME_AFTER_MS = 60 * 60 * 1000;

/** Who is talking, where: what the platform adapter knows about a conversation. */
export interface ChatSession {
  readonly conversationKey: string;
  readonly requester: Requester;
  readonly language: Language;
  readonly timeZone: string;
  /** Where the bot answers (null: the caller shows the reply itself, as the terminal does). */
  readonly replyTo?: ChatAddress | null;
  /** The Slack workspace or Teams tenant the message came from: it tells the customer. */
  readonly workspace?: { readonly slackTeamId?: string; readonly teamsTenantId?: string };
}

/** The inbound event a turn comes from: its id makes a redelivery change nothing. */
export interface InboundEvent {
  readonly eventId?: string;
}

export interface IntakeResult {
  readonly reply: ReplyPart[];
  /** Set on the turn that created (or, on a retry, found) the ticket. */
  readonly ticket?: Ticket;
  /** Whether an intake is still going on after this turn. */
  readonly open: boolean;
  /** The outbox entries this turn wrote (the adapter delivers them at once). */
  readonly outboxKeys: readonly string[];
  /** The event had been handled before: nothing was done again. */
  readonly duplicate?: boolean;
  /**
   * A button of a question that is no longer the current one (or of a finished report):
   * nothing was taken from it, so an adapter must not show it as chosen.
   */
  readonly staleChoice?: true;
  /**
   * Said only to the one who pressed, and not stored: a button of a report already
   * submitted or cancelled (nothing of it is kept, so anyone's press of such a button,
   * or a forged one, writes nothing).
   */
  readonly notice?: string;
}

export interface IntakeServiceDeps {
  readonly store: Store;
  readonly policies: PolicyRegistry;
  readonly defaultPolicy: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly flows: TicketFlows;
  readonly incidents: IncidentFlows;
  /** TENANTS_FILE's customers and partners; without one every ticket gets the default policy. */
  readonly tenants?: TenantDirectory;
}

/**
 * The intake use case: loads the conversation, lets the engine take the turn, and
 * commits the new state, the ticket a confirmed intake becomes, its timers and the
 * bot's answers (through the outbox) in one transaction.
 */
export class IntakeService {
  private readonly engine = new IntakeEngine();
  /** One conversation's turns in this process, one after another in arrival order. */
  private readonly turns = new KeyedQueue();

  constructor(private readonly deps: IntakeServiceDeps) {}

  /** A policy by name, else DEFAULT_SLA_POLICY. */
  private policyNamed(name: string | null | undefined): SlaPolicy {
    return (name && this.deps.policies.get(name)) || this.deps.policies.get(this.deps.defaultPolicy)!;
  }

  /**
   * What the intake needs to know before it asks anything: whether the requester is a
   * named contact of a partner (then: its customers, each with the priority model of
   * its effective policy, and its reference pattern), and the priority model to ask
   * with. Everyone else gets the model of the customer their Slack workspace / Teams
   * tenant belongs to, else the default policy's; the environment or company named later
   * can still change the policy of the ticket, not the questions asked (kept simple).
   */
  private intakeSetup(session: ChatSession): { partner?: IntakePartner; priorityModel: PriorityModel } {
    const directory = this.deps.tenants;
    const fallback = this.policyNamed(null).priorityModel;
    if (!directory) return { priorityModel: fallback };
    const contact = partnerOfContact(directory, `${session.requester.platform}:${session.requester.id}`);
    if (contact) {
      const partner: IntakePartner = {
        id: contact.partner.id,
        name: contact.partner.name,
        referencePattern: contact.partner.referencePattern,
        customers: contact.customers.map((c) => ({
          id: c.id,
          company: c.company,
          priorityModel: this.policyNamed(effectivePolicy(directory, c)).priorityModel,
        })),
      };
      // Until a customer is picked: the partner's own policy.
      return { partner, priorityModel: this.policyNamed(contact.partner.policy).priorityModel };
    }
    const workspace = session.workspace;
    if (!workspace?.slackTeamId && !workspace?.teamsTenantId) return { priorityModel: fallback };
    const resolved = resolveCustomer(directory, {
      ...(workspace.slackTeamId ? { slackTeamId: workspace.slackTeamId } : {}),
      ...(workspace.teamsTenantId ? { teamsTenantId: workspace.teamsTenantId } : {}),
    });
    return { priorityModel: this.policyNamed(resolved?.policy).priorityModel };
  }

  /**
   * The customer a ticket is for (from the workspace it came from, the environment or
   * company named) and the policy of its contract; an unknown company gets the default.
   * A partner contact's ticket is for the customer picked in the intake (one of that
   * partner's), with that customer's effective policy (its own, else the partner's).
   */
  private contract(
    submission: TicketSubmission,
    session: ChatSession,
  ): {
    policy: SlaPolicy;
    customer?: string | null;
    partner: string | null;
  } {
    const fallback = this.policyNamed(null);
    const directory = this.deps.tenants;
    if (!directory || (directory.customers.length === 0 && directory.partners.length === 0)) {
      return { policy: fallback, partner: null };
    }
    const requester = `${session.requester.platform}:${session.requester.id}`;
    const contact = partnerOfContact(directory, requester);
    const picked = contact?.customers.find((c) => c.id === submission.customer);
    if (contact && picked) {
      return {
        policy: this.policyNamed(effectivePolicy(directory, picked)),
        customer: picked.id,
        partner: contact.partner.id,
      };
    }
    const resolved = resolveCustomer(directory, {
      environments: submission.environments,
      company: submission.company,
      requester,
      ...(session.workspace?.slackTeamId ? { slackTeamId: session.workspace.slackTeamId } : {}),
      ...(session.workspace?.teamsTenantId ? { teamsTenantId: session.workspace.teamsTenantId } : {}),
    });
    return {
      policy: this.policyNamed(resolved?.policy),
      customer: resolved?.customer.id ?? null,
      partner: contact?.partner.id ?? null,
    };
  }

  /**
   * Starts a new intake, or resumes the unfinished one of this conversation. A first
   * message that opened the conversation is taken as the first answer(s).
   */
  async open(
    session: ChatSession,
    event: InboundEvent = {},
    firstTurn?: Omit<UserTurn, 'at'>,
  ): Promise<IntakeResult> {
    return this.turns.run(session.conversationKey, () => this.openNow(session, event, firstTurn));
  }

  private async openNow(
    session: ChatSession,
    event: InboundEvent,
    firstTurn?: Omit<UserTurn, 'at'>,
  ): Promise<IntakeResult> {
    return this.withRetry(async () => {
      const { store, clock, ids } = this.deps;
      const now = clock.now();
      const existing = await store.conversations.load(session.conversationKey);
      const outcome = existing
        ? this.engine.resume(existing.state, now, session.language)
        : this.engine.start(
            { ...session, ...this.intakeSetup(session), intakeId: ids.next(), now },
            firstTurn && { ...firstTurn, at: now },
          );
      return this.commitTurn(session, event, existing, outcome, now);
    });
  }

  /**
   * Takes a turn again when another turn of the same conversation was stored first (on
   * another replica: this process's own turns queue): no answer silently overwrites
   * another. A short random pause lets a burst spread over replicas settle.
   */
  private async withRetry(turn: () => Promise<IntakeResult>): Promise<IntakeResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await turn();
      } catch (err) {
        if (!(err instanceof ConversationConflictError) || attempt >= CONFLICT_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
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
    event: InboundEvent = {},
  ): Promise<
    | { ok: true; ticket: Ticket; outboxKeys: readonly string[] }
    | { ok: false; errors: Partial<Record<FormField, string>> }
  > {
    const now = this.deps.clock.now();
    const result = validateTicketForm(input, { ...session, now, formId: `form:${formId}` });
    if (!result.ok) return result;
    const reply: ReplyPart[] = [
      { type: 'text', text: t(session.language, 'intake.submitted', { id: NEW_TICKET }), tone: 'success' },
    ];
    const committed = await this.deps.store.commit({
      ...(event.eventId ? { eventId: event.eventId } : {}),
      at: now,
      ...this.ticketCreation(result.submission, session, now, reply),
    });
    if (!committed.ticket) {
      // A redelivered submission: the ticket of the first one.
      const existing = (
        await this.deps.store.tickets.list({ requesterId: session.requester.id, limit: 20 })
      ).find((t) => t.idempotencyKey === `intake:form:${formId}`);
      if (!existing) throw new Error(`form ${formId} was handled before, but its ticket is not stored`);
      return { ok: true, ticket: existing, outboxKeys: [] };
    }
    return { ok: true, ticket: committed.ticket, outboxKeys: committed.outboxKeys };
  }

  /** What creating a ticket adds to a unit of work: the ticket, its timers, its announcements. */
  private ticketCreation(
    submission: TicketSubmission,
    session: ChatSession,
    now: number,
    reply: ReplyPart[],
  ): Pick<UnitOfWork, 'createTicket' | 'timers' | 'outbox'> {
    const { policy, customer, partner } = this.contract(submission, session);
    const p1 = submission.priority === 'P1';
    const opened = {
      ...openTicket(submission, policy, now),
      ...(customer !== undefined ? { customer } : {}),
      partner,
      requesterAddress: session.replyTo ? { ...session.replyTo, timeZone: session.timeZone } : null,
      // A P1 is an escalation from the start: an incident manager assesses it first.
      incident: p1 ? newIncident(now) : null,
    };
    const notice = clockStartNotice(policy, opened, session.language, session.timeZone);
    if (notice) reply.push({ type: 'text', text: notice, tone: 'info' });
    // Updates reach a chat conversation later; the terminal session ends after the submit.
    if (p1 && session.replyTo) {
      reply.push({
        type: 'text',
        text: t(session.language, 'notice.escalationOpened', { id: NEW_TICKET }),
        tone: 'info',
      });
    }
    const replyTo = session.replyTo ?? null;
    const outbox: OutboxDraft[] = [];
    if (replyTo)
      outbox.push(this.replyDraft(`ticket:${NEW_TICKET}:confirmation`, replyTo, reply, session.language));
    outbox.push(...this.deps.flows.created(replyTo, session.timeZone));
    if (p1) outbox.push(...this.deps.incidents.opened(NEW_TICKET, opened));
    if (submission.security) outbox.push(...this.deps.incidents.security(NEW_TICKET, opened));
    return {
      createTicket: {
        ticket: opened,
        event: {
          at: now,
          actor: `${session.requester.platform}:${session.requester.id}`,
          type: 'created',
          data: {
            priority: submission.priority,
            reason: submission.priorityReason,
            ...(submission.priorityProposed ? { proposed: true } : {}),
          },
        },
      },
      timers: { ticketId: NEW_TICKET, plan: (created) => (created ? planTimers(created, policy, now) : []) },
      outbox,
    };
  }

  private replyDraft(
    key: string,
    to: ChatAddress,
    parts: readonly ReplyPart[],
    language: Language,
  ): OutboxDraft {
    // Cards are posted by their own outbox entry, which records where each copy lives.
    const sendable = parts.filter((p) => p.type !== 'ticket');
    return { key, lane: laneOf(to), message: { kind: 'reply', to, parts: sendable, language } };
  }

  /** Whether this conversation has an unfinished intake. */
  async isOpen(conversationKey: string): Promise<boolean> {
    return (await this.deps.store.conversations.load(conversationKey)) !== null;
  }

  /**
   * Takes one user turn. Without an unfinished intake, it starts one. Turns of one
   * conversation that arrive together (a burst of messages) are taken one after another,
   * each on the state the one before left.
   */
  async handle(
    session: ChatSession,
    turn: Omit<UserTurn, 'at'>,
    event: InboundEvent = {},
  ): Promise<IntakeResult> {
    return this.turns.run(session.conversationKey, () => this.handleNow(session, turn, event));
  }

  private async handleNow(
    session: ChatSession,
    turn: Omit<UserTurn, 'at'>,
    event: InboundEvent,
  ): Promise<IntakeResult> {
    const { store, clock } = this.deps;
    if (event.eventId && (await store.inbox.seen(event.eventId))) return this.duplicate();
    const stored = await store.conversations.load(session.conversationKey);
    // A button of a finished report (a double click on Submit) starts nothing new.
    if (!stored && turn.choice !== undefined) return this.finishedReportPressed(session);
    if (!stored) return this.openNow(session, event, turn);
    const result = await this.takeTurn(session, stored, turn, clock.now(), event).catch(
      async (err: unknown) => {
        if (!(err instanceof ConversationConflictError)) throw err;
        // Someone else's turn landed first: take this one on the state as it is now.
        return this.handleAfterConflict(session, turn, event);
      },
    );
    return result;
  }

  /** Tells the presser that the button belongs to no report of theirs in progress (finished, or another's). */
  private finishedReportPressed(session: ChatSession): IntakeResult {
    const notice = t(session.language, 'intake.staleChoiceFinished');
    return { reply: [], open: false, outboxKeys: [], staleChoice: true, notice };
  }

  private duplicate(): IntakeResult {
    return { reply: [], open: true, outboxKeys: [], duplicate: true };
  }

  private async handleAfterConflict(
    session: ChatSession,
    turn: Omit<UserTurn, 'at'>,
    event: InboundEvent,
  ): Promise<IntakeResult> {
    return this.withRetry(async () => {
      const stored = await this.deps.store.conversations.load(session.conversationKey);
      if (!stored) return { reply: [], open: false, outboxKeys: [] };
      return this.takeTurn(session, stored, turn, this.deps.clock.now(), event);
    });
  }

  private async takeTurn(
    session: ChatSession,
    stored: StoredIntake,
    turn: Omit<UserTurn, 'at'>,
    now: number,
    event: InboundEvent,
  ): Promise<IntakeResult> {
    const { state } = stored;
    if (state.joinOffer) return this.answerJoinOffer(session, stored, turn, now, event);
    // Back after a long pause: remind where we were instead of taking this message
    // ("hi", or something else entirely) as the answer to an old question.
    const outcome =
      turn.choice === undefined && now - state.updatedAt > RESUME_AFTER_MS
        ? this.engine.resume(state, now)
        : this.engine.handle(state, { ...turn, at: now });
    if (outcome.submission) {
      // An outage many report at once ends as one incident: offer to join it first.
      const incident = await openIncidentOn(this.deps.store, outcome.submission.environments);
      // Only an incident of the reporter's own customer is offered (never another company's),
      // and a retried submit whose own ticket is that incident goes on to find its ticket.
      const sameCustomer = incident?.customer === this.contract(outcome.submission, session).customer;
      if (incident && sameCustomer && incident.idempotencyKey !== `intake:${outcome.submission.intakeId}`) {
        const offered = {
          ...state,
          joinOffer: { ticketId: incident.id, submission: outcome.submission },
          updatedAt: now,
        };
        const ask = joinQuestion(outcome.submission.language, incident);
        return this.commitTurn(session, event, stored, { state: offered, reply: [ask] }, now);
      }
    }
    return this.commitTurn(session, event, stored, outcome, now);
  }

  /** The answer to "join the open incident, or report separately?". */
  private async answerJoinOffer(
    session: ChatSession,
    stored: StoredIntake,
    turn: Omit<UserTurn, 'at'>,
    now: number,
    event: InboundEvent,
  ): Promise<IntakeResult> {
    const { state } = stored;
    const offer = state.joinOffer!;
    const language = offer.submission.language;
    const answer = readJoinAnswer(turn);
    if (answer === null) {
      const incident = await this.deps.store.tickets.get(offer.ticketId);
      const reply: ReplyPart[] = [{ type: 'text', text: t(language, 'intake.joinAgain'), tone: 'warning' }];
      if (incident) reply.push(joinQuestion(language, incident));
      // A button here is one of an older question (the review's Submit pressed twice).
      const stale = turn.choice !== undefined ? { staleChoice: true as const } : {};
      return this.commitTurn(
        session,
        event,
        stored,
        { state: { ...state, updatedAt: now }, reply, ...stale },
        now,
      );
    }
    if (answer === 'separate') {
      // A separate ticket of its own, exactly as confirmed.
      return this.commitTurn(
        session,
        event,
        stored,
        { state: null, reply: [], submission: offer.submission },
        now,
        true,
      );
    }
    return this.joinIncident(session, stored, offer, now, event);
  }

  /** Adds the reporter to the open incident (no duplicate ticket) and ends the intake. */
  private async joinIncident(
    session: ChatSession,
    stored: StoredIntake,
    offer: NonNullable<StoredIntake['state']['joinOffer']>,
    now: number,
    event: InboundEvent,
  ): Promise<IntakeResult> {
    const { store } = this.deps;
    const person = {
      id: `${session.requester.platform}:${session.requester.id}`,
      name: session.requester.name,
    };
    const language = offer.submission.language;
    const incident = await store.tickets.get(offer.ticketId);
    if (!incident?.incident) throw new Error(`incident ${offer.ticketId} is gone`);
    const reply: ReplyPart[] = [
      { type: 'text', text: t(language, 'intake.joined', { id: incident.id }), tone: 'success' },
    ];
    const outbox: OutboxDraft[] = [];
    if (session.replyTo)
      outbox.push(this.replyDraft(`join:${offer.submission.intakeId}`, session.replyTo, reply, language));
    outbox.push(...this.deps.incidents.reporterJoined(incident, person, offer.submission.description));
    // The store adds the reporter to the version it holds then: a thousand people joining
    // one outage at once never conflict (and nobody's join is lost to a retry limit).
    const committed = await store.commit({
      ...(event.eventId ? { eventId: event.eventId } : {}),
      at: now,
      conversation: { delete: session.conversationKey, expectedRevision: stored.revision },
      joinIncident: {
        ticketId: incident.id,
        person,
        event: {
          at: now,
          actor: person.id,
          type: 'reporterJoined',
          data: { person, description: offer.submission.description.slice(0, 2000) },
        },
      },
      outbox,
    });
    if (committed.duplicate) return this.duplicate();
    return { reply, open: false, outboxKeys: committed.outboxKeys };
  }

  /** One commit for the whole turn: event claimed, state, ticket, timers and answers. */
  private async commitTurn(
    session: ChatSession,
    event: InboundEvent,
    stored: StoredIntake | null,
    outcome: IntakeOutcome,
    now: number,
    /** The reporter chose a separate ticket over joining the open incident. */
    separate = false,
  ): Promise<IntakeResult> {
    const reply = [...outcome.reply];
    const key = session.conversationKey;
    const unit: { -readonly [K in keyof UnitOfWork]: UnitOfWork[K] } = {
      at: now,
      ...(event.eventId ? { eventId: event.eventId } : {}),
    };
    if (outcome.state)
      unit.conversation = { save: outcome.state, expectedRevision: stored?.revision ?? null };
    else if (stored) unit.conversation = { delete: key, expectedRevision: stored.revision };
    if (outcome.submission) {
      const language = outcome.submission.language;
      reply.push({
        type: 'text',
        text: t(language, 'intake.submitted', { id: NEW_TICKET }),
        tone: 'success',
      });
      Object.assign(unit, this.ticketCreation(outcome.submission, { ...session, language }, now, reply));
      if (unit.createTicket?.ticket.incident && !separate)
        unit.onlyIfNoIncidentOn = {
          conversationKey: key,
          customer: this.contract(outcome.submission, session).customer,
          environments: outcome.submission.environments,
        };
    } else if (session.replyTo) {
      const turnKey = event.eventId ?? `${key}:${now}:${Math.random().toString(36).slice(2)}`;
      unit.outbox = [
        this.replyDraft(
          `reply:${turnKey}`,
          session.replyTo,
          reply,
          outcome.state?.language ?? session.language,
        ),
      ];
    }
    const committed = await this.deps.store.commit(unit);
    if (committed.duplicate) return this.duplicate();
    const ticket = committed.ticket ?? undefined;
    const shown = ticket
      ? [...reply.map((p) => resolvePart(p, ticket.id)), { type: 'ticket' as const, ticket }]
      : reply;
    return {
      reply: shown,
      ...(ticket ? { ticket } : {}),
      open: outcome.state !== null,
      outboxKeys: committed.outboxKeys,
      ...(outcome.staleChoice ? { staleChoice: true as const } : {}),
    };
  }
}

function resolvePart(part: ReplyPart, ticketId: string): ReplyPart {
  if (part.type !== 'text') return part;
  return { ...part, text: withTicketId(part.text, ticketId) };
}
