import type { MessageKey } from '../i18n/catalogue.js';
import { isPriority, type Priority } from '../sla/priority.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { Ticket } from './ticket.js';
import { withDeadlines } from './ticket-deadlines.js';
import { type ActionKind, type Actor, allowedActions, isFinal } from './ticket-permissions.js';

export type { ActionKind, Actor } from './ticket-permissions.js';
export { allowedActions } from './ticket-permissions.js';

export type TicketAction =
  | { readonly kind: 'acknowledge' }
  | { readonly kind: 'respond'; readonly text: string; readonly expectedResolutionAt: number | null }
  | { readonly kind: 'pause'; readonly reason: string }
  | { readonly kind: 'resume'; readonly reason?: string }
  | { readonly kind: 'hotfix'; readonly reason?: string }
  | { readonly kind: 'unhotfix' }
  | { readonly kind: 'resolve'; readonly text?: string }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'changePriority'; readonly priority: Priority; readonly reason: string }
  | { readonly kind: 'addInfo'; readonly text: string };

export type ActionResult =
  | {
      readonly ok: true;
      readonly ticket: Ticket;
      readonly event: { type: string; data: Record<string, unknown> };
    }
  | { readonly ok: false; readonly reason: MessageKey };

const MAX_TEXT = 10_000;
const MAX_REASON = 500;

type Change = Omit<Extract<ActionResult, { ok: true }>, 'ok'>;

function closeOpenPause(ticket: Ticket, now: number): Ticket['pauses'] {
  return ticket.pauses.map((p) => (p.to === null ? { ...p, to: now } : p));
}

/** The part of an action that changes the ticket, once permission is settled. */
function change(ticket: Ticket, action: TicketAction, actor: Actor, now: number): Change | MessageKey {
  const base: Ticket = { ...ticket, version: ticket.version + 1, updatedAt: now };
  const me = { id: actor.id, name: actor.name };
  switch (action.kind) {
    case 'acknowledge':
      // Taking a ticket is not a response: the response clock keeps running (SPEC.md).
      return {
        ticket: { ...base, status: 'acknowledged', assignee: me },
        event: { type: 'acknowledged', data: {} },
      };
    case 'respond': {
      const text = action.text.trim().slice(0, MAX_TEXT);
      if (!text) return 'action.responseRequired';
      if (action.expectedResolutionAt !== null && action.expectedResolutionAt <= now)
        return 'action.expectedInPast';
      return {
        ticket: {
          ...base,
          status: ticket.status === 'open' ? 'acknowledged' : ticket.status,
          respondedAt: ticket.respondedAt ?? now,
          assignee: ticket.assignee ?? me,
          expectedResolutionAt: action.expectedResolutionAt,
        },
        event: { type: 'responded', data: { text, expectedResolutionAt: action.expectedResolutionAt } },
      };
    }
    case 'pause': {
      const reason = action.reason.trim().slice(0, MAX_REASON);
      if (!reason) return 'action.pauseReasonRequired';
      return {
        ticket: { ...base, status: 'paused', pauses: [...ticket.pauses, { from: now, to: null }] },
        event: { type: 'paused', data: { reason } },
      };
    }
    case 'resume':
      return {
        ticket: {
          ...base,
          status: ticket.assignee || ticket.respondedAt !== null ? 'acknowledged' : 'open',
          pauses: closeOpenPause(ticket, now),
        },
        event: { type: 'resumed', data: action.reason?.trim() ? { reason: action.reason.trim() } : {} },
      };
    case 'hotfix':
      return {
        ticket: { ...base, hotfixSince: now },
        event: {
          type: 'hotfixRequired',
          data: action.reason?.trim() ? { reason: action.reason.trim() } : {},
        },
      };
    case 'unhotfix':
      return { ticket: { ...base, hotfixSince: null }, event: { type: 'hotfixCleared', data: {} } };
    case 'resolve': {
      const text = action.text?.trim().slice(0, MAX_TEXT) ?? '';
      return {
        // A solution is a substantive reply too: it stops a response clock still running.
        ticket: {
          ...base,
          status: 'resolved',
          resolvedAt: now,
          respondedAt: ticket.respondedAt ?? now,
          pauses: closeOpenPause(ticket, now),
        },
        event: { type: 'resolved', data: text ? { text } : {} },
      };
    }
    case 'cancel':
      return { ticket: { ...base, status: 'cancelled' }, event: { type: 'cancelled', data: {} } };
    case 'addInfo': {
      const text = action.text.trim().slice(0, MAX_TEXT);
      if (!text) return 'action.emptyInfo';
      const additionalInfo = ticket.additionalInfo ? `${ticket.additionalInfo}\n\n${text}` : text;
      return { ticket: { ...base, additionalInfo }, event: { type: 'infoAdded', data: { text } } };
    }
    case 'changePriority': {
      const reason = action.reason.trim().slice(0, MAX_REASON);
      if (!isPriority(action.priority)) return 'action.badPriority';
      if (!reason) return 'action.reasonRequired';
      if (action.priority === ticket.priority) return 'action.samePriority';
      return {
        ticket: {
          ...base,
          priority: action.priority,
          priorityReason: `changed by ${actor.name}: ${reason}`,
          // A hotfix mark belongs to a P1.
          hotfixSince: action.priority === 'P1' ? (ticket.hotfixSince ?? null) : null,
        },
        event: { type: 'priorityChanged', data: { from: ticket.priority, to: action.priority, reason } },
      };
    }
  }
}

/**
 * Applies one action to a ticket: checks the actor may, and the ticket's state
 * allows it, then returns the next version (deadlines recomputed) with its timeline
 * event. Pure.
 */
export function applyAction(
  ticket: Ticket,
  action: TicketAction,
  actor: Actor,
  policy: SlaPolicy,
  now: number,
): ActionResult {
  if (!allowedActions(ticket, actor).includes(action.kind as ActionKind)) {
    return { ok: false, reason: isFinal(ticket) ? 'action.finished' : 'action.notAllowed' };
  }
  const result = change(ticket, action, actor, now);
  if (typeof result === 'string') return { ok: false, reason: result };
  return { ok: true, ticket: withDeadlines(result.ticket, policy), event: result.event };
}
