import { formatIsoInstant } from '../core/sla/iso-instant.js';
import type { PolicyRegistry } from '../core/sla/policy-registry.js';
import { zoneOffsets } from '../core/sla/zone-offsets.js';
import type { Ticket } from '../core/tickets/ticket.js';

/** A ticket in the JSON shape of CONTRACTS.md section 3: instants in the policy's zone. */
export function ticketToJson(ticket: Ticket, policies: PolicyRegistry): Record<string, unknown> {
  const zone = policies.get(ticket.policy)?.calendar.zone ?? zoneOffsets('UTC');
  const instant = (ms: number | null) => (ms === null ? null : formatIsoInstant(ms, zone));
  return {
    id: ticket.id,
    status: ticket.status,
    title: ticket.title,
    priority: ticket.priority,
    impact: ticket.impact,
    urgency: ticket.urgency,
    priorityReason: ticket.priorityReason,
    priorityProposed: ticket.priorityProposed === true,
    policy: ticket.policy,
    company: ticket.company,
    environments: ticket.environments,
    usernames: ticket.usernames,
    startedAt: instant(ticket.startedAt),
    description: ticket.description,
    stepsToReproduce: ticket.stepsToReproduce,
    errorMessages: ticket.errorMessages,
    additionalInfo: ticket.additionalInfo,
    attachments: ticket.attachments,
    security: ticket.security,
    language: ticket.language,
    requester: ticket.requester,
    customer: ticket.customer ?? null,
    partner: ticket.partner ?? null,
    partnerReference: ticket.partnerReference ?? null,
    createdAt: instant(ticket.createdAt),
    updatedAt: instant(ticket.updatedAt),
    response: { dueAt: instant(ticket.response.dueAt) },
    resolution: { dueAt: instant(ticket.resolution.dueAt) },
    respondedAt: instant(ticket.respondedAt),
    resolvedAt: instant(ticket.resolvedAt),
    pauses: ticket.pauses.map((p) => ({ from: instant(p.from), to: instant(p.to) })),
    awaitingInfo: ticket.awaitingInfoSince != null,
    timeLoggedMs: ticket.timeLoggedMs ?? 0,
    version: ticket.version,
  };
}
