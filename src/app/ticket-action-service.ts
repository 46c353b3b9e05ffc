import type { MessageKey } from '../core/i18n/catalogue.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { Ticket } from '../core/tickets/ticket.js';
import { type Actor, applyAction, type TicketAction } from '../core/tickets/ticket-actions.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import { VersionConflictError } from '../ports/ticket-repository.js';

export interface Roles {
  readonly agents: readonly string[];
  readonly incidentManagers: readonly string[];
}

export type ActionOutcome =
  | { readonly ok: true; readonly ticket: Ticket }
  | { readonly ok: false; readonly reason: MessageKey };

const ATTEMPTS = 3;

/** Agents' and requesters' actions on a ticket, stored with compare-and-set. */
export class TicketActionService {
  constructor(
    private readonly deps: { store: Store; policies: PolicyRegistry; clock: Clock; roles: Roles },
  ) {}

  actor(platform: string, id: string, name: string): Actor {
    const qualified = `${platform}:${id}`;
    return {
      id: qualified,
      name,
      isAgent: this.deps.roles.agents.includes(qualified),
      isIncidentManager: this.deps.roles.incidentManagers.includes(qualified),
    };
  }

  async perform(ticketId: string, action: TicketAction, actor: Actor): Promise<ActionOutcome> {
    const { store, policies, clock } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const ticket = await store.tickets.get(ticketId);
      if (!ticket) return { ok: false, reason: 'action.notFound' };
      const policy = policies.get(ticket.policy);
      if (!policy)
        throw new Error(`ticket ${ticket.id} has policy "${ticket.policy}", which is not configured`);
      const now = clock.now();
      const result = applyAction(ticket, action, actor, policy, now);
      if (!result.ok) return result;
      try {
        const stored = await store.tickets.update(result.ticket, {
          at: now,
          actor: actor.id,
          ...result.event,
        });
        return { ok: true, ticket: stored };
      } catch (err) {
        // Another writer won; re-read and decide again on the fresh ticket.
        if (err instanceof VersionConflictError && attempt < ATTEMPTS) continue;
        if (err instanceof VersionConflictError) return { ok: false, reason: 'action.conflict' };
        throw err;
      }
    }
  }
}
