import type { MessageKey } from '../core/i18n/catalogue.js';
import { t } from '../core/i18n/catalogue.js';
import { newIncident, withRcaDue } from '../core/incidents/incident.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { SlaPolicy } from '../core/sla/sla-policy.js';
import type { TenantDirectory } from '../core/tenants/tenants.js';
import { canSee } from '../core/tenants/visibility.js';
import type { Ticket } from '../core/tickets/ticket.js';
import { applyAction, type TicketAction } from '../core/tickets/ticket-actions.js';
import {
  type ActionKind,
  type Actor,
  allowedActions,
  isFinal,
  isStaff,
} from '../core/tickets/ticket-permissions.js';
import { planTimers } from '../core/tickets/ticket-timers.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { VersionConflictError } from '../ports/ticket-repository.js';
import type { IncidentFlows } from './incident-flows.js';
import { customersOfReporter } from './reporter-customers.js';
import { actorFor, type Roles } from './roles.js';
import type { SupportBudget } from './support-budget.js';
import { requesterAddressOf, type TicketFlows } from './ticket-flows.js';

export type { Roles } from './roles.js';

export type ActionOutcome =
  | {
      readonly ok: true;
      readonly ticket: Ticket;
      /** The notice every copy shows ("Ann acknowledged TCK-000001."). */
      readonly notice: string;
      readonly outboxKeys: readonly string[];
      /** The same click or command had been handled before: nothing changed now. */
      readonly duplicate: boolean;
    }
  | { readonly ok: false; readonly reason: MessageKey };

const ATTEMPTS = 3;

/**
 * Staff see every ticket, so they are told an id is unknown; anyone else gets the answer
 * a ticket they may not see gives, so naming ids tells them nothing about which exist.
 */
export function unknownTicketReason(actor: Actor): MessageKey {
  return isStaff(actor) ? 'action.notFound' : 'action.notAllowed';
}

/**
 * What an action means for the escalation: a ticket that becomes P1 opens an incident;
 * a closed incident gets its RCA due date.
 */
export function withEscalation(before: Ticket, after: Ticket, policy: SlaPolicy, now: number): Ticket {
  if (after.priority === 'P1' && before.priority !== 'P1' && !before.incident) {
    return { ...after, incident: newIncident(now) };
  }
  if (after.status === 'closed' && after.incident && !after.incident.rca) {
    const calendar = policy.calendar;
    return {
      ...after,
      incident: withRcaDue(after.incident, now, (from, ms) =>
        calendar.hasOpeningHours ? calendar.addBusinessTime(from, ms) : from + ms,
      ),
    };
  }
  return after;
}

export interface ActionContext {
  /** The inbound event (a click, a modal submission): a redelivery changes nothing. */
  readonly eventId?: string;
  /** The copy the click came from, answered directly (Teams invoke response). */
  readonly answeredMessageId?: string;
}

/**
 * Agents' and requesters' actions on a ticket: the change, its timeline entry, its
 * timers and its notifications (card updates, the requester told) in one commit.
 */
export class TicketActionService {
  constructor(
    private readonly deps: {
      store: Store;
      policies: PolicyRegistry;
      clock: Clock;
      roles: Roles;
      flows: TicketFlows;
      incidents: IncidentFlows;
      /** TENANTS_FILE's customers and partners: who may see which ticket. */
      tenants?: TenantDirectory;
      /** Partners' support-hour budgets, told when logged time crosses a threshold. */
      budget?: SupportBudget;
    },
  ) {}

  /** Whether the actor may see the ticket at all (else nothing may be done on it). */
  private async mayAct(ticket: Ticket, actor: Actor): Promise<boolean> {
    const directory = this.deps.tenants ?? { partners: [], customers: [] };
    if (canSee(ticket, actor, directory)) return true;
    // An end user of the same company: known from the tickets they reported.
    if (!ticket.customer) return false;
    const customers = await customersOfReporter(this.deps.store.tickets, actor.id);
    return canSee(ticket, { ...actor, customers }, directory);
  }

  /**
   * Why the actor may not start this action on the ticket now, or null when they may:
   * checked when a button is pressed, before a form asks for input that would only be
   * refused on submit. perform() checks again (the ticket may change meanwhile).
   */
  async refusal(ticketId: string, kind: ActionKind, actor: Actor): Promise<MessageKey | null> {
    const ticket = await this.deps.store.tickets.get(ticketId);
    if (!ticket) return unknownTicketReason(actor);
    if (!(await this.mayAct(ticket, actor))) return 'action.notAllowed';
    if (allowedActions(ticket, actor).includes(kind)) return null;
    return isFinal(ticket) ? 'action.finished' : 'action.notAllowed';
  }

  actor(platform: string, id: string, name: string): Actor {
    return actorFor(this.deps.roles, platform, id, name);
  }

  async perform(
    ticketId: string,
    action: TicketAction,
    actor: Actor,
    context: ActionContext = {},
  ): Promise<ActionOutcome> {
    const { store, policies, clock, flows } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const ticket = await store.tickets.get(ticketId);
      if (!ticket) return { ok: false, reason: unknownTicketReason(actor) };
      if (context.eventId && (await store.inbox.seen(context.eventId))) {
        return { ok: true, ticket, notice: '', outboxKeys: [], duplicate: true };
      }
      if (!(await this.mayAct(ticket, actor))) return { ok: false, reason: 'action.notAllowed' };
      const policy = policies.get(ticket.policy);
      if (!policy)
        throw new Error(`ticket ${ticket.id} has policy "${ticket.policy}", which is not configured`);
      const now = clock.now();
      const result = applyAction(ticket, action, actor, policy, now);
      if (!result.ok) return result;
      const next = withEscalation(ticket, result.ticket, policy, now);
      const notice = t(next.language, `action.done.${action.kind}`, { actor: actor.name, id: next.id });
      const budget =
        this.deps.budget && result.event.type === 'timeLogged' && typeof result.event.data.ms === 'number'
          ? await this.deps.budget.noticesFor(store.tickets, ticket, result.event.data.ms, now)
          : [];
      try {
        const committed = await store.commit({
          ...(context.eventId ? { eventId: context.eventId } : {}),
          at: now,
          updateTicket: { ticket: next, event: { at: now, actor: actor.id, ...result.event } },
          timers: { ticketId: next.id, plan: () => planTimers(next, policy, now) },
          outbox: [
            ...flows.changed(next, result.event, actor, notice, context.answeredMessageId, policy),
            ...this.deps.incidents.changed(ticket, next, result.event, policy, requesterAddressOf(next)),
            ...budget,
          ],
        });
        if (committed.duplicate) return { ok: true, ticket, notice: '', outboxKeys: [], duplicate: true };
        return { ok: true, ticket: next, notice, outboxKeys: committed.outboxKeys, duplicate: false };
      } catch (err) {
        // Another writer won; re-read and decide again on the fresh ticket.
        if (err instanceof VersionConflictError && attempt < ATTEMPTS) continue;
        if (err instanceof VersionConflictError) return { ok: false, reason: 'action.conflict' };
        throw err;
      }
    }
  }
}
