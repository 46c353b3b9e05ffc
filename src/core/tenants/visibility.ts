import type { Ticket } from '../tickets/ticket.js';
import { partnerOfContact } from './customer-resolver.js';
import type { TenantDirectory } from './tenants.js';

/**
 * Who looks at tickets: a platform-qualified id with its roles, and the customers the
 * viewer belongs to as an end user (see customersOfRequester).
 */
export interface Viewer {
  readonly id: string;
  readonly isAgent: boolean;
  readonly isIncidentManager: boolean;
  /** The customers (TENANTS_FILE ids) of the viewer's own tickets: their company. */
  readonly customers?: readonly string[];
}

/** The partner whose ticket it is: the partner that raised it, else its customer's partner. */
export function partnerOfTicket(ticket: Ticket, directory: TenantDirectory): string | null {
  if (ticket.partner) return ticket.partner;
  if (!ticket.customer) return null;
  return directory.customers.find((c) => c.id === ticket.customer)?.partner ?? null;
}

function namedOn(ticket: Ticket, id: string): boolean {
  if (`${ticket.requester.platform}:${ticket.requester.id}` === id) return true;
  if (ticket.assignee?.id === id) return true;
  const incident = ticket.incident;
  if (!incident) return false;
  return (
    incident.manager?.id === id ||
    incident.communications?.id === id ||
    incident.responders.some((r) => r.id === id)
  );
}

/**
 * Whether a viewer may see (and so act on) a ticket (SPEC.md "A partner sees only its
 * own customers' tickets"): agents and incident managers see every ticket; anyone named
 * on it (requester, assignee, incident roles) sees it; a partner contact sees its own
 * customers' tickets and the ones it raised; an end user sees their company's tickets
 * (same customer as one of their own).
 */
export function canSee(ticket: Ticket, viewer: Viewer, directory: TenantDirectory): boolean {
  if (viewer.isAgent || viewer.isIncidentManager) return true;
  if (namedOn(ticket, viewer.id)) return true;
  const contactOf = partnerOfContact(directory, viewer.id);
  if (contactOf && partnerOfTicket(ticket, directory) === contactOf.partner.id) return true;
  // A partner contact's own "company" is every customer of the partner: covered above.
  if (contactOf) return false;
  return ticket.customer != null && (viewer.customers ?? []).includes(ticket.customer);
}

/** The customers of the tickets a person reported: who they are as an end user. */
export function customersOfRequester(tickets: readonly Ticket[], id: string): string[] {
  const customers = new Set<string>();
  for (const t of tickets) {
    if (t.customer && `${t.requester.platform}:${t.requester.id}` === id) customers.add(t.customer);
  }
  return [...customers];
}

/** The tickets a viewer may see, in their order. */
export function visibleTickets(
  tickets: readonly Ticket[],
  viewer: Omit<Viewer, 'customers'>,
  directory: TenantDirectory,
): Ticket[] {
  const full: Viewer = { ...viewer, customers: customersOfRequester(tickets, viewer.id) };
  return tickets.filter((t) => canSee(t, full, directory));
}
