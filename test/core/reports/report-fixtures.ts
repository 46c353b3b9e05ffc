import type { Ticket } from '../../../src/core/tickets/ticket.js';
import { ams } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

// Week of Monday 2026-11-02 under workspace365-basic (Mon-Fri 08:00-18:00, CET +01:00).
// Every due time and duration below is worked out by hand in the comments.

export const REPORT_NOW = ams('2026-11-06T12:00');

function ticket(id: string, overrides: Partial<Ticket>): Ticket {
  return sampleTicket({
    id,
    policy: 'workspace365-basic',
    status: 'acknowledged',
    updatedAt: REPORT_NOW,
    respondedAt: null,
    resolvedAt: null,
    pauses: [],
    ...overrides,
  });
}

export const basicWeek: Ticket[] = [
  // Responded in 3 min, resolved in 3 h: both met.
  ticket('TCK-000001', {
    priority: 'P1',
    status: 'resolved',
    createdAt: ams('2026-11-02T09:00'),
    response: { dueAt: ams('2026-11-02T09:05') },
    resolution: { dueAt: ams('2026-11-02T13:00') },
    respondedAt: ams('2026-11-02T09:03'),
    resolvedAt: ams('2026-11-02T12:00'),
  }),
  // Responded after 10 min: a response breach. Paused Mon 17:30 - Tue 09:00 (business:
  // 30 min + 60 min = 90 min), so resolution is due Tue 12:30 (30 min used before the
  // pause, 3 h 30 min after it); resolved Tue 12:00 = met, 3 h 30 min of business time.
  ticket('TCK-000002', {
    priority: 'P1',
    status: 'resolved',
    createdAt: ams('2026-11-02T17:00'),
    response: { dueAt: ams('2026-11-02T17:05') },
    resolution: { dueAt: ams('2026-11-03T12:30') },
    respondedAt: ams('2026-11-02T17:10'),
    resolvedAt: ams('2026-11-03T12:00'),
    pauses: [{ from: ams('2026-11-02T17:30'), to: ams('2026-11-03T09:00') }],
  }),
  // Responded in 4 min; resolution due Thu 14:00 and still open on Friday: breached.
  ticket('TCK-000003', {
    priority: 'P1',
    createdAt: ams('2026-11-05T10:00'),
    response: { dueAt: ams('2026-11-05T10:05') },
    resolution: { dueAt: ams('2026-11-05T14:00') },
    respondedAt: ams('2026-11-05T10:04'),
  }),
  // No response by Fri 12:00 though due 11:05: breached; resolution due 15:00: open.
  ticket('TCK-000004', {
    priority: 'P1',
    status: 'open',
    createdAt: ams('2026-11-06T11:00'),
    response: { dueAt: ams('2026-11-06T11:05') },
    resolution: { dueAt: ams('2026-11-06T15:00') },
  }),
  // P2 opened Fri 11:58: response due 12:03 and resolution Mon 09:58, both open.
  ticket('TCK-000005', {
    priority: 'P2',
    status: 'open',
    createdAt: ams('2026-11-06T11:58'),
    response: { dueAt: ams('2026-11-06T12:03') },
    resolution: { dueAt: ams('2026-11-09T09:58') },
  }),
  // P2 responded in 2 min, paused since Wed 10:00 (1 h of 8 h used): the resolution
  // clock stands still (no stored due time), open. Paused until Fri 12:00 = Wed 8 h +
  // Thu 10 h + Fri 4 h = 22 h of business time.
  ticket('TCK-000006', {
    priority: 'P2',
    status: 'paused',
    createdAt: ams('2026-11-04T09:00'),
    response: { dueAt: ams('2026-11-04T09:05') },
    resolution: { dueAt: null },
    respondedAt: ams('2026-11-04T09:02'),
    pauses: [{ from: ams('2026-11-04T10:00'), to: null }],
  }),
  // Created Saturday after the period: left out.
  ticket('TCK-000007', {
    priority: 'P3',
    createdAt: ams('2026-11-07T10:00'),
    response: { dueAt: ams('2026-11-11T10:00') },
    resolution: { dueAt: ams('2026-11-11T10:00') },
  }),
  // Created one minute before the period (Sunday 23:59 local): left out.
  ticket('TCK-000008', {
    priority: 'P3',
    createdAt: ams('2026-11-01T23:59'),
    response: { dueAt: ams('2026-11-04T12:00') },
    resolution: { dueAt: ams('2026-11-04T12:00') },
  }),
  // P4 created Mon 00:00 local (23:00 UTC on Sunday), inside the period. The clock starts
  // at 08:00: responded 10:00 = 2 h; resolved Thu 17:00 = 10 + 10 + 10 + 9 = 39 h.
  // Response due (48 h) Fri 16:00, resolution due (40 h) Thu 18:00: both met.
  ticket('TCK-000009', {
    priority: 'P4',
    status: 'closed',
    createdAt: ams('2026-11-02T00:00'),
    response: { dueAt: ams('2026-11-06T16:00') },
    resolution: { dueAt: ams('2026-11-05T18:00') },
    respondedAt: ams('2026-11-02T10:00'),
    resolvedAt: ams('2026-11-05T17:00'),
  }),
];
