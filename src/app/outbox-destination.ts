import type { ChatAddress } from '../ports/chat-address.js';
import type { OutboxMessage } from '../ports/outbox.js';

/** Where an outbox message goes, for logs, dead-letter notices and /readyz. */
export function destinationOf(message: OutboxMessage): string {
  if ('to' in message) return describeAddress(message.to);
  if (message.kind === 'openIncident') return `${message.platform} incident channel of ${message.ticketId}`;
  if (message.kind === 'updateCards') return `cards of ${message.ticketId}`;
  return `incident channel of ${message.ticketId}`;
}

export function describeAddress(address: ChatAddress): string {
  return `${address.platform} ${address.kind} ${address.id}`;
}
