import type { Ticket } from '../tickets/ticket.js';
import { isIncidentOpen } from './incident.js';

/** An environment's host name, lower case ("https://Acme.example.com/x" -> "acme.example.com"). */
export function environmentHost(url: string): string {
  return url
    .replace(/^https?:\/\//i, '')
    .split(/[/:?#]/)[0]!
    .toLowerCase();
}

/** True when the ticket is an open incident of this customer on one of these environments. */
export function isSameOutage(
  ticket: Ticket,
  customer: string | null | undefined,
  environments: readonly string[],
): boolean {
  if (!isIncidentOpen(ticket.incident) || ticket.customer !== customer) return false;
  const hosts = new Set(environments.map(environmentHost));
  return ticket.environments.some((e) => hosts.has(environmentHost(e)));
}
