/**
 * Advanced Tables in headless Chromium against the real server and the demo build: choosing a
 * table, its figures against the API's, a CSV download captured and parsed, the virtual list and
 * the request surviving a reload.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TablesJsonReply } from '../../server/src/schemas/tables.ts';
import { COLUMNS } from '../../server/src/tables/columns.ts';
import { describeViolations, screenshot, seriousViolations, startJourney, type Journey } from './harness.ts';

let journey: Journey;
beforeAll(async () => {
  journey = await startJourney();
});
afterAll(async () => {
  await journey?.close();
});

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const TWO = ['income_deprived_pct', 'crimes_dishonesty_rate'];

describe('Advanced Tables', () => {
  it('builds a table of wards × two indicators that matches the API, sorts it, downloads it as CSV and copies its link', async () => {
    const page = await journey.open('/?view=tables');
    await page.getByRole('heading', { level: 1, name: 'Advanced Tables' }).waitFor();
    await page.getByLabel('Geography').selectOption('ward2017');

    // Find each indicator by a word of its title and tick it.
    await page.getByLabel('Search indicators').fill('income deprived');
    await page.locator(`input[data-indicator="${TWO[0]}"]`).check();
    await page.getByLabel('Search indicators').fill('dishonesty');
    await page.locator(`input[data-indicator="${TWO[1]}"]`).check();
    await page.waitForURL((url) => url.searchParams.get('indicators') === TWO.join(',') && url.searchParams.get('level') === 'ward2017');

    const reply = await journey.api<TablesJsonReply>(`/api/v1/tables?level=ward2017&indicators=${TWO.join(',')}&periods=latest&format=json`);
    const at = (name: string) => reply.columns.findIndex((c) => c.name === name);
    const rows = page.locator('.scroller tbody tr[data-row]');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.scroller').getAttribute('data-total-rows')).toBe(String(reply.rows.length));
    // Until someone sorts, rows come in the API's order.
    for (let i = 0; i < 5; i++) {
      const row = rows.nth(i);
      const api = reply.rows[i]!;
      expect(await row.getAttribute('data-code')).toBe(api[at('area_code')]);
      expect(await row.getAttribute('data-indicator')).toBe(api[at('indicator_code')]);
      expect(await row.getAttribute('data-period')).toBe(api[at('period')]);
      expect(Number(await row.getAttribute('data-value'))).toBe(api[at('value')]);
    }

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Sorting by value puts the largest first (the first click on a number sorts high to low), and the sort is in the URL.
    await page.getByRole('button', { name: /^Value/ }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'value' && url.searchParams.get('desc') === '1');
    const largest = Math.max(...reply.rows.filter((r) => r[at('suppressed')] === false).map((r) => r[at('value')] as number));
    await expect.poll(async () => Number(await rows.first().getAttribute('data-value'))).toBe(largest);
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);

    // The table comes back after a reload: the request is in the URL.
    await page.reload();
    await rows.first().waitFor({ timeout: 30_000 });
    expect(Number(await rows.first().getAttribute('data-value'))).toBe(largest);
    await screenshot(page, 'tables');

    // The download is the same request as a CSV, named by the server.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^arealens_ward2017_.*\.csv$/);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
    expect(csv[0]).toEqual(COLUMNS.map((c) => c.name));
    expect(csv.length - 1).toBe(reply.rows.length);
    const known = reply.rows[0]!;
    const line = csv.find((r) => r[0] === 'ward2017' && r[2] === known[at('area_code')] && r[4] === known[at('indicator_code')])!;
    expect(line[3]).toBe(known[at('area_name')]);
    expect(Number(line[8])).toBe(known[at('value')]);

    // XLSX and Arrow links ask for the same table.
    for (const format of ['xlsx', 'arrow']) {
      const href = await page.locator(`a[data-format="${format}"]`).getAttribute('href');
      expect(new URLSearchParams(href!.split('?')[1]).get('indicators')).toBe(TWO.join(','));
      expect(href).toMatch(new RegExp(`format=${format}$`));
    }

    // "Copy link" puts this view's address on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: journey.base });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('keeps only the rows in view in the DOM for every data zone, and gives the reason for a withheld figure', async () => {
    const indicator = 'violent_crime_rate';
    const reply = await journey.api<TablesJsonReply>(`/api/v1/tables?level=dz2011&indicators=${indicator}&periods=latest&format=json`);
    const page = await journey.open(`/?view=tables&level=dz2011&indicators=${indicator}`);
    const scroller = page.locator('.scroller');
    const rows = scroller.locator('tbody tr[data-row]');
    await rows.first().waitFor({ timeout: 30_000 });
    expect(await scroller.getAttribute('data-total-rows')).toBe(String(reply.rows.length));
    const inDom = await rows.count();
    expect(reply.rows.length).toBeGreaterThan(400);
    expect(inDom).toBeLessThan(reply.rows.length / 5);

    // Scrolled to the bottom, the last row is there and the DOM is still small.
    await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await page.locator(`tbody tr[aria-rowindex="${reply.rows.length + 1}"]`).waitFor();
    expect(await rows.count()).toBeLessThan(reply.rows.length / 5);

    // A withheld figure says why, on focus (and hover).
    const suppressed = reply.rows.filter((r) => r[reply.columns.findIndex((c) => c.name === 'suppressed')] === true);
    expect(suppressed.length).toBeGreaterThan(0);
    await page.goto(`${journey.base}/?view=tables&level=dz2011&indicators=${indicator}&sort=value`);
    await rows.first().waitFor({ timeout: 30_000 });
    await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight));
    const withheld = page.locator('.withheld').last();
    await withheld.waitFor();
    await withheld.focus();
    await page.locator('.tip').filter({ hasText: /^Small count/ }).waitFor();
    expect(await withheld.innerText()).toMatch(/^withheld/);
    await page.keyboard.press('Escape');
    await page.locator('.tip').waitFor({ state: 'detached' });

    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await overflow(page)).toBe(0);
    await screenshot(page, 'tables-phone');
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
