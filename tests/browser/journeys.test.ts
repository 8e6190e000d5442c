/**
 * User journeys in headless Chromium against the real server and the demo build. One server and
 * one browser serve every journey here: starting them is most of the cost.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaProfile, AreaSearchReply } from '../../server/src/schemas/areas.ts';
import type { BuildReply } from '../../server/src/schemas/build.ts';
import type { ValuesReply } from '../../server/src/schemas/values.ts';
import { formatCount, formatValue } from '../../web/src/lib/format.ts';
import { queryDatabase } from '../../etl/src/testing.ts';
import { DEMO_DATABASE, describeViolations, screenshot, seriousViolations, startJourney, type Journey } from './harness.ts';

let journey: Journey;
beforeAll(async () => {
  journey = await startJourney();
});
afterAll(async () => {
  await journey?.close();
});

/** Pixels the page is wider than the window: 0 when nothing forces sideways scrolling. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const painted = (key: string) => `.map-frame[data-choropleth="painted"][data-paint-key^="${key}"]`;

describe('home and the app shell', () => {
  it('says the data is synthetic, names the build and licence, links every function, and passes axe', async () => {
    const build = await journey.api<BuildReply>('/api/v1/build');
    const page = await journey.open('/');
    await page.locator('[data-build-id]').waitFor();
    expect(await page.locator('[data-build-id]').innerText()).toBe(build.build.id);
    if (build.build.synthetic) await page.getByText('Synthetic demo data — not real statistics').waitFor();
    await page.getByText('Contains public sector information licensed under the Open Government Licence v3.0').waitFor();
    for (const name of ['Quick Profile', 'Data Explorer', 'Area Profiles', 'Dashboard', 'Advanced Tables']) {
      expect(await page.locator('main').getByRole('link', { name: new RegExp(`^${name}`) }).count()).toBe(1);
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).count()).toBe(1);
    }
    await screenshot(page, 'home');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('works at phone width, skip link first; deep links and back/forward switch views without a reload', async () => {
    const page = await journey.open('/?view=tables', { width: 390, height: 844 });
    await page.getByRole('heading', { level: 1, name: 'Advanced Tables' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    expect(await overflow(page)).toBe(0);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'AreaLens' }).waitFor();
    await screenshot(page, 'home-phone');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Advanced Tables' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.close();
  });
});

describe('Data Explorer', () => {
  it('goes from home to a painted map whose table matches the API, with selection in the URL', async () => {
    const page = await journey.open('/');
    await page.locator('main').getByRole('link', { name: /^Data Explorer/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Data Explorer' }).waitFor();
    await page.getByLabel('Search indicators').fill('income deprived');
    await page.locator('[data-indicator="income_deprived_pct"]').click();
    expect(new URL(page.url()).searchParams.get('indicator')).toBe('income_deprived_pct');

    // The layer marks the map painted once MapLibre is idle after applying this indicator's colours.
    await page.locator(painted('income_deprived_pct|ward2017|')).waitFor({ timeout: 30_000 });
    const reply = await journey.api<ValuesReply>('/api/v1/indicators/income_deprived_pct/values?level=ward2017');
    const rows = page.locator('table.values-table tbody tr');
    expect(await rows.count()).toBe(reply.areas.length);
    const firstRow = rows.first();
    const code = await firstRow.getAttribute('data-code');
    const fromApi = reply.areas.find((a) => a.code === code)!;
    // Sorted by name until someone sorts otherwise.
    expect(fromApi.name).toBe([...reply.areas].sort((a, b) => a.name.localeCompare(b.name, 'en-GB', { numeric: true }))[0]!.name);
    expect(Number(await firstRow.getAttribute('data-value'))).toBe(fromApi.value);
    expect((await firstRow.locator('td.value').innerText()).trim()).toBe(formatValue(fromApi.value, reply.indicator.unit));

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Choosing an area (keyboard-reachable table button) is a URL change; back undoes it.
    await firstRow.getByRole('button').click();
    await page.waitForURL((url) => url.searchParams.get('area') === code);
    await page.locator('.selected-summary').waitFor();
    await page.getByRole('img', { name: /over time/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'explorer');
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('area') && url.searchParams.get('indicator') === 'income_deprived_pct');
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('area') === code);

    // A new period repaints by feature state and the table follows.
    await page.getByLabel('Period').selectOption('2015/16');
    await page.locator(painted('income_deprived_pct|ward2017|2015/16|')).waitFor({ timeout: 30_000 });
    const earlier = await journey.api<ValuesReply>('/api/v1/indicators/income_deprived_pct/values?level=ward2017&period=2015%2F16');
    expect(Number(await rows.first().getAttribute('data-value'))).toBe(earlier.areas.find((a) => a.code === code)!.value);

    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflow(page)).toBe(0);

    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describe('Quick Profile', () => {
  it('finds the ward holding a postcode', async () => {
    // Any live postcode of the demo, read from the database the server is serving.
    const postcode = (await queryDatabase<{ postcode: string }>(DEMO_DATABASE, 'SELECT postcode FROM postcode WHERE NOT deleted ORDER BY postcode LIMIT 1'))[0]?.postcode;
    const located = await journey.api<{ postcode: { postcode: string }; areas: { level: string; code: string; name: string }[] }>(`/api/v1/locate?postcode=${encodeURIComponent(postcode!)}`);
    const ward = located.areas.find((a) => a.level === 'ward2017')!;
    const page = await journey.open('/?view=quick-profile&level=ward2017');
    const search = page.getByRole('combobox', { name: 'Area name, code or postcode' });
    await search.fill(postcode!.replace(' ', '').toLowerCase());
    await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(ward.name)}`) }).waitFor();
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('area') === ward.code);
    await page.getByRole('heading', { level: 2, name: ward.name }).waitFor();
    expect(page.errors).toEqual([]);
  });

  it('finds a ward by name from the keyboard and shows its population as the API gives it', async () => {
    const { areas } = await journey.api<AreaSearchReply>('/api/v1/areas?level=ward2017&limit=5');
    const ward = areas.at(-1)!;

    const page = await journey.open('/');
    await page.locator('main').getByRole('link', { name: /^Quick Profile/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Quick Profile' }).waitFor();
    await page.getByLabel('Kind of area').selectOption('ward2017');

    const search = page.getByRole('combobox', { name: 'Area name, code or postcode' });
    await search.fill(ward.name.slice(0, Math.max(4, ward.name.length - 3)));
    await page.getByRole('option', { name: new RegExp(`^${escapeRegExp(ward.name)}`) }).waitFor();
    // Arrow down to the ward and choose it with Enter.
    const options = await page.getByRole('option').allInnerTexts();
    for (let i = 0; i < options.findIndex((text) => text.startsWith(ward.name)); i++) await search.press('ArrowDown');
    await search.press('Enter');

    await page.waitForURL((url) => url.searchParams.get('area') === ward.code);
    const area = await journey.api<AreaProfile>(`/api/v1/areas/ward2017/${ward.code}`);
    const population = page.locator('[data-population]');
    await population.waitFor();
    expect(await population.getAttribute('data-population')).toBe(String(area.population));
    expect((await population.innerText()).trim()).toBe(formatCount(area.population));
    expect(await page.getByRole('heading', { level: 2, name: ward.name }).count()).toBe(1);

    // The rest of the profile: summary, age bands, deprivation and the key indicators.
    await page.getByRole('table', { name: `Key indicators for ${ward.name}` }).waitFor({ timeout: 30_000 });
    await page.getByRole('list', { name: 'Share of people in each age band' }).waitFor();
    await page.locator('#simd-title ~ ul.bars').waitFor();
    expect(await page.locator('.summary li').count()).toBeGreaterThan(0);
    await screenshot(page, 'quick-profile');
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflow(page)).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('says plainly when an area does not exist', async () => {
    const page = await journey.open('/?view=quick-profile&level=ward2017&area=S13999999');
    await page.getByRole('alert').filter({ hasText: 'No Multi-member ward (2017) with code "S13999999"' }).waitFor();
    await page.close();
  });
});
