import type { MessageKey } from '../core/i18n/catalogue.js';
import { t } from '../core/i18n/catalogue.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { Ticket } from '../core/tickets/ticket.js';
import { applyAction, type TicketAction } from '../core/tickets/ticket-actions.js';
import type { Actor } from '../core/tickets/ticket-permissions.js';
import { planTimers } from '../core/tickets/ticket-timers.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { VersionConflictError } from '../ports/ticket-repository.js';
import { actorFor, type Roles } from './roles.js';
import type { TicketFlows } from './ticket-flows.js';

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
    },
  ) {}

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
      if (!ticket) return { ok: false, reason: 'action.notFound' };
      if (context.eventId && (await store.inbox.seen(context.eventId))) {
        return { ok: true, ticket, notice: '', outboxKeys: [], duplicate: true };
      }
      const policy = policies.get(ticket.policy);
      if (!policy)
        throw new Error(`ticket ${ticket.id} has policy "${ticket.policy}", which is not configured`);
      const now = clock.now();
      const result = applyAction(ticket, action, actor, policy, now);
      if (!result.ok) return result;
      const next = result.ticket;
      const notice = t(next.language, `action.done.${action.kind}`, { actor: actor.name, id: next.id });
      try {
        const committed = await store.commit({
          ...(context.eventId ? { eventId: context.eventId } : {}),
          at: now,
          updateTicket: { ticket: next, event: { at: now, actor: actor.id, ...result.event } },
          timers: { ticketId: next.id, plan: () => planTimers(next, policy, now) },
          outbox: flows.changed(next, result.event, actor, notice, context.answeredMessageId),
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
