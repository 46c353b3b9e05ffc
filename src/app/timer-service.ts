import { t } from '../core/i18n/catalogue.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import type { SlaPolicy } from '../core/sla/sla-policy.js';
import type { Ticket } from '../core/tickets/ticket.js';
import { closeUnverified } from '../core/tickets/ticket-actions.js';
import { isFinal } from '../core/tickets/ticket-permissions.js';
import { planTimers } from '../core/tickets/ticket-timers.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { type StoredTimer, TimerAlreadyFiredError } from '../ports/timers.js';
import type { IncidentFlows } from './incident-flows.js';
import { withEscalation } from './ticket-action-service.js';
import { requesterAddressOf, type TicketFlows } from './ticket-flows.js';

const LEASE_MS = 30_000;
const BATCH = 200;

/** What one pass fired, for /metrics. */
export interface FiringReport {
  readonly fired: number;
  readonly lagsMs: readonly number[];
}

/**
 * Fires due SLA timers: per ticket, one commit marks them fired, plans the next ones
 * and writes the card update and notifications to the outbox. Leases use the store's
 * time, so processes with different clocks never fire a timer twice.
 */
export class TimerService {
  constructor(
    private readonly deps: {
      store: Store;
      policies: PolicyRegistry;
      flows: TicketFlows;
      incidents: IncidentFlows;
      logger: Logger;
      owner: string;
    },
  ) {}

  async runOnce(): Promise<FiringReport> {
    const { store, owner } = this.deps;
    const now = await store.timers.now();
    const due = await store.timers.claimDue(owner, now, LEASE_MS, BATCH);
    if (due.length === 0) return { fired: 0, lagsMs: [] };
    const byTicket = new Map<string, StoredTimer[]>();
    for (const timer of due) byTicket.set(timer.ticketId, [...(byTicket.get(timer.ticketId) ?? []), timer]);
    const lagsMs: number[] = [];
    let fired = 0;
    for (const [ticketId, timers] of byTicket) {
      try {
        await this.fire(ticketId, timers, now);
        fired += timers.length;
        for (const t of timers) lagsMs.push(Math.max(0, now - t.dueAt));
      } catch (err) {
        // Nothing of the unit was applied: give the lease back so the others fire soon.
        await store.timers.release(
          timers.map((t) => t.id),
          owner,
        );
        if (err instanceof TimerAlreadyFiredError) {
          // Another process fired one after this one's lease ran out: nothing happens twice.
          this.deps.logger.info({ ticketId, timer: err.timerId }, 'a timer was fired elsewhere first');
        } else {
          this.deps.logger.error(
            { ticketId, err: (err as Error).message },
            'could not fire timers; retried later',
          );
        }
      }
    }
    return { fired, lagsMs };
  }

  private async fire(ticketId: string, timers: readonly StoredTimer[], now: number): Promise<void> {
    const { store, policies, flows } = this.deps;
    const ids = timers.map((t) => t.id);
    const ticket = await store.tickets.get(ticketId);
    const policy = ticket ? policies.get(ticket.policy) : undefined;
    if (!ticket || !policy) {
      await store.commit({ at: now, firedTimers: ids });
      return;
    }
    // A timer the ticket no longer needs (met, paused, re-planned) fires silently.
    const plan = planTimers(ticket, policy, now);
    const current = new Set(plan.map((p) => p.id));
    const live = timers.filter((t) => (t.kind === 'refresh' ? !isFinal(ticket) : current.has(t.id)));
    if (live.some((t) => t.kind === 'verify')) {
      await this.closeUnverified(ticket, policy, ids, now);
      return;
    }
    const reminders = live
      .filter((t) => t.kind === 'statusUpdate')
      .flatMap((t) => this.deps.incidents.updateDue(ticket, t.id, policy));
    await store.commit({
      at: now,
      firedTimers: ids,
      timers: { ticketId, plan: () => plan },
      outbox: [
        ...flows.timersFired(
          ticket,
          live.filter((t) => t.kind === 'threshold' || t.kind === 'refresh'),
          now,
          policy.calendar.definition.timeZone,
        ),
        ...reminders,
      ],
    });
  }

  /** No answer within verifyWithin: the ticket closes with a note, the requester is told. */
  private async closeUnverified(
    ticket: Ticket,
    policy: SlaPolicy,
    ids: string[],
    now: number,
  ): Promise<void> {
    const { store, flows, incidents } = this.deps;
    const change = closeUnverified(ticket, now);
    const closed = withEscalation(ticket, change.ticket, policy, now);
    const system = { id: 'system:ticketbot', name: 'ticketbot', isAgent: false, isIncidentManager: false };
    const notice = t(closed.language, 'action.done.closed', { id: closed.id });
    await store.commit({
      at: now,
      firedTimers: ids,
      updateTicket: { ticket: closed, event: { at: now, actor: system.id, ...change.event } },
      timers: { ticketId: closed.id, plan: () => planTimers(closed, policy, now) },
      outbox: [
        ...flows.changed(closed, change.event, system, notice, undefined, policy),
        ...incidents.changed(ticket, closed, change.event, policy, requesterAddressOf(closed)),
      ],
    });
  }
}
