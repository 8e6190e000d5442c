/**
 * How fast the server cuts vector tiles from the real build: for each level, the cold index build
 * (reading the shapes, then geojson-vt), then ~200 tiles at zooms 6–12 over Fife, cut cold (the
 * first request for each) and again warm (geojson-vt keeps what it cut; the MVT is encoded anew),
 * and the same tiles through a fresh app with inject(), as a client would see them.
 *
 *   npx tsx tests/bench/tiles.ts [levels…]        (default: ward2022 dz2011)
 *
 * Builds /tmp/real.duckdb from data/scotland first when it is missing (about 15 s); set
 * REAL_DB to use another file.
 */
import { gzipSync } from 'node:zlib';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase } from '../../server/src/db.ts';
import { listAreaShapes, type Bounds } from '../../server/src/queries/shapes.ts';
import { buildTileIndex, encodeTile } from '../../server/src/tiles/tileIndex.ts';
import { realDatabase } from './realBuild.ts';

const DATABASE = realDatabase('/tmp/real.duckdb');
const LEVELS = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['ward2022', 'dz2011'];
const ZOOMS = [6, 7, 8, 9, 10, 11, 12];
const TILE_COUNT = 200;


/** Every tile over the box at each zoom, then thinned evenly (keeping every zoom) to about `count`. */
function tilesOver([west, south, east, north]: Bounds, zooms: number[], count: number): { z: number; x: number; y: number }[] {
  const column = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
  const row = (lat: number, z: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
  const all = zooms.flatMap((z) => {
    const tiles = [];
    for (let x = column(west, z); x <= column(east, z); x++) for (let y = row(north, z); y <= row(south, z); y++) tiles.push({ z, x, y });
    return tiles;
  });
  if (all.length <= count) return all;
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]!);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function summary(label: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return `${label.padEnd(34)} p50 ${ms(percentile(sorted, 50)).padStart(9)}   p99 ${ms(percentile(sorted, 99)).padStart(9)}   max ${ms(sorted.at(-1)!).padStart(9)}   total ${ms(total)}`;
}

async function main(): Promise<void> {
  const db = await openDatabase(DATABASE);
  const [fife] = await db.query<{ w: number; s: number; e: number; n: number }>(
    `SELECT bbox_west AS w, bbox_south AS s, bbox_east AS e, bbox_north AS n FROM area WHERE level_key = 'council' AND name = 'Fife'`);
  if (!fife) throw new Error(`${DATABASE} has no council called Fife`);
  const tiles = tilesOver([fife.w, fife.s, fife.e, fife.n], ZOOMS, TILE_COUNT);
  const perZoom = ZOOMS.map((z) => `z${z}:${tiles.filter((t) => t.z === z).length}`).join(' ');
  console.log(`${DATABASE}: ${tiles.length} tiles over Fife (${perZoom}); Node ${process.version}\n`);

  for (const level of LEVELS) {
    const t0 = performance.now();
    const shapes = await listAreaShapes(db, level);
    const t1 = performance.now();
    const index = buildTileIndex(shapes);
    const t2 = performance.now();
    console.log(`${level}: ${shapes.length} shapes; cold index: query ${ms(t1 - t0)} + geojson-vt ${ms(t2 - t1)} = ${ms(t2 - t0)}; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);

    const cold: number[] = [];
    const warm: number[] = [];
    const gzip: number[] = [];
    const sizes: number[] = [];
    const gzipped: number[] = [];
    let empty = 0;
    for (const { z, x, y } of tiles) {
      const a = performance.now();
      const tile = encodeTile(index, level, z, x, y);
      cold.push(performance.now() - a);
      if (!tile) {
        empty++;
        continue;
      }
      sizes.push(tile.byteLength);
      const b = performance.now();
      gzipped.push(gzipSync(tile).byteLength);
      gzip.push(performance.now() - b);
    }
    for (const { z, x, y } of tiles) {
      const a = performance.now();
      encodeTile(index, level, z, x, y);
      warm.push(performance.now() - a);
    }
    sizes.sort((a, b) => a - b);
    gzipped.sort((a, b) => a - b);
    console.log(`  ${summary('cut + encode, first time', cold)}`);
    console.log(`  ${summary('cut + encode, again', warm)}`);
    console.log(`  ${summary('gzip', gzip)}`);
    console.log(`  tile size p50 ${kb(percentile(sizes, 50))} (gzipped ${kb(percentile(gzipped, 50))}), max ${kb(sizes.at(-1)!)} (gzipped ${kb(gzipped.at(-1)!)}); ${empty} of ${tiles.length} tiles empty (204)`);

    // A fresh app, as a server sees it after a restart: its first tile request builds the index.
    const app = await buildApp({ ...loadConfig({ DATABASE, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }), webDist: null });
    await app.ready();
    try {
      const served: number[] = [];
      let first = 0;
      for (const [i, { z, x, y }] of tiles.entries()) {
        const a = performance.now();
        const response = await app.inject({ method: 'GET', url: `/tiles/${level}/${z}/${x}/${y}.pbf`, headers: { 'accept-encoding': 'gzip' } });
        const elapsed = performance.now() - a;
        if (response.statusCode !== 200 && response.statusCode !== 204) throw new Error(`${response.statusCode} for ${level} ${z}/${x}/${y}: ${response.body}`);
        if (i === 0) first = elapsed;
        else served.push(elapsed);
      }
      console.log(`  ${summary('inject(), gzip, after the first', served)}   (first request, building the index: ${ms(first)})\n`);
    } finally {
      await app.close();
    }
  }
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
