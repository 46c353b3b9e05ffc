import { deadlinesFor } from '../sla/deadlines.js';
import type { SlaPolicy } from '../sla/sla-policy.js';
import type { Ticket, TicketSubmission } from './ticket.js';

/** A ticket about to be stored: everything but the id and version the store assigns. */
export type OpenedTicket = Omit<Ticket, 'id' | 'version'>;

/** Turns a confirmed intake into a new open ticket with its SLA deadlines. */
export function openTicket(submission: TicketSubmission, policy: SlaPolicy, now: number): OpenedTicket {
  const { intakeId, ...fields } = submission;
  const due = deadlinesFor(policy, submission.priority, now);
  return {
    ...fields,
    status: 'open',
    policy: policy.name,
    createdAt: now,
    updatedAt: now,
    response: { dueAt: due.response },
    resolution: { dueAt: due.resolution },
    idempotencyKey: `intake:${intakeId}`,
    respondedAt: null,
    resolvedAt: null,
    pauses: [],
  };
}
