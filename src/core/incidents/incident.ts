import type { TicketPerson } from '../tickets/ticket.js';

/**
 * The escalation of a P1 (seed 000/002, SPEC.md "P1 escalation"): assessed by an
 * incident manager first, then run in its own channel with status updates at the
 * policy's cadence, verified by the requester, closed, and followed by an RCA.
 */
export type IncidentState = 'assessing' | 'running' | 'downgraded' | 'resolved' | 'closed';

export type IncidentRole = 'manager' | 'communications' | 'responder';
export const INCIDENT_ROLES: readonly IncidentRole[] = ['manager', 'communications', 'responder'];

/** Where the incident runs (set once the outbox has opened it). */
export interface IncidentChannel {
  readonly platform: 'teams' | 'slack';
  readonly id: string;
  readonly name: string;
  /** A thread inside a channel (the fallback: a thread in the support channel). */
  readonly threadId?: string;
  /** What the platform needs to reach it again (a Teams conversation reference). */
  readonly reference?: Readonly<Record<string, unknown>>;
  /** Why it is not where it was meant to be (Graph refused: a thread in the escalation channel). */
  readonly fallbackReason?: string;
}

export interface Incident {
  readonly state: IncidentState;
  readonly openedAt: number;
  readonly channel: IncidentChannel | null;
  /** The owner: the incident manager who accepted it (or was assigned). */
  readonly manager: TicketPerson | null;
  readonly communications: TicketPerson | null;
  readonly responders: readonly TicketPerson[];
  /** When the last status update went out (the cadence counts from here, or from acceptance). */
  readonly lastUpdateAt: number | null;
  readonly acceptedAt: number | null;
  /** Other people who reported the same outage and joined this incident. */
  readonly affected: readonly TicketPerson[];
  /** Due after closure: who writes the root cause analysis, and by when. */
  readonly rca: { readonly owner: TicketPerson | null; readonly dueAt: number } | null;
}

export function newIncident(openedAt: number): Incident {
  return {
    state: 'assessing',
    openedAt,
    channel: null,
    manager: null,
    communications: null,
    responders: [],
    lastUpdateAt: null,
    acceptedAt: null,
    affected: [],
    rca: null,
  };
}

export function isIncidentOpen(incident: Incident | null | undefined): incident is Incident {
  return !!incident && (incident.state === 'assessing' || incident.state === 'running');
}

const MAX_NAME = 80;

/** Slack channel names: lower case letters, digits, hyphens and underscores. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The incident channel's name (CONTRACTS.md section 8): "inc-" and the ticket id in
 * lower case, plus the environment's first label where it fits in 80 characters.
 */
export function incidentChannelName(ticketId: string, environments: readonly string[]): string {
  const base = `inc-${slug(ticketId)}`;
  const host = environments[0]?.replace(/^https?:\/\//i, '').split(/[/:?#]/)[0] ?? '';
  const label = slug(host.split('.')[0] ?? '');
  return label && base.length + 1 + label.length <= MAX_NAME ? `${base}-${label}` : base;
}

/** The n-th alternative when a name is taken: "-2", "-3" ... within 80 characters. */
export function alternativeChannelName(name: string, attempt: number): string {
  const suffix = `-${attempt + 1}`;
  return `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
}

/** Business time an RCA is due after closure: five working days of 8 hours. */
export const RCA_WITHIN_MS = 40 * 3_600_000;

/** The incident closed with its ticket: an RCA is now due, owned by the incident manager. */
export function withRcaDue(
  incident: Incident,
  closedAt: number,
  addBusinessTime: (from: number, ms: number) => number | null,
): Incident {
  const dueAt = addBusinessTime(closedAt, RCA_WITHIN_MS) ?? closedAt + 5 * 24 * 3_600_000;
  return { ...incident, state: 'closed', rca: { owner: incident.manager, dueAt } };
}

/** The channel topic: the ticket's state in one line. */
export function incidentTopic(ticket: {
  readonly id: string;
  readonly priority: string;
  readonly title: string;
  readonly status: string;
  readonly incident?: Incident | null;
}): string {
  const state = ticket.incident?.state ?? 'assessing';
  const manager = ticket.incident?.manager ? `, IM ${ticket.incident.manager.name}` : '';
  return `${ticket.id} ${ticket.priority} ${state}${manager}: ${ticket.title}`.slice(0, 250);
}
