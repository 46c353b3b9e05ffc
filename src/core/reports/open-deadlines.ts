import type { Ticket } from '../tickets/ticket.js';
import type { TargetKind } from './target-outcome.js';

const OPEN_STATUSES: ReadonlySet<Ticket['status']> = new Set(['open', 'acknowledged', 'paused']);

export interface OpenTicketDeadline {
  readonly ticket: Ticket;
  /** The nearest target still to be done; null when none has a due time (paused, no target). */
  readonly next: { readonly target: TargetKind; readonly dueAt: number } | null;
}

export function isOpenTicket(ticket: Ticket): boolean {
  return OPEN_STATUSES.has(ticket.status);
}

function nextDeadline(ticket: Ticket): OpenTicketDeadline['next'] {
  const pending: Array<{ target: TargetKind; dueAt: number }> = [];
  if (ticket.respondedAt === null && ticket.response.dueAt !== null)
    pending.push({ target: 'response', dueAt: ticket.response.dueAt });
  if (ticket.resolvedAt === null && ticket.resolution.dueAt !== null)
    pending.push({ target: 'resolution', dueAt: ticket.resolution.dueAt });
  pending.sort((a, b) => a.dueAt - b.dueAt);
  return pending[0] ?? null;
}

/** Open tickets, the nearest deadline first (overdue ones lead); those without one last, oldest first. */
export function openTicketsByDeadline(tickets: readonly Ticket[]): OpenTicketDeadline[] {
  return tickets
    .filter(isOpenTicket)
    .map((ticket) => ({ ticket, next: nextDeadline(ticket) }))
    .sort(
      (a, b) =>
        (a.next?.dueAt ?? Number.POSITIVE_INFINITY) - (b.next?.dueAt ?? Number.POSITIVE_INFINITY) ||
        a.ticket.createdAt - b.ticket.createdAt,
    );
}
