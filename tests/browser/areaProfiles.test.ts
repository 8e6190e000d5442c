/**
 * Area Profiles in headless Chromium against the real server and the demo build: a ward's profile
 * found by name, printed to an A4 PDF, deep links with a theme, inequality's refusals in plain
 * words, a custom area built by clicking the map, and embedding in another page.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaProfile, AreaSearchReply } from '../../server/src/schemas/areas.ts';
import type { BuildReply } from '../../server/src/schemas/build.ts';
import type { CustomProfileReply } from '../../server/src/schemas/customAreas.ts';
import type { ProfileReply } from '../../server/src/schemas/profile.ts';
import { formatCount } from '../../web/src/lib/format.ts';
import { describeViolations, SCREENSHOTS, screenshot, seriousViolations, startJourney, type Journey } from './harness.ts';

let journey: Journey;
beforeAll(async () => {
  journey = await startJourney();
});
afterAll(async () => {
  await journey?.close();
});

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/**
 * Another site: a page on a second local server (another origin) holding the embed snippet. An
 * about:blank page would not do: its origin is opaque, and frame-ancestors * does not match that.
 */
async function hostSite(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><title>A community group</title><body>${body}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The host page server did not report a port.');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function expectAccessible(page: Page) {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

describe('Area Profiles: a published area', () => {
  it('finds a ward by name, shows the population the API gives with significance labels, and prints a clean A4 PDF', async () => {
    const { areas } = await journey.api<AreaSearchReply>('/api/v1/areas?level=ward2017&limit=4');
    const ward = areas.at(-1)!;
    const profile = await journey.api<ProfileReply>(`/api/v1/areas/ward2017/${ward.code}/profile`);
    const build = await journey.api<BuildReply>('/api/v1/build');

    const page = await journey.open('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Area Profiles', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Area Profiles' }).waitFor();
    await page.getByLabel('Kind of area').selectOption('ward2017');
    const search = page.getByRole('combobox', { name: 'Area name, code or postcode' });
    await search.fill(ward.name.slice(0, Math.max(4, ward.name.length - 2)));
    await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(ward.name)}`) }).click();
    await page.waitForURL((url) => url.searchParams.get('area') === ward.code && url.searchParams.get('view') === 'area-profiles');

    const report = page.locator('[data-report="ready"] article.report');
    await report.locator('.theme').first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('heading', { level: 2, name: ward.name }).count()).toBe(1);
    const population = report.locator('[data-population]');
    expect(await population.getAttribute('data-population')).toBe(String(profile.area.population));
    expect((await population.innerText()).trim()).toBe(formatCount(profile.area.population));

    // The summary comes first, sentence by sentence, as the API wrote it.
    const summary = report.locator('.summary-list li');
    expect(await summary.count()).toBe(profile.summary.length);
    if (profile.summary[0]) expect(await summary.first().innerText()).toBe(profile.summary[0]);

    // Every indicator is listed, and comparisons carry words, not only colours.
    expect(await report.locator('li.indicator').count()).toBe(profile.indicators.length);
    const compared = profile.indicators.flatMap((i) => i.comparators).filter((c) => ['better', 'worse', 'similar', 'higher', 'lower'].includes(c.significance));
    expect(compared.length).toBeGreaterThan(0);
    const labels = report.locator('.bars .tag').filter({ hasText: /^\W*(Better|Worse|Similar|Higher|Lower)/ });
    expect(await labels.count()).toBe(compared.length);

    // A ranked indicator says its rank among its siblings, and links to the Data Explorer for this area.
    const ranked = profile.indicators.find((i) => i.rank && i.latest && !i.latest.suppressed)!;
    const row = report.locator(`li.indicator[data-indicator="${ranked.code}"]`);
    expect(await row.locator('.rank').innerText()).toContain(`of ${ranked.rank!.of} ${ranked.rank!.among}`);
    const explorerLink = new URL((await row.locator('a.title').getAttribute('href'))!, journey.base);
    expect(Object.fromEntries(explorerLink.searchParams)).toMatchObject({ view: 'explorer', indicator: ranked.code, level: 'ward2017', area: ward.code });
    // The sparkline has an accessible name; its figures are a table behind a disclosure.
    await row.getByRole('img', { name: /^Trend in / }).waitFor();

    // A withheld figure says why, in the API's words.
    const withheld = profile.indicators.find((i) => i.latest?.suppressed && i.latest.note);
    if (withheld) expect(await report.locator(`li.indicator[data-indicator="${withheld.code}"] .note`).innerText()).toBe(withheld.latest!.note);

    // Inequality by SIMD quintile, in words.
    const inequality = page.locator('.inequality');
    await inequality.locator('h4, [data-problem]').first().waitFor({ timeout: 30_000 });
    if (await inequality.locator('h4').count()) {
      expect(await inequality.locator('.sentences').innerText()).toMatch(/in the most deprived fifth than in the least deprived/);
    }

    await screenshot(page, 'area-profile');
    await expectAccessible(page);

    // Print: an A4 PDF with the area's name, the licence and the build id, and no site chrome.
    const pdfPath = join(SCREENSHOTS, 'area-profile.pdf');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('.print-header').isVisible()).toBe(true);
    // Back to the browser's own media: page.pdf() prints with print media unless screen is emulated.
    await page.emulateMedia({ media: null });
    await page.pdf({ path: pdfPath, format: 'A4' });
    expect(statSync(pdfPath).size).toBeGreaterThan(20_000);
    if (has('pdftotext')) {
      const text = spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toContain(ward.name);
      expect(text.replace(/\s+/g, ' ')).toContain('Contains public sector information licensed under the Open Government Licence v3.0');
      expect(text).toContain(build.build.id);
      if (build.build.synthetic) expect(text).toContain('Synthetic demo data');
      expect(text).not.toContain('Skip to main content');
      expect(text).not.toContain('Copy embed code');
    }
    if (has('pdftoppm')) spawnSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '3', pdfPath, join(SCREENSHOTS, 'area-profile-pdf')]);

    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflow(page)).toBe(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('opens a deep link on one theme, and says in plain words when an area cannot be split by deprivation', async () => {
    const { areas } = await journey.api<AreaSearchReply>('/api/v1/areas?level=ward2017&limit=1');
    const ward = areas[0]!;
    const healthier = await journey.api<ProfileReply>(`/api/v1/areas/ward2017/${ward.code}/profile?theme=healthier`);
    const page = await journey.open(`/?view=area-profiles&level=ward2017&area=${ward.code}&theme=healthier`);
    const report = page.locator('[data-report="ready"] article.report');
    await report.locator('.theme').first().waitFor({ timeout: 30_000 });
    expect(await report.locator('.theme').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-theme')))).toEqual(['healthier']);
    expect(await report.locator('li.indicator').count()).toBe(healthier.indicators.length);
    expect(await page.getByLabel('Theme').inputValue()).toBe('healthier');
    await page.getByLabel('Theme').selectOption('');
    await page.waitForURL((url) => !url.searchParams.has('theme'));
    await report.locator('.theme[data-theme="population"]').waitFor({ timeout: 30_000 });

    // A single data zone has too few zones for the inequality route: its 422 message is shown as it is.
    const { areas: zones } = await journey.api<AreaSearchReply>('/api/v1/areas?level=dz2011&limit=1');
    const zone = zones[0]!;
    const refusal = await fetch(`${journey.base}/api/v1/areas/dz2011/${zone.code}/inequality?indicator=income_deprived_pct&bands=quintiles`);
    expect(refusal.status).toBe(422);
    const { message } = (await refusal.json()) as { message: string };
    await page.goto(`${journey.base}/?view=area-profiles&level=dz2011&area=${zone.code}&inequality=income_deprived_pct`);
    await page.locator('.inequality [data-problem]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.inequality [data-problem]').innerText()).toBe(message);
    // The browser logs the refused request itself; nothing else may go wrong.
    expect(page.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('Area Profiles: build your own area', () => {
  it('clicks three data zones on the map and shows their profile, with the API’s own words on disclosure', async () => {
    // An intermediate zone's data zones, largest first: big enough on screen to click.
    const { areas: zones } = await journey.api<AreaSearchReply>('/api/v1/areas?level=iz2011&limit=1');
    const iz = zones[0]!;
    const { areas: members } = await journey.api<AreaSearchReply>(`/api/v1/areas?level=dz2011&q=${encodeURIComponent(iz.name)}&limit=20`);
    const details = await Promise.all(members.map((m) => journey.api<AreaProfile>(`/api/v1/areas/dz2011/${m.code}`)));
    const chosen = details.filter((d) => d.parents.some((p) => p.code === iz.code) && d.centroid).sort((a, b) => (b.areaKm2 ?? 0) - (a.areaKm2 ?? 0)).slice(0, 3);
    expect(chosen).toHaveLength(3);

    const page = await journey.open('/?view=area-profiles&mode=custom');
    await page.getByRole('heading', { level: 2, name: 'Build your own area' }).waitFor();
    await page.locator('.map-frame[data-map-ready="true"]').waitFor({ timeout: 30_000 });

    // Go to the intermediate zone, so its data zones fill the map, and wait for the map to get there.
    type TestMap = { isMoving(): boolean; areTilesLoaded(): boolean; getZoom(): number; project(p: [number, number]): { x: number; y: number } };
    await page.waitForFunction(() => !!(window as unknown as { __arealens?: { customAreaMap?: unknown } }).__arealens?.customAreaMap);
    const startZoom = await page.evaluate(() => (window as unknown as { __arealens: { customAreaMap: TestMap } }).__arealens.customAreaMap.getZoom());
    const place = page.getByRole('combobox', { name: 'Go to a place' });
    await place.fill(iz.name);
    await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(iz.name)}.*Intermediate zone`) }).first().click();
    await page.waitForFunction((zoom) => {
      const map = (window as unknown as { __arealens: { customAreaMap: TestMap } }).__arealens.customAreaMap;
      return !map.isMoving() && map.areTilesLoaded() && map.getZoom() > zoom + 1;
    }, startZoom, { timeout: 30_000 });

    // Clicks land only inside the window: bring the whole map into view first.
    const canvas = page.locator('.map-frame canvas');
    await page.locator('.map-frame').scrollIntoViewIfNeeded();
    for (const [n, zone] of chosen.entries()) {
      const point = await page.evaluate(([lng, lat]) => {
        const map = (window as unknown as { __arealens: { customAreaMap: TestMap } }).__arealens.customAreaMap;
        const { x, y } = map.project([lng, lat]);
        return { x, y };
      }, zone.centroid!);
      const box = (await canvas.boundingBox())!;
      await page.mouse.click(box.x + point.x, box.y + point.y);
      await page.locator(`[data-selected-count="${n + 1}"]`).waitFor();
      await page.locator(`.chosen li[data-zone="${zone.code}"]`).waitFor();
    }
    await page.locator(`.map-frame[data-choropleth="painted"]`).waitFor({ timeout: 30_000 });
    await screenshot(page, 'custom-area-map', false);

    await page.getByRole('button', { name: 'Show the profile of 3 data zones' }).click();
    const report = page.locator('article.report[data-custom-area]');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getAttribute('data-custom-area')).toBe('3');
    expect(new URL(page.url()).searchParams.get('zones')!.split(' ').sort()).toEqual(chosen.map((c) => c.code).sort());
    await report.locator('.theme').first().waitFor();

    // The same area asked of the API (identical, so the server's differencing memory changes nothing).
    const response = await fetch(`${journey.base}/api/v1/custom-areas/profile`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataZones: chosen.map((c) => c.code) }),
    });
    const reply = (await response.json()) as CustomProfileReply;
    expect(await report.locator('[data-population]').getAttribute('data-population')).toBe(String(reply.area.population));
    expect(await report.locator('[data-data-zones]').innerText()).toBe('3');
    if (reply.disclosure.note) expect(await report.locator('[data-disclosure]').innerText()).toBe(reply.disclosure.note);
    const differencing = reply.indicators.find((i) => i.latest?.suppressionReason === 'differencing');
    // Figures withheld for differencing point to that note rather than repeat it in every row.
    if (differencing) {
      expect(differencing.latest!.note).toBe(reply.disclosure.note);
      expect(await report.locator(`li.indicator[data-indicator="${differencing.code}"] .note`).innerText()).toBe('Withheld for the reason given at the top of this profile.');
    }

    await screenshot(page, 'custom-area-profile');
    await expectAccessible(page);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('draws a shape on the map, closed by a double click, and shows the profile of the data zones inside it', async () => {
    type TestMap = { loaded(): boolean; unproject(p: [number, number]): { lng: number; lat: number } };
    const page = await journey.open('/?view=area-profiles&mode=custom', { width: 1280, height: 1000 });
    await page.waitForFunction(() => !!(window as unknown as { __arealens?: { customAreaMap?: TestMap } }).__arealens?.customAreaMap?.loaded(), undefined, { timeout: 30_000 });
    await page.locator('.map-frame').scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Draw a shape' }).click();
    const box = (await page.locator('.map-frame canvas').boundingBox())!;
    const corners = [[0.35, 0.35], [0.6, 0.3], [0.65, 0.6], [0.4, 0.65]].map(([fx, fy]) => [fx! * box.width, fy! * box.height] as [number, number]);
    const lngLats = await page.evaluate((points) => {
      const map = (window as unknown as { __arealens: { customAreaMap: TestMap } }).__arealens.customAreaMap;
      return points.map((p) => {
        const { lng, lat } = map.unproject(p);
        return [lng, lat];
      });
    }, corners);
    for (const [i, [x, y]] of corners.entries()) {
      if (i < corners.length - 1) {
        await page.mouse.click(box.x + x, box.y + y);
        await page.getByText(`${i + 1} corner${i ? 's' : ''}`, { exact: true }).waitFor();
      } else {
        await page.mouse.dblclick(box.x + x, box.y + y);
      }
    }
    const report = page.locator('article.report[data-custom-area]');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.locator('.subtitle').innerText()).toContain('by drawing a shape');

    const response = await fetch(`${journey.base}/api/v1/custom-areas/profile`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ polygon: { type: 'Polygon', coordinates: [[...lngLats, lngLats[0]]] } }),
    });
    const reply = (await response.json()) as CustomProfileReply;
    expect(await report.getAttribute('data-custom-area')).toBe(String(reply.area.dataZones));
    expect(new URL(page.url()).searchParams.get('zones')!.split(' ')).toEqual(reply.area.members.map((m) => m.code).sort());
    await page.locator('.map-frame').scrollIntoViewIfNeeded();
    await screenshot(page, 'custom-area-drawn', false);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('adds zones by code from the keyboard, and shows the API’s plain message for an area too small', async () => {
    const { areas: zones } = await journey.api<AreaSearchReply>('/api/v1/areas?level=dz2011&limit=2');
    const page = await journey.open('/?view=area-profiles&mode=custom');
    const box = page.getByLabel('Add a data zone by its code');
    await box.waitFor({ timeout: 30_000 });
    await box.fill('not-a-code');
    await box.press('Enter');
    await page.locator('#zone-code-problem').waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await box.fill(`${zones[0]!.code}, ${zones[1]!.code.toLowerCase()}`);
    await box.press('Enter');
    await page.locator('[data-selected-count="2"]').waitFor();
    await page.getByRole('button', { name: 'Show the profile of 2 data zones' }).click();
    const problem = page.locator('[data-custom-problem]');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.innerText()).toMatch(/custom areas need at least 3/);
    expect(await problem.innerText()).toContain(zones[0]!.name);
    await expectAccessible(page);
    expect(page.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('embedding', () => {
  it('shows a profile framed in another page without the site chrome, with a credit line and the build id', async () => {
    const { areas } = await journey.api<AreaSearchReply>('/api/v1/areas?level=ward2017&limit=1');
    const ward = areas[0]!;
    const build = await journey.api<BuildReply>('/api/v1/build');

    // The page's own "Copy embed code" gives the snippet.
    const page = await journey.open(`/?view=area-profiles&level=ward2017&area=${ward.code}&theme=smarter`);
    await page.getByRole('button', { name: 'Copy embed code' }).click();
    const snippet = await page.getByLabel(/^Embed code for/).inputValue();
    expect(snippet).toMatch(/^<iframe src="[^"]+\/embed\/\?view=area-profiles&amp;level=ward2017&amp;area=S\d+&amp;theme=smarter&amp;embed=1" title="Area profile of /);
    const src = /src="([^"]+)"/.exec(snippet)![1]!.replace(/&amp;/g, '&');

    // Another site's page frames it.
    const host = await hostSite(`<h1>A community group's page</h1>${snippet}`);
    await page.goto(host.url);
    const frame = page.frameLocator('iframe');
    await frame.locator('[data-report="ready"] .theme[data-theme="smarter"]').waitFor({ timeout: 30_000 });
    expect(await frame.locator('.site-header, nav[aria-label="Main"], .site-footer').count()).toBe(0);
    expect(await frame.locator('.toolbar, .chooser').count()).toBe(0);
    expect(await frame.locator('.embed-credit [data-build-id]').innerText()).toBe(build.build.id);
    expect(await frame.locator('.embed-credit').innerText()).toContain(build.build.synthetic ? 'AreaLens — synthetic demo' : 'AreaLens');
    expect(await frame.getByRole('link', { name: /Open in AreaLens/ }).getAttribute('target')).toBe('_blank');
    expect(new URL(src).pathname).toBe('/embed/');
    await screenshot(page, 'area-profile-embedded');
    // The host's own favicon request is its business.
    expect(page.errors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
    await page.close();
    await host.close();
  });

  it('gives the Data Explorer map an embed code that frames the same map', async () => {
    const page = await journey.open('/?view=explorer&indicator=income_deprived_pct&level=ward2017');
    await page.locator('.map-frame[data-choropleth="painted"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Copy embed code' }).click();
    const snippet = await page.getByLabel(/^Embed code for/).inputValue();
    expect(snippet).toContain('/embed/?view=explorer&amp;indicator=income_deprived_pct&amp;level=ward2017&amp;embed=1');
    const host = await hostSite(snippet);
    await page.goto(host.url);
    const frame = page.frameLocator('iframe');
    await frame.locator('.map-frame[data-choropleth="painted"]').waitFor({ timeout: 30_000 });
    expect(await frame.locator('.finder').isVisible()).toBe(false);
    expect(await frame.locator('nav[aria-label="Main"]').count()).toBe(0);
    await screenshot(page, 'explorer-embedded', false);
    expect(page.errors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
    await page.close();
    await host.close();
  });
});
