import type { MessageKey } from '../i18n/catalogue.js';
import { isPriority, type Priority } from '../sla/priority.js';
import { instantWhenUsed } from '../sla/sla-clock.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { Ticket, TicketStatus } from './ticket.js';

export type TicketAction =
  | { readonly kind: 'acknowledge' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'resolve' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'changePriority'; readonly priority: Priority; readonly reason: string }
  | { readonly kind: 'addInfo'; readonly text: string };

export type ActionKind = TicketAction['kind'];

/** Who acts, with the roles configuration gives them. */
export interface Actor {
  /** Platform-qualified id: "slack:U123", "teams:<aadObjectId>". */
  readonly id: string;
  readonly name: string;
  readonly isAgent: boolean;
  readonly isIncidentManager: boolean;
}

export type ActionResult =
  | {
      readonly ok: true;
      readonly ticket: Ticket;
      readonly event: { type: string; data: Record<string, unknown> };
    }
  | { readonly ok: false; readonly reason: MessageKey };

const FINAL: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled'];

/** The actions this actor may take on this ticket now (what a card offers them). */
export function allowedActions(ticket: Ticket, actor: Actor): ActionKind[] {
  if (FINAL.includes(ticket.status)) return [];
  const requester = `${ticket.requester.platform}:${ticket.requester.id}` === actor.id;
  const staff = actor.isAgent || actor.isIncidentManager;
  const actions: ActionKind[] = [];
  if (staff) {
    if (ticket.status === 'open') actions.push('acknowledge');
    if (ticket.status === 'paused') actions.push('resume');
    else actions.push('pause');
    actions.push('resolve', 'changePriority');
  }
  if (requester || staff) actions.push('cancel');
  if (requester) actions.push('addInfo');
  return actions;
}

function resolutionDue(
  policy: SlaPolicy,
  ticket: Ticket,
  priority: Priority,
  pauses: Ticket['pauses'],
): number | null {
  const target = policy.targets[priority].resolution;
  if (!target) return null;
  return instantWhenUsed(
    { target, calendar: policy.calendar, startedAt: ticket.createdAt, pauses },
    target.withinMs,
  );
}

function responseDue(policy: SlaPolicy, ticket: Ticket, priority: Priority): number | null {
  const target = policy.targets[priority].response;
  if (!target) return null;
  return instantWhenUsed({ target, calendar: policy.calendar, startedAt: ticket.createdAt }, target.withinMs);
}

/**
 * Applies one action to a ticket: checks the actor may, and the ticket's state
 * allows it, then returns the next version with its timeline event. Pure.
 */
export function applyAction(
  ticket: Ticket,
  action: TicketAction,
  actor: Actor,
  policy: SlaPolicy,
  now: number,
): ActionResult {
  if (!allowedActions(ticket, actor).includes(action.kind)) {
    return { ok: false, reason: FINAL.includes(ticket.status) ? 'action.finished' : 'action.notAllowed' };
  }
  const base = { ...ticket, version: ticket.version + 1, updatedAt: now };
  switch (action.kind) {
    case 'acknowledge':
      return {
        ok: true,
        ticket: { ...base, status: 'acknowledged', respondedAt: ticket.respondedAt ?? now },
        event: { type: 'acknowledged', data: {} },
      };
    case 'pause': {
      const pauses = [...ticket.pauses, { from: now, to: null }];
      return {
        ok: true,
        ticket: { ...base, status: 'paused', pauses, resolution: { dueAt: null } },
        event: { type: 'paused', data: {} },
      };
    }
    case 'resume': {
      const pauses = ticket.pauses.map((p) => (p.to === null ? { ...p, to: now } : p));
      const dueAt = resolutionDue(policy, ticket, ticket.priority, pauses);
      return {
        ok: true,
        ticket: {
          ...base,
          status: ticket.respondedAt ? 'acknowledged' : 'open',
          pauses,
          resolution: { dueAt },
        },
        event: { type: 'resumed', data: {} },
      };
    }
    case 'resolve':
      return {
        ok: true,
        ticket: {
          ...base,
          status: 'resolved',
          resolvedAt: now,
          respondedAt: ticket.respondedAt ?? now,
          pauses: ticket.pauses.map((p) => (p.to === null ? { ...p, to: now } : p)),
        },
        event: { type: 'resolved', data: {} },
      };
    case 'cancel':
      return { ok: true, ticket: { ...base, status: 'cancelled' }, event: { type: 'cancelled', data: {} } };
    case 'addInfo': {
      const text = action.text.trim();
      if (!text) return { ok: false, reason: 'action.emptyInfo' };
      const additionalInfo = ticket.additionalInfo ? `${ticket.additionalInfo}\n\n${text}` : text;
      return { ok: true, ticket: { ...base, additionalInfo }, event: { type: 'infoAdded', data: { text } } };
    }
    case 'changePriority': {
      const reason = action.reason.trim();
      if (!isPriority(action.priority)) return { ok: false, reason: 'action.badPriority' };
      if (!reason) return { ok: false, reason: 'action.reasonRequired' };
      if (action.priority === ticket.priority) return { ok: false, reason: 'action.samePriority' };
      return {
        ok: true,
        ticket: {
          ...base,
          priority: action.priority,
          priorityReason: `changed by ${actor.name}: ${reason}`,
          response: {
            dueAt: ticket.respondedAt ? ticket.response.dueAt : responseDue(policy, ticket, action.priority),
          },
          resolution: {
            dueAt:
              ticket.status === 'paused'
                ? null
                : resolutionDue(policy, ticket, action.priority, ticket.pauses),
          },
        },
        event: { type: 'priorityChanged', data: { from: ticket.priority, to: action.priority, reason } },
      };
    }
  }
}
