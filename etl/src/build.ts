import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { assignBestFitFromPolygons } from './bestFit.ts';
import { checkAcrossSources } from './checks.ts';
import { convertVintages } from './vintages.ts';
import { derivePopulationIndicators, deriveSimdIndicators, fillPopulationWeights } from './derive.ts';
import { openBuildDatabase } from './duckdb.ts';
import { IssueCollector } from './errors.ts';
import type { Manifest, SourceEntry } from './manifest.ts';
import { writeShapes } from './shapes.ts';
import { readBoundarySource } from './sources/boundaries.ts';
import { readCensusTable } from './sources/census.ts';
import { readCrosswalk } from './sources/crosswalk.ts';
import { readIndicators } from './sources/indicators.ts';
import { readAreaMembership, readSgDataZoneLookup } from './sources/lookup.ts';
import { readPopulationSingleYear } from './sources/population.ts';
import { readPostcodes } from './sources/postcodes.ts';
import { readSimdRanks } from './sources/simd.ts';
import { readSimdIndicators } from './sources/simdIndicators.ts';
import { readSpend } from './sources/spend.ts';
import { readTargets } from './sources/targets.ts';
import { ObservationBuffer, type Staging } from './staging.ts';
import { schemaSql, SCHEMA_VERSION, writeAreaPopulations, writeGeography, writeIndicators, writeOtherTables, writeParents, writePopulation, writeRuns } from './write.ts';

/** Sources are read in this order: the lookup defines the data zones everything else must use. */
const ORDER: SourceEntry['kind'][] = [
  'sg_dz_lookup', 'area_membership', 'derived_ward2022', 'derived_locality', 'dz_crosswalk', 'postcodes', 'boundaries',
  'population_single_year', 'simd_ranks', 'simd_indicators', 'census_table', 'indicators', 'spend', 'targets',
];

export interface BuildOptions {
  manifest: Manifest;
  /** Folder the manifest's paths are relative to. */
  baseDir: string;
  /** The database file to replace when the build succeeds. */
  out: string;
  log?: (line: string) => void;
  /** Called as each step starts, for progress bars: `done` steps of `total` are finished. */
  onStep?: (step: string, done: number, total: number) => void;
}

/** Steps after reading the sources: the checks, then the writes in buildDatabase. */
const CHECK_STEPS = 1;
const WRITE_STEPS = 5;

export interface BuildResult {
  buildId: string;
  out: string;
  seconds: number;
  dataZones: number;
  indicators: number;
  observations: number;
}

function newStaging(manifest: Manifest): Staging {
  return {
    label: manifest.label, synthetic: manifest.synthetic, issues: new IssueCollector(), dataZones: new Map(), levels: new Map(), boundaries: new Map(),
    simd: new Map(), population: new Map(), indicators: new Map(), observations: new ObservationBuffer(), spend: [], targets: [], postcodes: new Map(),
    crosswalk: [], runs: [], revisions: [], warnings: [],
  };
}

async function readSource(staging: Staging, entry: SourceEntry, path: (file: string) => string): Promise<void> {
  switch (entry.kind) {
    case 'sg_dz_lookup': return readSgDataZoneLookup(staging, path(entry.file));
    case 'area_membership': return readAreaMembership(staging, path(entry.file), { level: entry.level, label: entry.label, method: entry.method });
    case 'derived_ward2022':
      return readAreaMembership(staging, path(entry.file), { level: 'ward2022', method: 'derived_best_fit', allowExtra: true, columns: { dz: 'dz11_code', code: 'ward22_code', name: 'ward22_name' } });
    case 'derived_locality':
      return readAreaMembership(staging, path(entry.file), { level: 'locality', method: 'derived_best_fit', allowExtra: true, columns: { dz: 'dz11_code', code: 'locality_code_scotpho', name: 'locality_name' } });
    case 'boundaries': return readBoundarySource(staging, path(entry.file), entry.level, entry.codeProperty, entry.nameProperty);
    case 'simd_ranks': return readSimdRanks(staging, path(entry.file), entry.edition);
    case 'simd_indicators': return readSimdIndicators(staging, path(entry.file), entry.edition);
    case 'population_single_year': {
      const year = entry.year ?? Number(entry.file.match(/(19|20)\d{2}/)?.[0]);
      if (!year) return staging.issues.add({ file: entry.file, message: 'the population year is neither given in the manifest nor in the file name' });
      return readPopulationSingleYear(staging, path(entry.file), year);
    }
    case 'census_table': return readCensusTable(staging, path(entry.file), entry.table);
    case 'indicators': return readIndicators(staging, path(entry.metadata), entry.observations.map(path));
    case 'spend': return readSpend(staging, path(entry.file), { only: entry.onlyPartners, except: entry.exceptPartners });
    case 'targets': return readTargets(staging, path(entry.file));
    case 'postcodes': return readPostcodes(staging, path(entry.file));
    case 'dz_crosswalk': return readCrosswalk(staging, path(entry.file), entry.from, entry.to);
  }
}

/** Reads every source and runs every check; throws EtlCheckError listing all problems found. */
export async function stageSources(options: Pick<BuildOptions, 'manifest' | 'baseDir' | 'log' | 'onStep'>, writeSteps = 0): Promise<Staging> {
  const { manifest, baseDir, log = () => {}, onStep = () => {} } = options;
  const staging = newStaging(manifest);
  const entries = [...manifest.sources].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const path = (file: string) => resolve(baseDir, file);
  for (const [i, entry] of entries.entries()) {
    const file = 'file' in entry ? entry.file : entry.metadata;
    if (!ORDER.includes(entry.kind)) {
      staging.issues.add({ file: 'manifest', message: `source ${i + 1} has unknown kind "${(entry as { kind: string }).kind}" (known: ${ORDER.join(', ')})` });
      continue;
    }
    const missing = ('file' in entry ? [entry.file] : [entry.metadata, ...entry.observations]).filter((f) => !existsSync(path(f)));
    if (missing.length > 0) {
      for (const f of missing) staging.issues.add({ file: f, message: `file not found (looked in ${baseDir})` });
      continue;
    }
    onStep(`Reading ${basename(file)}`, i, entries.length + CHECK_STEPS + writeSteps);
    const t0 = performance.now();
    const before = staging.runs.length;
    await readSource(staging, entry, path);
    const rows = staging.runs.slice(before).reduce((n, r) => n + r.rowsLoaded, 0);
    log(`[${i + 1}/${entries.length}] ${entry.kind.padEnd(22)} ${file}: ${rows.toLocaleString('en-GB')} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  onStep('Checking every source together', entries.length, entries.length + CHECK_STEPS + writeSteps);
  assignBestFitFromPolygons(staging);
  staging.issues.throwIfAny();
  derivePopulationIndicators(staging);
  deriveSimdIndicators(staging);
  fillPopulationWeights(staging);
  checkAcrossSources(staging);
  staging.issues.throwIfAny();
  return staging;
}

/** The build id: a digest of the schema and of every input file's checksum. */
export function buildIdFor(staging: Staging): string {
  const hash = createHash('sha256').update(`schema ${SCHEMA_VERSION}\n${schemaSql()}\n`);
  for (const run of [...staging.runs].sort((a, b) => a.file.localeCompare(b.file) || a.kind.localeCompare(b.kind))) hash.update(`${run.kind} ${run.file} ${run.checksum}\n`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Reads, checks and writes a new database. The new file is written beside the old one and
 * renamed over it only when everything has passed, so a failed build leaves the last good
 * database serving.
 */
export async function buildDatabase(options: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const log = options.log ?? (() => {});
  const staging = await stageSources(options, WRITE_STEPS);
  const total = options.manifest.sources.length + CHECK_STEPS + WRITE_STEPS;
  const step = (n: number, what: string) => options.onStep?.(what, total - WRITE_STEPS + n, total);
  const buildId = buildIdFor(staging);
  const conversions = convertVintages(staging);
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  const temp = `${out}.building-${process.pid}`;
  rmSync(temp, { force: true });
  rmSync(`${temp}.wal`, { force: true });
  try {
    const db = await openBuildDatabase(temp);
    try {
      step(0, 'Writing the geography');
      await db.run(schemaSql());
      const ids = await writeGeography(db, staging);
      await writePopulation(db, staging, ids);
      await writeParents(db, staging);
      await writeAreaPopulations(db);
      step(1, 'Drawing the map shapes of every level');
      await writeShapes(db, staging, ids, log);
      step(2, 'Writing indicators and observations');
      await writeIndicators(db, staging, ids, buildId, conversions);
      step(3, 'Writing spend, targets and postcodes');
      await writeOtherTables(db, staging, ids, buildId);
      await writeRuns(db, staging, buildId);
      const seconds = (performance.now() - t0) / 1000;
      await db.run(`INSERT INTO build VALUES ($1, $2::TIMESTAMP, $3, $4, $5, $6)`, [buildId, new Date().toISOString().replace('Z', ''), staging.label, staging.synthetic, SCHEMA_VERSION, seconds]);
      step(4, 'Saving the new database');
    } finally {
      await db.close();
    }
    renameSync(temp, out);
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}.wal`, { force: true });
  }
  const seconds = (performance.now() - t0) / 1000;
  log(`Built ${out} (build ${buildId}) in ${seconds.toFixed(1)} s: ${staging.dataZones.get('dz2011')?.size ?? 0} data zones, ${staging.indicators.size} indicators, ${staging.observations.length.toLocaleString('en-GB')} observations`);
  return { buildId, out, seconds, dataZones: staging.dataZones.get('dz2011')?.size ?? 0, indicators: staging.indicators.size, observations: staging.observations.length };
}
