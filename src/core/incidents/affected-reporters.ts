import type { Ticket, TicketPerson } from '../tickets/ticket.js';

/**
 * The incident ticket with one more affected reporter, built on whatever version the
 * store holds now: joins commute, so a burst of reporters never conflicts with itself.
 * A person already listed is not listed twice.
 */
export function withAffectedReporter(ticket: Ticket, person: TicketPerson, at: number): Ticket {
  const incident = ticket.incident;
  if (!incident) throw new Error(`${ticket.id} is no incident`);
  const listed = incident.affected.some((a) => a.id === person.id);
  return {
    ...ticket,
    version: ticket.version + 1,
    updatedAt: at,
    incident: { ...incident, affected: listed ? incident.affected : [...incident.affected, person] },
  };
}
