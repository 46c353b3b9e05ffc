import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardServer, dashboardTickets, startDashboardServer, TOKEN } from './dashboard-harness.js';

// Debian's Chromium (.ci/run installs it), driven by playwright-core; CHROMIUM_PATH for another one.
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOT = resolve('test-output/dashboard.png');

/** Non-background pixels of a PNG, counted by the browser itself on a plain page. */
async function inkedPixels(page: Page, png: Buffer): Promise<number> {
  await page.setContent('<canvas></canvas>');
  return page.evaluate(
    async (dataUrl) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = document.querySelector('canvas')!;
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      const [r0, g0, b0] = [data[0], data[1], data[2]];
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - r0!) + Math.abs(data[i + 1]! - g0!) + Math.abs(data[i + 2]! - b0!) > 60)
          inked++;
      }
      return inked;
    },
    `data:image/png;base64,${png.toString('base64')}`,
  );
}

describe('dashboard in a real browser', () => {
  let server: DashboardServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDashboardServer(TOKEN, dashboardTickets(Date.now()));
    if (!existsSync(CHROMIUM))
      throw new Error(
        `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the tickets, live countdowns and the weekly chart, and looks like a page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    const response = await page.goto(`${server.url}/dashboard?token=${TOKEN}`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).search).toBe('');
    const cookies = await context.cookies();
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'ticketbot_dashboard', httpOnly: true, sameSite: 'Strict' }),
    ]);

    const ids = (selector: string) =>
      page.$$eval(`${selector} tbody tr`, (rows) => rows.map((r) => r.getAttribute('data-ticket')));
    expect(await ids('#incident-tickets')).toEqual(['TCK-000101']);
    expect(await ids('#open-tickets')).toEqual(['TCK-000101', 'TCK-000102', 'TCK-000103']);
    const title = await page.textContent('#open-tickets tr[data-ticket="TCK-000101"] td:nth-child(4)');
    expect(title).toBe('<script>alert(1)</script> & "everyone" is locked out');
    expect(await page.textContent('#open-tickets tr[data-ticket="TCK-000103"]')).toContain(
      'paused: clock stopped',
    );
    expect(await page.$$eval('#weekly-table tbody tr', (rows) => rows.length)).toBe(8);

    const countdown = '#open-tickets tr[data-ticket="TCK-000102"] .countdown';
    const before = await page.textContent(countdown);
    expect(before).toMatch(/^1h 59m \d\ds left$/);
    await page.waitForTimeout(1500);
    const after = await page.textContent(countdown);
    expect(after).toMatch(/^1h 59m \d\ds left$/);
    expect(after).not.toBe(before);
    expect(await page.textContent('#open-tickets tr[data-ticket="TCK-000101"] .countdown')).toMatch(
      /^overdue 5m/,
    );

    const chartPixels = await page.$eval('#weekly-chart', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
      return { drawn, total: data.length / 4 };
    });
    expect(chartPixels.total).toBeGreaterThan(10_000);
    expect(chartPixels.drawn).toBeGreaterThan(chartPixels.total * 0.01);

    mkdirSync(resolve('test-output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    const blank = await context.newPage();
    expect(await inkedPixels(blank, readFileSync(SCREENSHOT))).toBeGreaterThan(20_000);
    await context.close();
  });

  it('shows every ticket and the weekly numbers with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${TOKEN}` });
    await page.goto(`${server.url}/dashboard`);
    const rows = await page.$$eval('#open-tickets tbody tr', (trs) => trs.map((r) => r.textContent ?? ''));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/Slow file search.*1h 59m \d\ds left/);
    const weeks = await page.$$eval('#weekly-table tbody tr', (trs) => trs.map((r) => r.textContent ?? ''));
    expect(weeks).toHaveLength(8);
    // Past week 1: 4 tickets, 1 response late (week % 3 = 1): 75% against a 90% goal; resolutions against their 90% goal too.
    expect(weeks[6]).toContain('75% (3/4)90%100% (4/4)90%');
    await context.close();
  });
});
