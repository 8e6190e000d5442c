/**
 * The web app's weight and speed: built JavaScript gzipped (with and without MapLibre), what each
 * page actually loads, and the time from navigation to the first painted choropleth in headless
 * Chromium against the real server on the demo build. `npx tsx tests/bench/web.ts`; `npm run bench`
 * runs it too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startJourney, WEB_DIST } from '../browser/harness.ts';
import { line, ms } from './timing.ts';

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

const journey = await startJourney();
try {
  console.log('\nWeb app (web/dist, gzip -9)');
  const assets = join(WEB_DIST, 'assets');
  const scripts = readdirSync(assets).filter((f) => /\.m?js$/.test(f));
  const isWorker = (f: string) => f.startsWith('maplibre-gl-worker') && f.endsWith('.mjs');
  const isMapLibre = (f: string) => f.startsWith('maplibre-gl-') && !f.startsWith('maplibre-gl-worker');
  const sum = (files: string[]) => files.reduce((total, f) => total + gzipped(join(assets, f)), 0);
  const app = scripts.filter((f) => !isWorker(f) && !isMapLibre(f));
  const mapLibre = scripts.filter(isMapLibre);
  const worker = scripts.filter(isWorker);
  line(`app code without MapLibre (${app.length} chunks)`, kB(sum(app)));
  line('MapLibre GL (main thread chunk)', kB(sum(mapLibre)));
  line('MapLibre GL (worker)', kB(sum(worker)));
  line('all JavaScript', kB(sum(scripts)));

  const loadedBy = async (path: string, ready: string): Promise<number> => {
    const context = await journey.browser.newContext();
    const page = await context.newPage();
    const files = new Set<string>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/assets/') && /\.m?js$/.test(url.pathname)) files.add(url.pathname.slice('/assets/'.length));
    });
    await page.goto(journey.base + path);
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    await context.close();
    return sum([...files]);
  };
  line('loaded by the home page', kB(await loadedBy('/', '[data-build-id]')));
  line('loaded by the Data Explorer with a map (incl. worker)', kB(await loadedBy('/?view=explorer&indicator=income_deprived_pct&level=ward2017', '[data-choropleth="painted"]')));

  console.log('\nTime from navigation to first painted choropleth (headless Chromium, software WebGL, cold cache)');
  for (const level of ['ward2017', 'dz2011']) {
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const context = await journey.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // A different period each run keeps the browser's and the client's caches out of it.
      await page.goto(`${journey.base}/?view=explorer&indicator=income_deprived_pct&level=${level}&period=20${13 + run}%2F${14 + run}`);
      const frame = page.locator('.map-frame[data-choropleth="painted"]');
      await frame.waitFor({ timeout: 60_000 });
      times.push(Number(await frame.getAttribute('data-paint-ms')));
      await context.close();
    }
    times.sort((a, b) => a - b);
    line(`${level}: median of 5 (min–max)`, `${ms(times[2]!)} (${ms(times[0]!)}–${ms(times[4]!)})`);
  }
} finally {
  await journey.close();
}
