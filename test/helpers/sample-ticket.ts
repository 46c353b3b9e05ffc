import type { Ticket } from '../../src/core/tickets/ticket.js';

/** A complete, valid ticket for rendering and storage tests; override what matters. */
export function sampleTicket(overrides: Partial<Ticket> = {}): Ticket {
  const now = Date.now();
  return {
    id: 'TCK-000042',
    status: 'open',
    title: 'Nobody can sign in',
    priority: 'P1',
    impact: 'organisation',
    urgency: 'high',
    priorityReason: 'organisation x high',
    policy: 'workspace365-basic',
    company: 'Acme BV',
    environments: ['https://acme.workspace365.net'],
    usernames: ['j.jansen'],
    startedAt: now - 3_600_000,
    description: 'Nobody can sign in after the Microsoft login.',
    stepsToReproduce: null,
    errorMessages: null,
    additionalInfo: null,
    attachments: [],
    security: false,
    language: 'en',
    requester: { platform: 'slack', id: 'U123', name: 'Jan Jansen' },
    createdAt: now - 60_000,
    updatedAt: now,
    response: { dueAt: now + 240_000 },
    resolution: { dueAt: now - 60_000 },
    version: 1,
    idempotencyKey: `key-${Math.random()}`,
    respondedAt: null,
    resolvedAt: null,
    pauses: [],
    ...overrides,
  };
}
