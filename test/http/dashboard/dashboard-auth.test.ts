import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, dashboardTickets, startDashboardServer, TOKEN } from './dashboard-harness.js';

describe('dashboard without DASHBOARD_TOKEN', () => {
  let server: DashboardServer;
  beforeAll(async () => {
    server = await startDashboardServer(null);
  });
  afterAll(() => server.close());

  it('answers 404 on both routes, whatever token is sent', async () => {
    for (const path of ['/dashboard', '/api/tickets', `/dashboard?token=${TOKEN}`]) {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, path).toBe(404);
      expect((await res.json()).error).toBe('not_found');
    }
  });
});

describe('dashboard with DASHBOARD_TOKEN', () => {
  let server: DashboardServer;
  beforeAll(async () => {
    server = await startDashboardServer(TOKEN, dashboardTickets(Date.now()));
  });
  afterAll(() => server.close());

  it('refuses a missing or wrong token with 401 and a JSON reason', async () => {
    const attempts: Array<[string, Record<string, string>]> = [
      ['/dashboard', {}],
      ['/dashboard', { authorization: 'Bearer wrong-token' }],
      ['/dashboard', { authorization: `Bearer ${TOKEN}x` }],
      ['/dashboard', { authorization: TOKEN }],
      ['/api/tickets', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
      ['/api/tickets?token=wrong', {}],
      ['/dashboard', { cookie: `ticketbot_dashboard=${TOKEN}` }],
      ['/dashboard/assets/chart.umd.min.js', {}],
    ];
    for (const [path, headers] of attempts) {
      const res = await fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      const body = await res.json();
      expect(body.error).toBe('unauthorized');
      expect(typeof body.message).toBe('string');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('serves the page and the tickets for the bearer token', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const page = await fetch(`${server.url}/dashboard`, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<tr data-ticket="TCK-000101">');
    const api = await fetch(`${server.url}/api/tickets`, { headers: auth });
    expect(api.status).toBe(200);
    const tickets = await api.json();
    expect(Array.isArray(tickets)).toBe(true);
    expect(tickets).toHaveLength(3 + 28);
    expect(tickets[0]).toMatchObject({ id: 'TCK-000101', priority: 'P1', policy: 'workspace365-basic' });
    expect(tickets[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[12]:00$/);
  });

  it('trades a ?token= link for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const first = await fetch(`${server.url}/dashboard?view=wall&token=${TOKEN}`, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/dashboard?view=wall');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ticketbot_dashboard=[\w-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;
    const page = await fetch(`${server.url}/dashboard?view=wall`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const api = await fetch(`${server.url}/api/tickets`, { headers: { cookie: `other=1; ${cookie}` } });
    expect(api.status).toBe(200);
    const forged = await fetch(`${server.url}/dashboard`, { headers: { cookie: `${cookie}x` } });
    expect(forged.status).toBe(401);
  });

  it('escapes every user string in the page', async () => {
    const html = await (
      await fetch(`${server.url}/dashboard`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;everyone&quot; is locked out');
    expect(html).toContain('O&#39;Brien &amp; Zonen &lt;BV&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<script/g)).toHaveLength(3);
  });

  it('serves the chart library from node_modules and nothing else by name', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const chart = await fetch(`${server.url}/dashboard/assets/chart.umd.min.js`, { headers: auth });
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await chart.text()).length).toBeGreaterThan(100_000);
    const other = await fetch(`${server.url}/dashboard/assets/..%2Fpackage.json`, { headers: auth });
    expect(other.status).toBe(404);
    const proto = await fetch(`${server.url}/dashboard/assets/constructor`, { headers: auth });
    expect(proto.status).toBe(404);
  });
});
