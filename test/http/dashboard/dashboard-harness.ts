import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { createLogger } from '../../../src/adapters/system/logger.js';
import type { Ticket } from '../../../src/core/tickets/ticket.js';
import { createHttpServer } from '../../../src/http/server.js';
import { presets } from '../../helpers/policies.js';
import { sampleTicket } from '../../helpers/sample-ticket.js';

export const TOKEN = 'dashboard-test-token-0123456789';
const MIN = 60_000;
const HOUR = 60 * MIN;

/** Open tickets due around now, and closed ones spread over past weeks for the chart. */
export function dashboardTickets(now: number): Ticket[] {
  const open: Ticket[] = [
    sampleTicket({
      id: 'TCK-000101',
      priority: 'P1',
      status: 'open',
      title: '<script>alert(1)</script> & "everyone" is locked out',
      company: "O'Brien & Zonen <BV>",
      createdAt: now - 10 * MIN,
      response: { dueAt: now - 5 * MIN },
      resolution: { dueAt: now + 3 * HOUR + 50 * MIN },
    }),
    sampleTicket({
      id: 'TCK-000102',
      priority: 'P2',
      status: 'acknowledged',
      title: 'Slow file search',
      createdAt: now - HOUR,
      respondedAt: now - 58 * MIN,
      response: { dueAt: now - 55 * MIN },
      resolution: { dueAt: now + 2 * HOUR },
    }),
    sampleTicket({
      id: 'TCK-000103',
      priority: 'P3',
      status: 'paused',
      title: 'Waiting for a screenshot',
      createdAt: now - 2 * HOUR,
      respondedAt: now - 90 * MIN,
      response: { dueAt: now - 60 * MIN },
      resolution: { dueAt: null },
      pauses: [{ from: now - 30 * MIN, to: null }],
    }),
  ];
  // Each past week: P2 tickets whose response was met or breached, resolution met.
  const history: Ticket[] = [];
  for (let week = 1; week <= 7; week++) {
    for (let i = 0; i < 4; i++) {
      // Tuesday 10:00 + i h of that week (Amsterdam), whatever day the test runs on.
      const createdAt = DateTime.fromMillis(now, { zone: 'Europe/Amsterdam' })
        .startOf('week')
        .minus({ weeks: week })
        .plus({ days: 1, hours: 10 + i })
        .toMillis();
      const late = i < week % 3;
      history.push(
        sampleTicket({
          id: `TCK-${String(200 + week * 10 + i).padStart(6, '0')}`,
          priority: 'P2',
          status: 'closed',
          createdAt,
          response: { dueAt: createdAt + 5 * MIN },
          respondedAt: createdAt + (late ? 9 : 2) * MIN,
          resolution: { dueAt: createdAt + 8 * HOUR },
          resolvedAt: createdAt + 4 * HOUR,
        }),
      );
    }
  }
  return [...open, ...history];
}

export interface DashboardServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The real HTTP server with only the dashboard configured (or not, with token null). */
export async function startDashboardServer(
  token: string | null,
  tickets: Ticket[] = [],
): Promise<DashboardServer> {
  const logger = createLogger({
    level: 'warn',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
  const server = createHttpServer({
    logger,
    teams: null,
    readiness: [],
    ...(token
      ? {
          dashboard: { token, tickets: async () => tickets, policies: presets, timeZone: 'Europe/Amsterdam' },
        }
      : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
