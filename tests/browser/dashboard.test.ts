/**
 * The Dashboard in headless Chromium against the real server and the demo build: it opens on the
 * first of the demo's two councils, and its tiles, targets, triage and spend charts show the API's
 * figures.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaSearchReply } from '../../server/src/schemas/areas.ts';
import type { DispersionReply } from '../../server/src/schemas/inequality.ts';
import type { ProfileReply } from '../../server/src/schemas/profile.ts';
import type { SpendAgainstNeedReply, SpendByDeprivationReply } from '../../server/src/schemas/spend.ts';
import type { TargetsReply } from '../../server/src/schemas/targets.ts';
import type { TriageReply } from '../../server/src/schemas/triage.ts';
import { STATUS_WORDS } from '../../web/src/lib/dashboard/tiles.ts';
import { formatFigure } from '../../web/src/lib/format.ts';
import { describeViolations, screenshot, seriousViolations, startJourney, type Journey } from './harness.ts';

let journey: Journey;
beforeAll(async () => {
  journey = await startJourney();
});
afterAll(async () => {
  await journey?.close();
});

/** Pearson's r, worked here rather than taken from the page's own code. */
function pearson(xs: number[], ys: number[]): number | null {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const sxy = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  const syy = ys.reduce((sum, y) => sum + (y - my) ** 2, 0);
  return xs.length < 3 || sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('Dashboard', () => {
  it('opens on the council with tiles, targets, needs attention and spend by deprivation as the API gives them', async () => {
    const { areas } = await journey.api<AreaSearchReply>('/api/v1/areas?level=council&limit=1');
    const council = areas[0]!;

    const page = await journey.open('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    // No area asked for: the council's dashboard, written into the URL.
    await page.waitForURL((url) => url.searchParams.get('level') === 'council' && url.searchParams.get('area') === council.code);
    await page.getByRole('heading', { level: 2, name: council.name }).waitFor();

    // A tile per key indicator, with the API's latest value.
    const profile = await journey.api<ProfileReply>(`/api/v1/areas/council/${council.code}/profile`);
    const tiles = page.locator('article.tile');
    await tiles.first().waitFor({ timeout: 30_000 });
    expect(await tiles.count()).toBeGreaterThan(0);
    const code = (await tiles.first().getAttribute('data-indicator'))!;
    const indicator = profile.indicators.find((i) => i.code === code)!;
    expect(Number(await tiles.first().getAttribute('data-value'))).toBe(indicator.latest!.value);
    expect((await tiles.first().locator('.value').innerText()).trim()).toBe(formatFigure(indicator.latest!.value, indicator.unit));
    expect(await tiles.first().getByRole('img').count()).toBe(1);

    // Targets: each tile says its status in words, as the API decided it.
    const { targets } = await journey.api<TargetsReply>(`/api/v1/targets?level=council&area=${council.code}`);
    expect(targets.length).toBeGreaterThan(0);
    const target = targets[0]!;
    const line = page.locator(`article.tile[data-indicator="${target.indicator.code}"] li[data-status="${target.status}"]`);
    expect(await line.count()).toBeGreaterThan(0);
    expect(await line.first().innerText()).toContain(STATUS_WORDS[target.status]);

    // Needs attention: the council against Scotland, in the API's words.
    const triage = await journey.api<TriageReply>(`/api/v1/areas/council/${council.code}/triage?comparator=scotland`);
    await page.locator('[data-triage="ready"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-triage="ready"]').innerText()).toBe(triage.summary);

    // Spend per head in each of the ten SIMD deciles, as the API gives them.
    const deprivation = await journey.api<SpendByDeprivationReply>(`/api/v1/spend/by-deprivation?level=council&area=${council.code}`);
    const deciles = page.getByRole('list', { name: 'Spend per person by SIMD decile, most deprived first' }).locator('li[data-decile]');
    await deciles.first().waitFor({ timeout: 30_000 });
    expect(await deciles.count()).toBe(10);
    for (const band of deprivation.deciles) {
      expect(await deciles.nth(band.band - 1).getAttribute('data-per-head')).toBe(band.spendPerHead === null ? '' : String(band.spendPerHead));
    }
    const concentration = page.locator('[data-concentration]');
    expect(Number(await concentration.getAttribute('data-concentration'))).toBe(deprivation.concentrationIndex.value);
    expect(await concentration.innerText()).toMatch(deprivation.concentrationIndex.value! < 0 ? /more deprived areas/ : /less deprived areas/);

    // Spend beside need across the council's wards: one dot per ward of this council with a figure, and
    // the correlation over those wards (the API's own covers every ward of the build, both councils').
    const need = await journey.api<SpendAgainstNeedReply>('/api/v1/spend/against-need?level=ward2017&need=income_deprived_pct');
    const { children } = await journey.api<DispersionReply>(`/api/v1/areas/council/${council.code}/dispersion?indicator=income_deprived_pct&childLevel=ward2017`);
    const councilWards = new Set(children.map((c) => c.code));
    expect(councilWards.size).toBeGreaterThanOrEqual(3);
    expect(councilWards.size).toBeLessThan(need.areas.length);
    const paired = need.areas.filter((a) => councilWards.has(a.code) && !a.need.suppressed && a.spendPerHead !== null);
    const correlation = page.locator('p.correlation');
    await correlation.waitFor({ timeout: 30_000 });
    expect(Number(await correlation.getAttribute('data-pearson'))).toBeCloseTo(pearson(paired.map((a) => a.need.value!), paired.map((a) => a.spendPerHead!))!, 12);
    expect(await correlation.innerText()).toContain(`Across ${paired.length} multi-member wards (2017) in ${council.name}:`);
    expect(await page.locator('.scatter circle').count()).toBe(paired.length);

    await screenshot(page, 'dashboard');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflow(page)).toBe(0);
    await screenshot(page, 'dashboard-phone');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('sets spend beside need across every ward for the region total, with the API’s correlation', async () => {
    const { areas } = await journey.api<AreaSearchReply>('/api/v1/areas?level=scotland&limit=1');
    const total = areas[0]!;
    const page = await journey.open(`/?view=dashboard&level=scotland&area=${total.code}`);
    await page.getByRole('heading', { level: 2, name: total.name }).waitFor();
    const need = await journey.api<SpendAgainstNeedReply>('/api/v1/spend/against-need?level=ward2017&need=income_deprived_pct');
    const correlation = page.locator('p.correlation');
    await correlation.waitFor({ timeout: 30_000 });
    expect(Number(await correlation.getAttribute('data-pearson'))).toBe(need.correlation.pearson);
    expect(await page.locator('.scatter circle').count()).toBe(need.areas.filter((a) => !a.need.suppressed && a.spendPerHead !== null).length);

    // The region total has nothing above it to compare with: the API refuses triage (400) and the page gives its reason.
    const refused = page.locator('[data-triage="refused"]');
    await refused.waitFor({ timeout: 30_000 });
    const response = await fetch(`${journey.base}/api/v1/areas/scotland/${total.code}/triage?comparator=scotland`);
    expect(response.status).toBe(400);
    expect(await refused.innerText()).toBe(((await response.json()) as { message: string }).message);
    expect(page.errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.close();
  });

  it('follows a chosen ward and partner in the URL, and shows the API’s message when triage cannot answer', async () => {
    const { areas } = await journey.api<AreaSearchReply>('/api/v1/areas?level=ward2017&limit=3');
    const ward = areas[1]!;
    const page = await journey.open(`/?view=dashboard&level=ward2017&area=${ward.code}`);
    await page.getByRole('heading', { level: 2, name: ward.name }).waitFor();

    // A ward is compared with its council by default.
    const triage = await journey.api<TriageReply>(`/api/v1/areas/ward2017/${ward.code}/triage?comparator=council`);
    await page.locator('[data-triage="ready"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-triage="ready"]').innerText()).toBe(triage.summary);
    expect(await page.locator('ol.attention > li').count()).toBe(triage.indicators.length);

    // Choosing a partner is a URL change, and the deciles follow it.
    const partner = (await page.getByLabel('Partner', { exact: true }).locator('option').allInnerTexts()).find((text) => text !== 'All partners')!;
    await page.getByLabel('Partner', { exact: true }).selectOption({ label: partner });
    await page.waitForURL((url) => url.searchParams.get('partner') === partner);
    const deprivation = await journey.api<SpendByDeprivationReply>(`/api/v1/spend/by-deprivation?level=ward2017&area=${ward.code}&partner=${encodeURIComponent(partner)}`);
    const first = page.locator('li[data-decile="1"]');
    await expect.poll(async () => first.getAttribute('data-per-head'), { timeout: 30_000 }).toBe(deprivation.deciles[0]!.spendPerHead === null ? '' : String(deprivation.deciles[0]!.spendPerHead));
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('partner'));

    // A council compared with its own council: the API refuses (400) and the page gives its reason.
    const { areas: councils } = await journey.api<AreaSearchReply>('/api/v1/areas?level=council&limit=1');
    await page.goto(`${journey.base}/?view=dashboard&level=council&area=${councils[0]!.code}&against=council`);
    const refused = page.locator('[data-triage="refused"]');
    await refused.waitFor({ timeout: 30_000 });
    const response = await fetch(`${journey.base}/api/v1/areas/council/${councils[0]!.code}/triage?comparator=council`);
    expect(response.status).toBe(400);
    expect(await refused.innerText()).toBe(((await response.json()) as { message: string }).message);

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(page.errors.filter((e) => !e.includes('400'))).toEqual([]);
    await page.close();
  });
});
