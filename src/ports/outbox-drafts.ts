import { NEW_TICKET, type OutboxDraft, type OutboxMessage } from './outbox.js';

function swapDeep(value: unknown, id: string): unknown {
  if (typeof value === 'string') return value.includes(NEW_TICKET) ? value.replaceAll(NEW_TICKET, id) : value;
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
    key: draft.key.replaceAll(NEW_TICKET, ticketId),
    lane: draft.lane.replaceAll(NEW_TICKET, ticketId),
    message: swapDeep(draft.message, ticketId) as OutboxMessage,
  };
}
