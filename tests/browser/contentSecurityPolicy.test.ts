/**
 * The Content-Security-Policy in a real browser: a policy that blocks what the page needs fails only
 * there, so Chromium loads Swagger UI, the web app's map and a partner's page framing ours, and every
 * violation the browser reports fails the test. The mini fixture stands in for data; the web app is
 * the build in web/dist (`npm run build:web`).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/src/config.ts';
import { appFor, buildMiniDatabase } from '../api/miniApp.ts';

const WEB_DIST = join(REPO_ROOT, 'web/dist');
const webBuilt = existsSync(join(WEB_DIST, 'index.html'));
const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] };

describe('the Content-Security-Policy in Chromium', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    const { file } = await buildMiniDatabase();
    app = await appFor(file, { webDist: webBuilt ? WEB_DIST : null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('The server did not report a port.');
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch(CHROMIUM);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page that records every CSP violation and script error, in the page and in its workers. */
  async function open(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    // Init scripts run through the DevTools protocol, which the page's policy does not govern.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`));
    });
    return { page, problems };
  }

  it('lets Swagger UI at /api/docs load and render every operation', async () => {
    const { page, problems } = await open();
    await page.goto(`${base}/api/docs`);
    await page.waitForSelector('.opblock', { timeout: 60_000 });
    const documented = Object.values(app.swagger().paths ?? {}).reduce((n, operations) => n + Object.keys(operations ?? {}).length, 0);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 30_000 }).toBe(documented);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.skipIf(!webBuilt)('lets the web app draw its MapLibre map (worker, inline styles, data: images)', async () => {
    const { page, problems } = await open();
    await page.goto(`${base}/?view=explorer&indicator=test_pct&level=council`);
    await page.waitForSelector('[data-choropleth="painted"], .map-failure', { timeout: 90_000 });
    expect(await page.locator('.map-failure').allInnerTexts()).toEqual([]);
    expect(await page.locator('.maplibregl-canvas').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  /**
   * A partner's page on another origin (another port) framing ours: a real local server, since
   * Chromium will not let a page it thinks public (one the test fulfils itself) frame a local address.
   */
  async function partnerSite(frames: string[]): Promise<{ url: string; close: () => void }> {
    const html = `<!doctype html><title>Partner</title>${frames.map((path, i) => `<iframe name="f${i}" src="${base}${path}" width="1000" height="800"></iframe>`).join('')}`;
    const partner = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(partner.address() as AddressInfo).port}/`, close: () => partner.close() };
  }

  it('lets another site frame /embed, and nothing else', async () => {
    const partner = await partnerSite(['/embed/probe', '/api/docs', '/api/v1/levels']);
    const { page, problems } = await open();
    try {
      await page.goto(partner.url);
      const text = (name: string) => page.frame({ name })!.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      await expect.poll(() => text('f0'), { timeout: 30_000 }).toContain('Nothing at GET /embed/probe');
      await expect.poll(() => problems.filter((p) => /frame-ancestors 'none'/.test(p)).length, { timeout: 30_000 }).toBe(2);
      expect(page.frame({ name: 'f0' })!.url()).toBe(`${base}/embed/probe`);
      for (const name of ['f1', 'f2']) expect(page.frame({ name })!.url(), name).toMatch(/^chrome-error:/);
    } finally {
      await page.close();
      partner.close();
    }
  });

  it.skipIf(!existsSync(join(WEB_DIST, 'embed/index.html')))('lets an embedded view draw its map inside another site\'s frame', async () => {
    const partner = await partnerSite(['/embed/?view=explorer&indicator=test_pct&level=council&embed=1']);
    const { page, problems } = await open();
    try {
      await page.goto(partner.url);
      const frame = page.frame({ name: 'f0' })!;
      await frame.waitForSelector('[data-choropleth="painted"], .map-failure', { timeout: 90_000 });
      expect(await frame.locator('.map-failure').allInnerTexts()).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      partner.close();
    }
  });
});
