import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAreaSums } from './areaSums.ts';
import { assignBestFitFromPolygons } from './bestFit.ts';
import { checkAcrossSources } from './checks.ts';
import { convertVintages } from './vintages.ts';
import { derivePopulationIndicators, deriveSimdIndicators, observationContext, populationTotals } from './derive.ts';
import { createPolygonIndex } from '../../geographies/src/pointIndex.ts';
import { openBuildDatabase } from './duckdb.ts';
import { IssueCollector } from './errors.ts';
import type { Manifest, SourceEntry, UnreadFile } from './manifest.ts';
import { writeShapes } from './shapes.ts';
import { readBoundarySource } from './sources/boundaries.ts';
import { readCensusTable } from './sources/census.ts';
import { readCrosswalk, readDz2001Lookup } from './sources/crosswalk.ts';
import { readIndicators } from './sources/indicators.ts';
import { fileChecksum } from './sources/context.ts';
import { compareAreaMembership, readAreaMembership, readSgDataZone2022Lookup, readSgDataZoneLookup } from './sources/lookup.ts';
import { checkPopulationTotals, readPopulationCheck, readPopulationSingleYear, readPopulationTotal } from './sources/population.ts';
import { placePostcodeCentroids, readCodePoint, readPostcodes } from './sources/postcodes.ts';
import { readSimdRanks } from './sources/simd.ts';
import { readSimdIndicators } from './sources/simdIndicators.ts';
import { readSpend } from './sources/spend.ts';
import { readTargets } from './sources/targets.ts';
import { ObservationStore } from './observations.ts';
import type { Staging } from './staging.ts';
import { schemaSql, SCHEMA_VERSION, writeAreaPopulations, writeGeography, writeIndicators, writeOtherTables, writeParents, writePopulation, writeRuns } from './write.ts';

/** Sources are read in this order: the lookup defines the data zones everything else must use. */
const ORDER: SourceEntry['kind'][] = [
  'sg_dz_lookup', 'sg_dz2022_lookup', 'area_membership', 'derived_ward2022', 'derived_locality', 'area_check', 'dz_crosswalk', 'dz2001_lookup',
  'postcodes', 'codepoint', 'boundaries', 'population_single_year', 'population_total', 'population_check', 'simd_ranks', 'simd_indicators',
  'census_table', 'indicators', 'spend', 'targets',
];

/**
 * Within a kind, sources keep the manifest's order, except that editions are read newest first:
 * the newest lookup gives the names and the levels it carries, and the newest SIMD indicator
 * file the indicators' metadata (older editions add their periods).
 */
function readingOrder(a: SourceEntry, b: SourceEntry): number {
  const byKind = ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  const edition = (e: SourceEntry) => (e.kind === 'sg_dz_lookup' ? (e.edition ?? '') : e.kind === 'simd_indicators' ? e.edition : '');
  return edition(b).localeCompare(edition(a));
}

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

/** DuckDB's memory once the fact table is sorted and summed: the rest of the writes are small. */
const AFTER_SUMS_MEMORY_LIMIT = '256MB';

/** Steps after reading the sources: the checks, then the writes in buildDatabase. */
const CHECK_STEPS = 1;
const WRITE_STEPS = 5;

export interface BuildResult {
  buildId: string;
  out: string;
  seconds: number;
  dataZones: number;
  dataZones2022: number;
  levels: number;
  indicators: number;
  observations: number;
  periods: number;
  postcodes: number;
  /** Files of the folder that were not read, with the reason. */
  unread: UnreadFile[];
}

async function newStaging(manifest: Manifest, spillFile: string): Promise<Staging> {
  const staging: Staging = {
    label: manifest.label, synthetic: manifest.synthetic || manifest.sources.some((s) => s.synthetic === true), syntheticFiles: new Set(), issues: new IssueCollector(), dataZones: new Map(), levels: new Map(), boundaries: new Map(),
    simd: new Map(), population: new Map(), populationTotals: new Map(), populationChecks: [], simd2001: new Map(), dz2001To2011: null, postcodeCentroids: null,
    indicators: new Map(), observations: null!, spend: [], targets: [], postcodes: new Map(), crosswalk: [], runs: [], revisions: [], warnings: [],
  };
  staging.observations = await ObservationStore.spilling(observationContext(staging), spillFile);
  return staging;
}

/** Reads one source; `synthetic` is the source's own flag (else the manifest's), for the readers that label their figures. */
async function readSource(staging: Staging, entry: SourceEntry, path: (file: string) => string, synthetic: boolean): Promise<void> {
  switch (entry.kind) {
    case 'sg_dz_lookup': return readSgDataZoneLookup(staging, path(entry.file), entry.edition);
    case 'sg_dz2022_lookup': return readSgDataZone2022Lookup(staging, path(entry.file));
    case 'area_check': return compareAreaMembership(staging, path(entry.file), entry.level, entry.columns);
    case 'dz2001_lookup': return readDz2001Lookup(staging, path(entry.file));
    case 'codepoint': return readCodePoint(staging, path(entry.file));
    case 'population_total': return readPopulationTotal(staging, path(entry.file), entry.year);
    case 'population_check': return readPopulationCheck(staging, path(entry.file), entry.level, entry.year);
    case 'area_membership': return readAreaMembership(staging, path(entry.file), { level: entry.level, label: entry.label, method: entry.method });
    case 'derived_ward2022':
      return readAreaMembership(staging, path(entry.file), { level: 'ward2022', method: 'derived_best_fit', allowExtra: true, columns: { dz: 'dz11_code', code: 'ward22_code', name: 'ward22_name' } });
    case 'derived_locality':
      return readAreaMembership(staging, path(entry.file), { level: 'locality', method: 'derived_best_fit', allowExtra: true, columns: { dz: 'dz11_code', code: 'locality_code_scotpho', name: 'locality_name' } });
    case 'boundaries': return readBoundarySource(staging, path(entry.file), entry.level, entry.codeProperty, entry.nameProperty);
    case 'simd_ranks': return readSimdRanks(staging, path(entry.file), entry.edition, entry.vintage);
    case 'simd_indicators': return readSimdIndicators(staging, path(entry.file), entry.edition, synthetic);
    case 'population_single_year': {
      const year = entry.year ?? Number(entry.file.match(/(19|20)\d{2}/)?.[0]);
      if (!year) return staging.issues.add({ file: entry.file, message: 'the population year is neither given in the manifest nor in the file name' });
      return readPopulationSingleYear(staging, path(entry.file), year);
    }
    case 'census_table': return readCensusTable(staging, path(entry.file), entry.table, synthetic);
    case 'indicators': return readIndicators(staging, path(entry.metadata), entry.observations.map(path), synthetic);
    case 'spend': return readSpend(staging, path(entry.file), { only: entry.onlyPartners, except: entry.exceptPartners });
    case 'targets': return readTargets(staging, path(entry.file));
    case 'postcodes': return readPostcodes(staging, path(entry.file));
    case 'dz_crosswalk': return readCrosswalk(staging, path(entry.file), entry.from, entry.to);
  }
}

/** Reads every source and runs every check; throws EtlCheckError listing all problems found. */
export async function stageSources(options: Pick<BuildOptions, 'manifest' | 'baseDir' | 'log' | 'onStep'> & { spillFile?: string }, writeSteps = 0): Promise<Staging> {
  const spillFile = options.spillFile ?? join(tmpdir(), `arealens-observations-${process.pid}-${randomBytes(6).toString('hex')}.duckdb`);
  const staging = await newStaging(options.manifest, spillFile);
  try {
    return await readAndCheck(staging, options, writeSteps);
  } catch (error) {
    staging.observations.close();
    throw error;
  }
}

/** The body of stageSources: the caller closes the staging's observation store (its spill file) when done. */
async function readAndCheck(staging: Staging, options: Pick<BuildOptions, 'manifest' | 'baseDir' | 'log' | 'onStep'>, writeSteps: number): Promise<Staging> {
  const { manifest, baseDir, log = () => {}, onStep = () => {} } = options;
  const entries = [...manifest.sources].sort(readingOrder);
  const path = (file: string) => resolve(baseDir, file);
  let placed = false;
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
    const synthetic = entry.synthetic ?? manifest.synthetic;
    if (synthetic) for (const f of 'file' in entry ? [entry.file] : [entry.metadata, ...entry.observations]) staging.syntheticFiles.add(basename(f));
    await readSource(staging, entry, path, synthetic);
    const rows = staging.runs.slice(before).reduce((n, r) => n + r.rowsLoaded, 0);
    log(`[${i + 1}/${entries.length}] ${entry.kind.padEnd(22)} ${file}: ${rows.toLocaleString('en-GB')} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s${resident()}`);
    // Postcode centroids are placed as soon as the data-zone boundaries are read, so that the
    // sources after them (partner spend by postcode) can use every postcode.
    if (!placed && staging.postcodeCentroids && staging.boundaries.has('dz2011')) placed = placeCentroids(staging, log);
  }
  onStep('Checking every source together', entries.length, entries.length + CHECK_STEPS + writeSteps);
  assignBestFitFromPolygons(staging);
  if (!placed) placeCentroids(staging, log);
  checkPopulationTotals(staging, (year) => populationTotals(staging, year));
  staging.issues.throwIfAny();
  derivePopulationIndicators(staging);
  deriveSimdIndicators(staging);
  checkAcrossSources(staging);
  staging.issues.throwIfAny();
  return staging;
}

/** The process's resident memory now, for the build log: the heap and DuckDB's together (at scale, the number to watch). */
function resident(): string {
  const { rss, heapUsed } = process.memoryUsage();
  return `; ${Math.round(rss / 2 ** 20)} MiB resident (heap ${Math.round(heapUsed / 2 ** 20)} MiB)`;
}

/** Code-Point centroids → data zones, with the point index over this build's data-zone boundaries. */
function placeCentroids(staging: Staging, log: (line: string) => void): boolean {
  if (!staging.postcodeCentroids) return false;
  const boundaries = staging.boundaries.get('dz2011');
  if (!boundaries) {
    staging.issues.add({ file: staging.postcodeCentroids.file, message: 'postcode centroids need the data-zone boundaries (kind "boundaries", level dz2011) to be placed in data zones' });
    return false;
  }
  const t0 = performance.now();
  const index = createPolygonIndex(boundaries.features.map((f) => ({ code: f.code, geometry: f.geometry })));
  const p = placePostcodeCentroids(staging, (points) => index.assignPoints(points, { nearestWithinKm: 5 }))!;
  log(`        postcodes              ${(p.placed + p.nearest).toLocaleString('en-GB')} centroids placed in data zones in ${((performance.now() - t0) / 1000).toFixed(2)} s`
    + (p.compared > 0 ? `; ${p.agreed} of ${p.compared} agree with the postcode directory (${((p.agreed / p.compared) * 100).toFixed(1)}%)` : ''));
  return true;
}

const OGL = 'Open Government Licence v3.0';
/** What each official source's licence asks a user of its data to say. */
const ATTRIBUTIONS: Partial<Record<SourceEntry['kind'], string>> = {
  sg_dz_lookup: `Scottish Government: data zone lookups (${OGL})`,
  sg_dz2022_lookup: `Scottish Government: data zone lookups (${OGL})`,
  boundaries: `Scottish Government: data zone boundaries, containing OS data © Crown copyright and database right (${OGL})`,
  simd_ranks: `Scottish Government: Scottish Index of Multiple Deprivation (${OGL})`,
  simd_indicators: `Scottish Government: Scottish Index of Multiple Deprivation (${OGL})`,
  population_single_year: `National Records of Scotland: small area population estimates (${OGL})`,
  population_total: `National Records of Scotland: small area population estimates (${OGL})`,
  census_table: `National Records of Scotland: Scotland's Census (${OGL})`,
  postcodes: `National Records of Scotland: Scottish Postcode Directory (${OGL})`,
  dz2001_lookup: `National Records of Scotland: Scottish Postcode Directory (${OGL})`,
  derived_locality: `Public Health Scotland: ScotPHO's HSCP locality boundaries (2020), from which AreaLens's collection derived the data zone → locality lookup (${OGL})`,
  codepoint: `Ordnance Survey: Code-Point Open. Contains OS data © Crown copyright and database right 2020; contains Royal Mail data © Royal Mail copyright and database right 2020; contains National Statistics data © Crown copyright and database right 2020 (${OGL})`,
};

/** One line per publisher whose data the build holds; partners' indicators name their own. */
function attributionsFor(staging: Staging, manifest: Manifest): string[] {
  const lines = new Set<string>();
  if (staging.synthetic) lines.add('AreaLens synthetic data: generated figures, not real statistics');
  for (const entry of manifest.sources) {
    const line = ATTRIBUTIONS[entry.kind];
    if (line && !(entry.synthetic ?? manifest.synthetic)) lines.add(line);
  }
  // Partner indicators (from the indicator templates, not the official readers above) carry their
  // publisher, source and licence in their own metadata.
  const partnerFiles = new Set(staging.runs.filter((r) => r.kind === 'indicator_metadata').map((r) => r.file));
  for (const meta of staging.indicators.values()) {
    if (!meta.synthetic && partnerFiles.has(meta.sourceFile)) lines.add(`${meta.publisher}: ${meta.source} (${meta.licence})`);
  }
  return [...lines];
}

/** Every file the ETL's own code is in (its sources and the level registry), for inputsDigest. */
function etlCodeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return etlCodeFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  }).sort();
}

/**
 * A digest of what a build is made from: the schema, the ETL's code, the manifest and every file
 * it names. `--if-missing` compares it with the database's, so a changed file or a new checkout
 * rebuilds, and an unchanged one is served at once.
 */
export function inputsDigest(manifest: Manifest, baseDir: string): string {
  const hash = createHash('sha256').update(schemaSql());
  const here = dirname(fileURLToPath(import.meta.url));
  for (const file of [...etlCodeFiles(here), resolve(here, '../../geographies/src/levels.ts')]) hash.update(`${file}\n`).update(readFileSync(file));
  hash.update(JSON.stringify({ label: manifest.label, synthetic: manifest.synthetic, sources: manifest.sources }));
  for (const entry of manifest.sources) {
    for (const file of 'file' in entry ? [entry.file] : [entry.metadata, ...entry.observations]) {
      const path = resolve(baseDir, file);
      hash.update(`${file}\n`).update(existsSync(path) ? fileChecksum(path) : 'missing');
    }
  }
  return hash.digest('hex');
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
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  const staging = await stageSources({ ...options, spillFile: `${out}.observations-${process.pid}` }, WRITE_STEPS);
  try {
    return await writeBuild(staging, options, out, t0);
  } finally {
    staging.observations.close();
  }
}

async function writeBuild(staging: Staging, options: BuildOptions, out: string, t0: number): Promise<BuildResult> {
  const log = options.log ?? (() => {});
  const total = options.manifest.sources.length + CHECK_STEPS + WRITE_STEPS;
  const step = (n: number, what: string) => options.onStep?.(what, total - WRITE_STEPS + n, total);
  const buildId = buildIdFor(staging);
  const conversions = await convertVintages(staging);
  const periods = staging.observations.periodLabels().length;
  // The store's own DuckDB instance is closed before the build's opens, so the two never hold memory at once.
  const spill = await staging.observations.finish();
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
      // The observations and their sums come before the shapes: sorting and summing 42M rows is
      // when DuckDB uses most memory, and the shapes' working set is not yet on the heap then.
      step(1, 'Writing indicators and observations');
      await writeIndicators(db, staging, ids, buildId, conversions, spill);
      log(`        observations written${resident()}`);
      await writeAreaSums(db, log);
      // The big operators are done: DuckDB gives back what it held past this while the shapes (on
      // the JavaScript heap) are drawn.
      await db.run(`SET memory_limit = '${AFTER_SUMS_MEMORY_LIMIT}'`);
      log(`        area sums written${resident()}`);
      step(2, 'Drawing the map shapes of every level');
      await writeShapes(db, staging, ids, log);
      step(3, 'Writing spend, targets and postcodes');
      for (const u of options.manifest.unread ?? []) staging.warnings.push({ kind: 'unread', file: u.file, message: u.reason === 'not recognised' ? 'not recognised, so not read' : `not read: ${u.reason}` });
      await writeOtherTables(db, staging, ids, buildId);
      await writeRuns(db, staging, buildId);
      const seconds = (performance.now() - t0) / 1000;
      await db.run(`INSERT INTO build VALUES ($1, $2::TIMESTAMP, $3, $4, $5, $6, $7, $8)`, [buildId, new Date().toISOString().replace('Z', ''), staging.label, staging.synthetic, SCHEMA_VERSION, seconds,
        JSON.stringify(attributionsFor(staging, options.manifest)), inputsDigest(options.manifest, options.baseDir)]);
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
  const result: BuildResult = {
    buildId, out, seconds, dataZones: staging.dataZones.get('dz2011')?.size ?? 0, dataZones2022: staging.dataZones.get('dz2022')?.size ?? 0,
    indicators: staging.indicators.size, observations: staging.observations.length, periods,
    postcodes: staging.postcodes.size, levels: staging.levels.size + (staging.dataZones.get('dz2022') ? 2 : 1), unread: options.manifest.unread ?? [],
  };
  for (const line of buildSummary(result)) log(line);
  return result;
}

/** The lines a build ends with: what was built, and every file of the folder that was not read. */
export function buildSummary(r: BuildResult): string[] {
  const n = (x: number) => x.toLocaleString('en-GB');
  const lines = [
    `Built ${r.out} (build ${r.buildId}) in ${r.seconds.toFixed(1)} s: ${n(r.dataZones)} data zones${r.dataZones2022 > 0 ? ` (and ${n(r.dataZones2022)} of 2022)` : ''}, ${r.levels} levels, `
      + `${n(r.indicators)} indicators over ${r.periods} periods, ${n(r.observations)} observations, ${n(r.postcodes)} postcodes`,
  ];
  const unrecognised = r.unread.filter((u) => u.reason === 'not recognised');
  if (unrecognised.length > 0) lines.push(`Not recognised, so not read (${unrecognised.length}): ${unrecognised.map((u) => u.file).join(', ')}`);
  const known = r.unread.filter((u) => u.reason !== 'not recognised');
  if (known.length > 0) {
    lines.push(`Not read (${known.length} files):`);
    const byReason = new Map<string, string[]>();
    for (const u of known) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.file]);
    for (const [reason, files] of byReason) lines.push(`  - ${files.join(', ')}: ${reason}`);
  }
  return lines;
}
