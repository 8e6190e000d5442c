/**
 * Times reading Scotland's 6,976 data zones and dissolving them into the 354 (2017) multi-member
 * wards and 32 councils of the SG lookup, then compares the results with the separately
 * published ward and council boundaries. Run: npx tsx geographies/bench/dissolve.ts [runs]
 */
import { gzipSync } from 'node:zlib';
import { area as turfArea, booleanPointInPolygon } from '@turf/turf';
import { readBoundaries } from '../src/boundaries.ts';
import { buildLevelShapes, type LevelShapes } from '../src/dissolve.ts';
import { polygonParts } from '../src/rings.ts';
import { hasRealData, REAL_DATA_DIR, realFile } from '../src/testing/paths.ts';
import { membershipFromLookup, readCsvRecords } from '../src/testing/sgLookup.ts';

if (!hasRealData) {
  console.error(`Real data folder ${REAL_DATA_DIR} not found: nothing to time.`);
  process.exit(1);
}

const runs = Math.max(1, Number(process.argv[2] ?? 3));
const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;

const lookup = await readCsvRecords(realFile('lookups/datazone2011_lookup_sg.csv'));
const wards = membershipFromLookup('ward2017', lookup, { dataZone: 'DZ2011_Code', code: 'MMWard_Code', name: 'MMWard_Name' });
const councils = membershipFromLookup('council', lookup, { dataZone: 'DZ2011_Code', code: 'LA_Code', name: 'LA_Name' });

let result: ReturnType<typeof buildLevelShapes> | undefined;
for (let run = 1; run <= runs; run++) {
  let start = performance.now();
  const { features } = await readBoundaries(realFile('boundaries/dz2011_scotland_wgs84_simplified.geojson'), {
    codeProperty: 'dz11_code',
    nameProperty: 'dz11_name',
  });
  const read = ms(start);
  start = performance.now();
  buildLevelShapes(features, []);
  const dataZonesOnly = ms(start);
  start = performance.now();
  result = buildLevelShapes(features, [wards, councils]);
  console.log(
    `run ${run}: read ${features.length} data zones ${read}; ` +
      `shapes of the data zones alone ${dataZonesOnly}; ` +
      `with ${wards.dataZones.size} wards + ${councils.dataZones.size} councils dissolved too ${ms(start)}`,
  );
}

const levels = result!.levels;
console.log('\nlevel       areas  points(full)  points(simplified)  topojson      gzipped');
for (const level of levels.values()) {
  const points = (key: 'geometry' | 'simplified') =>
    [...level.areas.values()].reduce((sum, area) => sum + polygonParts(area[key]).flat(2).length, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `${level.key.padEnd(10)} ${String(level.areas.size).padStart(6)} ${String(points('geometry')).padStart(13)} ${String(points('simplified')).padStart(19)}` +
      `  ${kb(level.topojson.length).padStart(8)} ${kb(gzipSync(level.topojson).length).padStart(12)}`,
  );
}
for (const [key, coverage] of result!.coverage) {
  const counts = Object.entries(coverage).map(([name, codes]) => `${name} ${codes.length}`);
  console.log(`coverage ${key}: ${counts.join(', ')}`);
}

/** How the dissolved areas compare with the boundaries published for the level itself. */
async function compare(level: LevelShapes, file: string, codeProperty: string): Promise<void> {
  const { features } = await readBoundaries(realFile(file), { codeProperty });
  const published = new Map(features.map((f) => [f.code, f.geometry]));
  let inside = 0;
  const ratios: number[] = [];
  for (const area of level.areas.values()) {
    const geometry = published.get(area.code);
    if (!geometry) continue;
    if (booleanPointInPolygon(area.centroid, geometry)) inside++;
    ratios.push(turfArea(geometry) / 1e6 / area.areaKm2);
  }
  ratios.sort((a, b) => a - b);
  const pct = (r: number) => `${((r - 1) * 100).toFixed(1)}%`;
  console.log(
    `${level.key}: ${ratios.length}/${level.areas.size} codes in ${file}; dissolved centroid inside the published polygon for ${inside}; ` +
      `published/dissolved area: min ${pct(ratios[0]!)}, median ${pct(ratios[ratios.length >> 1]!)}, max ${pct(ratios[ratios.length - 1]!)}`,
  );
}
console.log('');
await compare(levels.get('ward2017')!, 'boundaries/wards2017_scotland_wgs84_simplified.geojson', 'ward21_code');
await compare(levels.get('council')!, 'boundaries/council_areas_2019_scotland_wgs84_simplified.geojson', 'ca_code');
