/**
 * The synthetic demo region: `writeDemoSources(dir)` writes every source file of a fictional
 * region of two councils, Firthshire and a smaller neighbour, in the layouts of the real Scottish
 * files and the partner templates, plus the manifest that names them. The same seed always gives
 * byte-identical files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest, SourceEntry } from '../manifest.ts';
import { Denominators } from './denominators.ts';
import { deprivationSurface } from './deprivation.ts';
import { covariates, generateIndicators, indicatorsCsv, observationsCsv } from './indicators.ts';
import { boundariesGeoJson, membershipCsv, sgLookupCsv } from './lookups.ts';
import { growPopulation, populationCsv } from './population.ts';
import { makePostcodes, postcodesCsv } from './postcodes.ts';
import { simdEditions, simdRanksCsv } from './simd.ts';
import { simdIndicatorRows, simdIndicatorsCsv } from './simdIndicators.ts';
import { councilPartners, generateSpend, spendCsv } from './spend.ts';
import { targetsCsv } from './targets.ts';
import { buildWorld } from './world.ts';

export const DEMO_LABEL = 'Synthetic demo region';
export const DEFAULT_SEED = 20201;

/** Everything the demo writes, by file name, with the manifest entries that describe it. */
export function buildDemoFiles(seed = DEFAULT_SEED): { files: Map<string, string>; manifest: Manifest } {
  const world = buildWorld(seed);
  const { geography, settlements, rng } = world;
  const codes = geography.dataZones.map((z) => z.code);
  const deprivation = deprivationSurface(geography, settlements, rng.fork('deprivation'));
  const population = growPopulation(geography, settlements, deprivation, rng.fork('population'));
  const { simd2020, simd2016 } = simdEditions(deprivation, geography, population, rng.fork('simd'));
  const denominators = new Denominators(population, geography);
  const cov = covariates(geography, population, deprivation.latent);
  const indicators = generateIndicators(denominators, cov, codes.length, rng.fork('indicators'));
  const postcodes = makePostcodes(geography, rng.fork('postcodes'));
  const spend = generateSpend(denominators, cov, codes, postcodes, councilPartners(geography), rng.fork('spend'));

  const files = new Map<string, string>();
  const sources: SourceEntry[] = [];
  const add = (file: string, text: string, entry?: SourceEntry) => {
    files.set(file, text);
    if (entry) sources.push(entry);
  };

  add('lookup_dz.csv', sgLookupCsv(geography), { kind: 'sg_dz_lookup', file: 'lookup_dz.csv' });
  add('boundaries_dz.geojson', boundariesGeoJson(geography), { kind: 'boundaries', level: 'dz2011', file: 'boundaries_dz.geojson', codeProperty: 'DataZone', nameProperty: 'Name' });
  add('membership_locality.csv', membershipCsv(geography, geography.localities, geography.localityOf), {
    kind: 'area_membership', level: 'locality', file: 'membership_locality.csv', label: 'HSCP locality', method: 'published_best_fit',
  });
  add('membership_chp.csv', membershipCsv(geography, geography.chps, geography.chpOf), {
    kind: 'area_membership', level: 'chp', file: 'membership_chp.csv', label: 'Community Health Partnership', method: 'nested',
  });
  add('membership_community_council.csv', membershipCsv(geography, geography.communityCouncils, geography.communityCouncilOf), {
    kind: 'area_membership', level: 'community_council', file: 'membership_community_council.csv', label: 'Community council area', method: 'published_best_fit',
  });
  for (const year of population.years) {
    const file = `population_${year}.csv`;
    add(file, populationCsv(population, year, codes), { kind: 'population_single_year', year, file });
  }
  add('simd_ranks.csv', simdRanksCsv(simd2020, codes), { kind: 'simd_ranks', edition: simd2020.edition, file: 'simd_ranks.csv' });
  add('simd2016_ranks.csv', simdRanksCsv(simd2016, codes), { kind: 'simd_ranks', edition: simd2016.edition, file: 'simd2016_ranks.csv' });
  add('simd_indicators.csv', simdIndicatorsCsv(simdIndicatorRows(simd2020, geography, settlements, population, rng.fork('simd-indicators'))), {
    kind: 'simd_indicators', edition: simd2020.edition, file: 'simd_indicators.csv',
  });
  add('indicators.csv', indicatorsCsv(indicators));
  add('observations.csv', observationsCsv(indicators, codes), { kind: 'indicators', metadata: 'indicators.csv', observations: ['observations.csv'] });
  add('spend.csv', spendCsv(spend), { kind: 'spend', file: 'spend.csv' });
  add('targets.csv', targetsCsv(indicators, geography, deprivation.latent), { kind: 'targets', file: 'targets.csv' });
  add('postcodes.csv', postcodesCsv(postcodes, geography, settlements, simd2016), { kind: 'postcodes', file: 'postcodes.csv' });

  return { files, manifest: { label: DEMO_LABEL, synthetic: true, sources } };
}

/** Writes the demo's source files and manifest.json into `dir` (created if needed). */
export async function writeDemoSources(dir: string, seed = DEFAULT_SEED): Promise<Manifest> {
  const { files, manifest } = buildDemoFiles(seed);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of files) await writeFile(join(dir, name), text, 'utf8');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  return manifest;
}
