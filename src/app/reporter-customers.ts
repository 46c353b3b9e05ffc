import { customersOfRequester } from '../core/tenants/visibility.js';
import type { TicketRepository } from '../ports/ticket-repository.js';

/** At most this many of a person's own tickets are read to learn their companies. */
const OWN_TICKETS_READ = 10_000;

/**
 * The customers a person reported tickets for (who they are as an end user), from their own
 * tickets only: an index lookup, not a scan of the newest tickets of everyone (which also
 * forgot a reporter whose tickets were older than that window).
 */
export async function customersOfReporter(tickets: TicketRepository, actorId: string): Promise<string[]> {
  const colon = actorId.indexOf(':');
  if (colon <= 0) return [];
  const own = await tickets.list({ requesterId: actorId.slice(colon + 1), limit: OWN_TICKETS_READ });
  return customersOfRequester(own, actorId);
}
