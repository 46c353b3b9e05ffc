import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const DASHBOARD_COOKIE = 'ticketbot_dashboard';

/**
 * Compares in constant time. Hashing first gives both sides one length, so neither the
 * content nor the length of the token leaks through timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The cookie holds a value derived from the token, not the token itself. */
export function cookieValueFor(token: string): string {
  return createHmac('sha256', token).update('ticketbot dashboard session').digest('base64url');
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export type AuthResult =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'denied'; readonly reason: string }
  /** A valid ?token=: set the cookie and send the browser to the URL without it. */
  | { readonly kind: 'redirect'; readonly location: string; readonly setCookie: string };

/** Whether a request carries the dashboard token: bearer header, one-time ?token= or the cookie. */
export function authenticate(req: IncomingMessage, token: string): AuthResult {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m && sameSecret(m[1]!, token)) return { kind: 'allowed' };
    return { kind: 'denied', reason: 'the bearer token is not the dashboard token' };
  }
  const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
  const given = url.searchParams.get('token');
  if (given !== null) {
    if (!sameSecret(given, token))
      return { kind: 'denied', reason: 'the token in the link is not the dashboard token' };
    url.searchParams.delete('token');
    const secure = req.headers['x-forwarded-proto'] === 'https' || 'encrypted' in req.socket;
    return {
      kind: 'redirect',
      location: `${url.pathname}${url.search}`,
      setCookie: `${DASHBOARD_COOKIE}=${cookieValueFor(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000${secure ? '; Secure' : ''}`,
    };
  }
  const session = cookie(req, DASHBOARD_COOKIE);
  if (session !== null && sameSecret(session, cookieValueFor(token))) return { kind: 'allowed' };
  return {
    kind: 'denied',
    reason:
      session === null
        ? 'send the dashboard token as "Authorization: Bearer <token>" or open the link with ?token=<token> once'
        : 'the dashboard cookie is no longer valid: open the link with ?token=<token> again',
  };
}
