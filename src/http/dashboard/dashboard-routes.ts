import type restify from 'restify';
import { actorFor, type Roles } from '../../app/roles.js';
import { ticketToJson } from '../../app/ticket-json.js';
import { weeklyPerformance } from '../../core/reports/weekly-performance.js';
import type { PolicyRegistry } from '../../core/sla/policy-registry.js';
import { zoneOffsets } from '../../core/sla/zone-offsets.js';
import type { TenantDirectory } from '../../core/tenants/tenants.js';
import { visibleTickets } from '../../core/tenants/visibility.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import { dashboardAsset } from './dashboard-assets.js';
import { authenticate } from './dashboard-auth.js';
import { renderDashboardPage } from './dashboard-page.js';

export interface DashboardDeps {
  /** DASHBOARD_TOKEN: the one secret that opens the dashboard and /api/tickets. */
  readonly token: string;
  readonly tickets: () => Promise<readonly Ticket[]>;
  readonly policies: PolicyRegistry;
  /** Zone of the weeks and times on the page (the default policy's). */
  readonly timeZone: string;
  readonly now?: () => number;
  /**
   * Who is who, for `?as=slack:U123`: the tickets that user may see (agents and incident
   * managers all, a partner contact its customers', an end user their own and their
   * company's). Without `?as=` the token holder sees every ticket (the admin view).
   */
  readonly viewers?: { readonly roles: Roles; readonly directory: TenantDirectory };
}

type Viewed = { ok: true; tickets: readonly Ticket[] } | { ok: false; message: string };

/** Every ticket, or with `?as=ID` only the ones that user may see. */
async function ticketsFor(req: restify.Request, deps: DashboardDeps): Promise<Viewed> {
  const as = new URL(req.url ?? '/', 'http://dashboard.invalid').searchParams.get('as');
  const tickets = await deps.tickets();
  if (as === null) return { ok: true, tickets };
  const m = /^(slack|teams|terminal):(\S{1,200})$/.exec(as);
  if (!m) return { ok: false, message: 'as= takes a platform-qualified id: slack:U123 or teams:<id>' };
  const viewer = actorFor(deps.viewers?.roles ?? { agents: [], incidentManagers: [] }, m[1]!, m[2]!, m[2]!);
  const directory = deps.viewers?.directory ?? { partners: [], customers: [] };
  return { ok: true, tickets: visibleTickets(tickets, viewer, directory) };
}

// Nothing here is for caches or other sites; the page loads only its own files.
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

const PATHS = ['/dashboard', '/dashboard/assets/:name', '/api/tickets'];

function sendJson(res: restify.Response, status: number, body: unknown): void {
  res.sendRaw(status, JSON.stringify(body), {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
  });
}

/** Runs the handler only for a request with the token; answers 401 or the ?token= redirect otherwise. */
function guarded(
  deps: DashboardDeps,
  handler: (req: restify.Request, res: restify.Response) => Promise<void>,
): restify.RequestHandler {
  return async (req: restify.Request, res: restify.Response) => {
    const auth = authenticate(req, deps.token);
    if (auth.kind === 'denied') {
      res.header('www-authenticate', 'Bearer realm="ticketbot dashboard"');
      sendJson(res, 401, { error: 'unauthorized', message: auth.reason });
      return;
    }
    if (auth.kind === 'redirect') {
      res.sendRaw(302, '', { ...SECURITY_HEADERS, location: auth.location, 'set-cookie': auth.setCookie });
      return;
    }
    await handler(req, res);
  };
}

/**
 * GET /dashboard, its assets and GET /api/tickets (CONTRACTS.md section 10). Without
 * a token configured every one of them answers 404.
 */
export function registerDashboard(server: restify.Server, deps: DashboardDeps | undefined): void {
  if (!deps) {
    for (const path of PATHS) {
      server.get(path, async (_req: restify.Request, res: restify.Response) => {
        sendJson(res, 404, {
          error: 'not_found',
          message: 'the dashboard is off: set DASHBOARD_TOKEN to turn it on',
        });
      });
    }
    return;
  }
  const now = deps.now ?? Date.now;
  const zone = zoneOffsets(deps.timeZone);

  server.get(
    '/dashboard',
    guarded(deps, async (req, res) => {
      const viewed = await ticketsFor(req, deps);
      if (!viewed.ok) {
        sendJson(res, 400, { error: 'bad_request', message: viewed.message });
        return;
      }
      const tickets = viewed.tickets;
      const at = now();
      const html = renderDashboardPage({
        tickets,
        weeks: weeklyPerformance(tickets, deps.policies, zone, at),
        zone,
        now: at,
      });
      res.sendRaw(200, html, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
    }),
  );

  server.get(
    '/dashboard/assets/:name',
    guarded(deps, async (req, res) => {
      const asset = dashboardAsset(String(req.params.name));
      if (!asset) {
        sendJson(res, 404, { error: 'not_found', message: 'no such dashboard file' });
        return;
      }
      res.sendRaw(200, asset.body, { ...SECURITY_HEADERS, 'content-type': asset.contentType });
    }),
  );

  server.get(
    '/api/tickets',
    guarded(deps, async (req, res) => {
      const viewed = await ticketsFor(req, deps);
      if (!viewed.ok) {
        sendJson(res, 400, { error: 'bad_request', message: viewed.message });
        return;
      }
      sendJson(
        res,
        200,
        viewed.tickets.map((t) => ticketToJson(t, deps.policies)),
      );
    }),
  );
}
