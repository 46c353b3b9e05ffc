import type { MessageKey } from '../i18n/catalogue.js';
import { INCIDENT_ROLES, type IncidentRole } from '../incidents/incident.js';
import { isPriority, type Priority } from '../sla/priority.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { Ticket, TicketPerson } from './ticket.js';
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
  | { readonly kind: 'confirmPriority' }
  | { readonly kind: 'addInfo'; readonly text: string }
  | { readonly kind: 'confirmFixed' }
  | { readonly kind: 'notFixed'; readonly text?: string }
  | { readonly kind: 'escalate'; readonly reason?: string }
  | { readonly kind: 'acceptIncident' }
  | { readonly kind: 'downgradeIncident'; readonly priority: Priority; readonly reason: string }
  | { readonly kind: 'incompleteIncident'; readonly text: string }
  | { readonly kind: 'statusUpdate'; readonly text: string }
  | { readonly kind: 'assignRole'; readonly role: IncidentRole; readonly person: TicketPerson }
  /** Ask the requester for information: pauses the ticket until they add it. */
  | { readonly kind: 'askInfo'; readonly question: string }
  /** An internal note: on the timeline only, never shown to the requester. */
  | { readonly kind: 'note'; readonly text: string }
  /** Time spent on the ticket, in whole minutes. */
  | { readonly kind: 'logTime'; readonly minutes: number; readonly text?: string };

export type ActionResult =
  | {
      readonly ok: true;
      readonly ticket: Ticket;
      readonly event: { type: string; data: Record<string, unknown> };
    }
  | { readonly ok: false; readonly reason: MessageKey };

const MAX_TEXT = 10_000;
const MAX_REASON = 500;
/** One log entry is at most a day's work twice over; more is a typo. */
export const MAX_LOG_MINUTES = 48 * 60;

type Change = Omit<Extract<ActionResult, { ok: true }>, 'ok'>;

/** Back from a pause or a resolve: acknowledged once someone took or answered it, else open. */
function reopenedStatus(ticket: Ticket): Ticket['status'] {
  return ticket.assignee || ticket.respondedAt !== null ? 'acknowledged' : 'open';
}

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
          status: reopenedStatus(ticket),
          pauses: closeOpenPause(ticket, now),
          awaitingInfoSince: null,
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
          awaitingInfoSince: null,
          ...(ticket.incident ? { incident: { ...ticket.incident, state: 'resolved' as const } } : {}),
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
      // The answer to an agent's question (askInfo) ends the wait: the ticket resumes by itself.
      if (ticket.status === 'paused' && ticket.awaitingInfoSince != null) {
        return {
          ticket: {
            ...base,
            additionalInfo,
            status: reopenedStatus(ticket),
            pauses: closeOpenPause(ticket, now),
            awaitingInfoSince: null,
          },
          event: { type: 'infoAdded', data: { text, resumed: true } },
        };
      }
      return { ticket: { ...base, additionalInfo }, event: { type: 'infoAdded', data: { text } } };
    }
    case 'askInfo': {
      const question = action.question.trim().slice(0, MAX_TEXT);
      if (!question) return 'action.questionRequired';
      // Already paused: the clock stays stopped, and the answer now resumes it.
      const pauses = ticket.status === 'paused' ? ticket.pauses : [...ticket.pauses, { from: now, to: null }];
      return {
        ticket: { ...base, status: 'paused', pauses, awaitingInfoSince: ticket.awaitingInfoSince ?? now },
        event: { type: 'infoRequested', data: { question, reason: question } },
      };
    }
    case 'note': {
      const text = action.text.trim().slice(0, MAX_TEXT);
      if (!text) return 'action.noteRequired';
      return { ticket: base, event: { type: 'noted', data: { text } } };
    }
    case 'logTime': {
      const minutes = action.minutes;
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_LOG_MINUTES) return 'action.badMinutes';
      const text = action.text?.trim().slice(0, MAX_REASON) ?? '';
      const ms = minutes * 60_000;
      return {
        ticket: { ...base, timeLoggedMs: (ticket.timeLoggedMs ?? 0) + ms },
        event: { type: 'timeLogged', data: { minutes, ms, ...(text ? { text } : {}) } },
      };
    }
    case 'confirmFixed':
    case 'notFixed':
    case 'escalate':
    case 'acceptIncident':
    case 'downgradeIncident':
    case 'incompleteIncident':
    case 'statusUpdate':
    case 'assignRole':
      return incidentChange(ticket, base, action, actor, now);
    case 'confirmPriority':
      if (!ticket.priorityProposed) return 'action.priorityNotProposed';
      return {
        ticket: { ...base, priorityProposed: false },
        event: { type: 'priorityConfirmed', data: { priority: ticket.priority } },
      };
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
          // An agent's choice is no longer the bot's proposal (the `agent` priority model).
          priorityProposed: false,
          // A hotfix mark belongs to a P1.
          hotfixSince: action.priority === 'P1' ? (ticket.hotfixSince ?? null) : null,
        },
        event: { type: 'priorityChanged', data: { from: ticket.priority, to: action.priority, reason } },
      };
    }
  }
}

type IncidentAction = Extract<
  TicketAction,
  {
    kind:
      | 'confirmFixed'
      | 'notFixed'
      | 'escalate'
      | 'acceptIncident'
      | 'downgradeIncident'
      | 'incompleteIncident'
      | 'statusUpdate'
      | 'assignRole';
  }
>;

/** Verification, escalation requests and the incident manager's actions. */
function incidentChange(
  ticket: Ticket,
  base: Ticket,
  action: IncidentAction,
  actor: Actor,
  now: number,
): Change | MessageKey {
  const me = { id: actor.id, name: actor.name };
  const incident = ticket.incident;
  switch (action.kind) {
    case 'confirmFixed':
      return {
        ticket: {
          ...base,
          status: 'closed',
          closedAt: now,
          ...(incident ? { incident: { ...incident, state: 'closed' as const } } : {}),
        },
        event: { type: 'confirmedFixed', data: {} },
      };
    case 'notFixed': {
      // Reopened: the time spent waiting for the verification does not count against support.
      const waited = ticket.resolvedAt !== null ? [{ from: ticket.resolvedAt, to: now }] : [];
      return {
        ticket: {
          ...base,
          status: reopenedStatus(ticket),
          resolvedAt: null,
          pauses: [...ticket.pauses, ...waited],
          ...(incident ? { incident: { ...incident, state: 'running' as const } } : {}),
        },
        event: {
          type: 'notFixed',
          data: action.text?.trim() ? { text: action.text.trim().slice(0, MAX_TEXT) } : {},
        },
      };
    }
    case 'escalate':
      return {
        ticket: { ...base, escalationRequestedAt: now },
        event: {
          type: 'escalationRequested',
          data: action.reason?.trim() ? { reason: action.reason.trim().slice(0, MAX_REASON) } : {},
        },
      };
    case 'acceptIncident':
      if (!incident) return 'action.notAllowed';
      return {
        ticket: {
          ...base,
          incident: { ...incident, state: 'running', manager: incident.manager ?? me, acceptedAt: now },
        },
        event: { type: 'incidentAccepted', data: {} },
      };
    case 'downgradeIncident': {
      if (!incident) return 'action.notAllowed';
      const reason = action.reason.trim().slice(0, MAX_REASON);
      if (!isPriority(action.priority) || action.priority === 'P1') return 'action.badDowngrade';
      if (!reason) return 'action.reasonRequired';
      return {
        ticket: {
          ...base,
          priority: action.priority,
          priorityReason: `downgraded by ${actor.name}: ${reason}`,
          hotfixSince: null,
          incident: { ...incident, state: 'downgraded', manager: incident.manager ?? me },
        },
        event: { type: 'incidentDowngraded', data: { from: ticket.priority, to: action.priority, reason } },
      };
    }
    case 'incompleteIncident': {
      const text = action.text.trim().slice(0, MAX_TEXT);
      if (!text) return 'action.missingWhat';
      return { ticket: base, event: { type: 'incidentIncomplete', data: { text } } };
    }
    case 'statusUpdate': {
      if (!incident) return 'action.notAllowed';
      const text = action.text.trim().slice(0, MAX_TEXT);
      if (!text) return 'action.updateRequired';
      return {
        ticket: { ...base, incident: { ...incident, lastUpdateAt: now } },
        event: { type: 'statusUpdate', data: { text } },
      };
    }
    case 'assignRole': {
      if (!incident) return 'action.notAllowed';
      if (!INCIDENT_ROLES.includes(action.role)) return 'action.badRole';
      const person = {
        id: action.person.id.trim().slice(0, 200),
        name: action.person.name.trim().slice(0, 200),
      };
      if (!person.id) return 'action.personRequired';
      const previous =
        action.role === 'manager'
          ? incident.manager
          : action.role === 'communications'
            ? incident.communications
            : null;
      const next =
        action.role === 'manager'
          ? { ...incident, manager: person }
          : action.role === 'communications'
            ? { ...incident, communications: person }
            : {
                ...incident,
                responders: incident.responders.some((r) => r.id === person.id)
                  ? incident.responders
                  : [...incident.responders, person],
              };
      return {
        ticket: { ...base, incident: next },
        event: {
          type: 'roleAssigned',
          data: { role: action.role, person, ...(previous ? { previous } : {}) },
        },
      };
    }
  }
}

/**
 * A resolved ticket whose requester did not answer within the policy's verifyWithin:
 * closed with a note (seed 000: an incident closes once verified; silence counts as yes).
 */
export function closeUnverified(
  ticket: Ticket,
  now: number,
): { ticket: Ticket; event: { type: string; data: Record<string, unknown> } } {
  return {
    ticket: {
      ...ticket,
      version: ticket.version + 1,
      updatedAt: now,
      status: 'closed',
      closedAt: now,
      ...(ticket.incident ? { incident: { ...ticket.incident, state: 'closed' as const } } : {}),
    },
    event: {
      type: 'closed',
      data: { note: 'closed without an answer from the requester within the verification time' },
    },
  };
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
