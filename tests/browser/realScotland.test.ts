/**
 * Journeys on real Scotland, the build `npm start` serves (from data/scotland): labelled as real
 * official data with each publisher named, and with the SIMD editions' two or three time points
 * the Dashboard's trends and "needs attention" have something to show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildReply } from '../../server/src/schemas/build.ts';
import type { TriageReply } from '../../server/src/schemas/triage.ts';
import { describeViolations, screenshot, seriousViolations, startJourney, type Journey } from './harness.ts';

let journey: Journey;
beforeAll(async () => {
  journey = await startJourney('scotland');
});
afterAll(async () => {
  await journey?.close();
});

describe('real Scotland', () => {
  it('says on every page that the data are real and official, and names each publisher and the licence', async () => {
    const build = await journey.api<BuildReply>('/api/v1/build');
    const page = await journey.open('/');
    const note = page.locator('.official-note');
    await note.waitFor();
    expect(await note.innerText()).toMatch(/Real official data[\s\S]*Scottish Government, National Records of Scotland, Public Health Scotland and Ordnance Survey/);
    expect(await page.locator('[data-synthetic="true"]').count()).toBe(0);
    await page.locator('[data-attributions] summary').click();
    const lines = await page.locator('[data-attributions] li').allInnerTexts();
    expect(lines).toEqual(build.attributions);
    expect(lines.some((l) => l.startsWith('Ordnance Survey: Code-Point Open. Contains OS data © Crown copyright'))).toBe(true);
    expect(page.errors).toEqual([]);
  });

  it("shows Fife's Dashboard with trends over the SIMD editions and a verdict on what needs attention", async () => {
    const page = await journey.open('/?view=dashboard&level=council&area=S12000047');
    await page.getByRole('heading', { level: 2, name: 'Fife' }).waitFor();
    const tiles = page.locator('article.tile');
    await tiles.first().waitFor({ timeout: 30_000 });
    expect(await tiles.count()).toBeGreaterThanOrEqual(8);
    // Most key indicators now have two or three periods: a line, not a single point.
    const lines = await page.locator('article.tile svg.sparkline polyline, article.tile svg.sparkline path').count();
    expect(lines).toBeGreaterThanOrEqual(6);
    const deprived = page.locator('article.tile[data-indicator="simd_most_deprived_10pc_pct"]');
    expect(await deprived.innerText()).toMatch(/2012[\s\S]*2020/);

    // What needs attention now has indicators with two periods to test, as the API counts them.
    const triage = await journey.api<TriageReply>('/api/v1/areas/council/S12000047/triage?comparator=scotland');
    expect(triage.counts.tested).toBeGreaterThanOrEqual(3);
    const attention = page.locator('section[aria-labelledby="needs-attention"]');
    await attention.getByText(triage.summary).waitFor({ timeout: 30_000 });
    await screenshot(page, 'real-dashboard-fife');
    expect(describeViolations(await seriousViolations(page))).toBe('');
  });

  it('finds an area by a postcode only Code-Point Open knows, and profiles it', async () => {
    const located = await journey.api<{ areas: { level: string; code: string; name: string }[] }>('/api/v1/locate?postcode=KY1%201AB');
    const ward = located.areas.find((a) => a.level === 'ward2022')!;
    expect(ward.name).toBe('Kirkcaldy Central');
    const page = await journey.open('/?view=quick-profile&level=ward2022');
    const search = page.getByRole('combobox', { name: 'Area name, code or postcode' });
    await search.fill('ky11ab');
    await page.getByRole('option', { name: /^Kirkcaldy Central/ }).waitFor();
    // The page says the postcode was placed by its centroid, so approximately.
    expect(await page.locator('[data-postcode-placement]').innerText()).toMatch(/^KY1 1AB: Placed in a data zone by its Code-Point Open centroid.*neighbouring zone/);
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('area') === ward.code);
    await page.getByRole('heading', { level: 2, name: ward.name }).waitFor();
    await page.getByText(/Working out the profile/).waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(page, 'real-quick-profile-postcode');
    expect(page.errors).toEqual([]);
  });
});
