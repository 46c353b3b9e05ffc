import { NEW_TICKET, type OutboxDraft, type OutboxMessage } from './outbox.js';

// A text may carry the placeholder in lower case (an incident channel's "#inc-<id>"):
// it stands for the id in lower case.
const NEW_TICKET_LOWER = NEW_TICKET.toLowerCase();

/** A text with "the ticket this commit creates" (either case) replaced by its id. */
export function withTicketId(value: string, id: string): string {
  return value.replaceAll(NEW_TICKET, id).replaceAll(NEW_TICKET_LOWER, id.toLowerCase());
}

function swapDeep(value: unknown, id: string): unknown {
  if (typeof value === 'string') return withTicketId(value, id);
  if (Array.isArray(value)) return value.map((v) => swapDeep(v, id));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapDeep(v, id)]));
  }
  return value;
}

/** A draft with "the ticket this commit creates" replaced by its id (stores call this inside the commit). */
export function resolveNewTicket(draft: OutboxDraft, ticketId: string | undefined): OutboxDraft {
  if (!ticketId) return draft;
  return {
    key: withTicketId(draft.key, ticketId),
    lane: withTicketId(draft.lane, ticketId),
    message: swapDeep(draft.message, ticketId) as OutboxMessage,
  };
}
