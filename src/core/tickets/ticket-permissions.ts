import type { Ticket } from './ticket.js';

/** Every action a card or command can offer on a ticket. */
export const ACTION_KINDS = [
  'acknowledge',
  'respond',
  'pause',
  'resume',
  'hotfix',
  'unhotfix',
  'resolve',
  'changePriority',
  // The `agent` priority model (seed 004): an agent confirms the priority the bot proposed.
  'confirmPriority',
  'addInfo',
  'cancel',
  // The requester's answer once a ticket is resolved (SPEC.md: resolved -> verified -> closed).
  'confirmFixed',
  'notFixed',
  // A requester asking for a P1 escalation of a P2-P4 (an incident manager decides).
  'escalate',
  // The incident manager's side of a P1 escalation.
  'acceptIncident',
  'downgradeIncident',
  'incompleteIncident',
  'statusUpdate',
  'assignRole',
  // Agents' bookkeeping (from the command line for now): a question that pauses the
  // ticket until the requester answers, an internal note, time spent.
  'askInfo',
  'note',
  'logTime',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** Every action is offered on the cards too (the command line offers the same ones). */
function onCards(actions: readonly ActionKind[]): ActionKind[] {
  return [...actions];
}

export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === 'string' && (ACTION_KINDS as readonly string[]).includes(value);
}

/** Who acts, with the roles configuration gives them. */
export interface Actor {
  /** Platform-qualified id: "slack:U123", "teams:<aadObjectId>". */
  readonly id: string;
  readonly name: string;
  readonly isAgent: boolean;
  readonly isIncidentManager: boolean;
}

const FINAL: readonly Ticket['status'][] = ['closed', 'cancelled'];

/** Closed or cancelled: nothing more happens. A resolved ticket waits for its requester's verification. */
export function isFinal(ticket: Ticket): boolean {
  return FINAL.includes(ticket.status);
}

/** No work left for the agents: resolved (awaiting verification), closed or cancelled. */
export function isDone(ticket: Ticket): boolean {
  return ticket.status === 'resolved' || isFinal(ticket);
}

export function isRequester(ticket: Ticket, actor: Pick<Actor, 'id'>): boolean {
  return `${ticket.requester.platform}:${ticket.requester.id}` === actor.id;
}

export function isStaff(actor: Actor): boolean {
  return actor.isAgent || actor.isIncidentManager;
}

/**
 * The one source of what a reader may do on a ticket now: cards show exactly these
 * buttons on every platform, and every press is checked against them again.
 */
export function allowedActions(ticket: Ticket, actor: Actor): ActionKind[] {
  if (isFinal(ticket)) return [];
  if (ticket.status === 'resolved') return isRequester(ticket, actor) ? ['confirmFixed', 'notFixed'] : [];
  const actions: ActionKind[] = [];
  const incident = ticket.incident;
  if (actor.isIncidentManager && incident?.state === 'assessing') {
    actions.push('acceptIncident', 'downgradeIncident', 'incompleteIncident');
  }
  const incidentRuns = incident?.state === 'running';
  const communicates = actor.isIncidentManager || incident?.communications?.id === actor.id;
  if (incidentRuns && communicates) actions.push('statusUpdate');
  if ((incidentRuns || incident?.state === 'assessing') && actor.isIncidentManager)
    actions.push('assignRole');
  if (isStaff(actor)) {
    if (ticket.status === 'open') actions.push('acknowledge');
    if (ticket.respondedAt === null) actions.push('respond');
    actions.push(ticket.status === 'paused' ? 'resume' : 'pause');
    if (ticket.priority === 'P1') actions.push(ticket.hotfixSince != null ? 'unhotfix' : 'hotfix');
    actions.push('resolve', 'changePriority');
    if (ticket.priorityProposed) actions.push('confirmPriority');
    // Internal: the requester never sees a note; askInfo is the question they do see.
    actions.push('askInfo', 'note', 'logTime');
  }
  if (isRequester(ticket, actor) || isStaff(actor)) actions.push('cancel');
  if (isRequester(ticket, actor)) actions.push('addInfo');
  // One escalation request at a time: the incident managers are asked once.
  if (isRequester(ticket, actor) && ticket.priority !== 'P1' && ticket.escalationRequestedAt == null)
    actions.push('escalate');
  return actions;
}

const ANY_AGENT: Actor = { id: '', name: '', isAgent: true, isIncidentManager: false };

/**
 * What a posted copy shows before a reader's own view replaces it (Teams refresh, or
 * Slack where a message is the same for everyone): the agents' buttons, since every
 * press is checked against the presser's roles; the requester's own buttons come with
 * their personal view.
 */
export function sharedCopyActions(ticket: Ticket): ActionKind[] {
  return onCards(allowedActions(ticket, ANY_AGENT)).filter((a) => a !== 'cancel' && a !== 'addInfo');
}

const ANY_INCIDENT_MANAGER: Actor = { id: '', name: '', isAgent: false, isIncidentManager: true };

/** What a copy in an incident channel offers: the incident manager's and the agents' buttons. */
export function incidentCopyActions(ticket: Ticket): ActionKind[] {
  const actions = new Set([...allowedActions(ticket, ANY_INCIDENT_MANAGER), ...sharedCopyActions(ticket)]);
  return onCards(ACTION_KINDS.filter((a) => actions.has(a) && a !== 'cancel'));
}

/**
 * Whether a reader may see the ticket's card: its requester and staff anywhere, and
 * anyone reading a conversation where a copy of the card was posted (the support
 * channel). Naming a ticket id alone shows nothing.
 */
export function canView(ticket: Ticket, actor: Actor, readsPostedCopy: boolean): boolean {
  return isRequester(ticket, actor) || isStaff(actor) || readsPostedCopy;
}

/**
 * What a copy shown alike to everyone offers (Slack messages, posted Teams copies):
 * the agents' buttons and the requester's, each checked against the presser on click.
 */
export function anyoneActions(ticket: Ticket): ActionKind[] {
  if (isFinal(ticket)) return [];
  const requester: Actor = {
    id: `${ticket.requester.platform}:${ticket.requester.id}`,
    name: '',
    isAgent: false,
    isIncidentManager: false,
  };
  const actions = new Set([
    ...sharedCopyActions(ticket),
    ...allowedActions(ticket, requester),
    ...allowedActions(ticket, ANY_INCIDENT_MANAGER),
  ]);
  return onCards(ACTION_KINDS.filter((a) => actions.has(a)));
}
