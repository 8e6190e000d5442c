import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findLevel, LEVELS, THEMES } from '../../geographies/src/levels.ts';
import type { BuildDatabase, Cell } from './duckdb.ts';
import { populationSource, populationTotals, populationYears, simdBand } from './derive.ts';
import { parsePeriod } from './periods.ts';
import type { SpilledObservations } from './observations.ts';
import type { Staging } from './staging.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema.sql', import.meta.url));
export const SCHEMA_VERSION = 3;

/** Area ids: data zones first (dz_id = area_id), then each level's areas, codes in order. */
export interface AreaIds {
  dz: Map<string, number>; // 'dz2011:S01…' → id
  area: Map<string, number>; // 'level:code' → id
}

const key = (level: string, code: string) => `${level}:${code}`;

function levelOrder(levelKey: string): number {
  const i = LEVELS.findIndex((l) => l.key === levelKey);
  return i === -1 ? LEVELS.length : i;
}

export async function writeGeography(db: BuildDatabase, staging: Staging): Promise<AreaIds> {
  const ids: AreaIds = { dz: new Map(), area: new Map() };
  const areaRows: Cell[][] = [];
  const dzRows: Cell[][] = [];
  let next = 1;
  for (const vintage of ['dz2011', 'dz2022'] as const) {
    const zones = staging.dataZones.get(vintage);
    if (!zones) continue;
    for (const code of [...zones.keys()].sort()) {
      const id = next++;
      ids.dz.set(key(vintage, code), id);
      ids.area.set(key(vintage, code), id);
      dzRows.push([id, code, vintage, zones.get(code)!]);
      areaRows.push([id, vintage, code, zones.get(code)!]);
    }
  }
  const levels = [...staging.levels.values()].sort((a, b) => levelOrder(a.key) - levelOrder(b.key) || a.key.localeCompare(b.key));
  for (const level of levels) {
    for (const code of [...level.areas.keys()].sort()) {
      const id = next++;
      ids.area.set(key(level.key, code), id);
      areaRows.push([id, level.key, code, level.areas.get(code)!.name]);
    }
  }
  await db.append('data_zone', ['i', 's', 's', 's'], dzRows);
  await db.run(`CREATE TEMP TABLE area_stage (area_id INTEGER, level_key VARCHAR, code VARCHAR, name VARCHAR)`);
  await db.append('area_stage', ['i', 's', 's', 's'], areaRows);
  await db.run(`INSERT INTO area (area_id, level_key, code, name) SELECT * FROM area_stage ORDER BY area_id`);

  const memberRows: Cell[][] = [];
  for (const level of levels) {
    for (const [dz, { areaCode, method }] of level.members) {
      memberRows.push([level.key, ids.area.get(key(level.key, areaCode))!, ids.dz.get(key('dz2011', dz))!, method]);
    }
  }
  await db.append('membership', ['s', 'i', 'i', 's'], memberRows);
  const memberRows2022: Cell[][] = [];
  for (const level of levels) {
    for (const [dz, { areaCode, method }] of level.members2022) {
      memberRows2022.push([level.key, ids.area.get(key(level.key, areaCode))!, ids.dz.get(key('dz2022', dz))!, method]);
    }
  }
  await db.append('membership_dz2022', ['s', 'i', 'i', 's'], memberRows2022);

  const levelRows: Cell[][] = [];
  for (const vintage of ['dz2011', 'dz2022'] as const) {
    const zones = staging.dataZones.get(vintage);
    if (zones) levelRows.push([vintage, findLevel(vintage)!.label, findLevel(vintage)!.plural, 'base', false, levelOrder(vintage), zones.size, null]);
  }
  for (const level of levels) {
    levelRows.push([level.key, level.label, level.plural, level.membership, level.userDefined, levelOrder(level.key), level.areas.size, level.source]);
  }
  await db.append('level', ['s', 's', 's', 's', 'b', 'i', 'i', 's'], levelRows);
  await db.append('theme', ['s', 's', 'i'], THEMES.map((t, i) => [t.key, t.label, i]));

  return ids;
}

export async function writeParents(db: BuildDatabase, staging: Staging): Promise<void> {
  const levels = [...staging.levels.values()];
  const present = new Set(levels.map((l) => l.key));
  // Parents: for each area and each parent level in the registry, the parent holding most of
  // its data zones' population (all of it, for nested levels). Areas reached from 2022 data zones
  // (IZ 2022) find their parents through those zones; a 2022 zone, with no population estimate,
  // weighs as one person, which only matters where a level has nothing else.
  await db.run(`CREATE TEMP VIEW any_membership AS SELECT * FROM membership UNION ALL SELECT * FROM membership_dz2022`);
  for (const level of levels) {
    const parents = (findLevel(level.key)?.parents ?? ['council', 'scotland']).filter((p) => present.has(p));
    for (const parent of parents) {
      await db.run(`
        INSERT INTO area_parent
        WITH dz_pop AS (
          SELECT m.dz_id, coalesce(max(o.numerator), 1) AS people
          FROM any_membership m LEFT JOIN observation_population_latest o USING (dz_id)
          WHERE m.level_key = $1 GROUP BY m.dz_id
        ), overlap AS (
          SELECT c.area_id, p.area_id AS parent_id, sum(d.people) AS people
          FROM any_membership c JOIN any_membership p ON p.dz_id = c.dz_id AND p.level_key = $2
          JOIN dz_pop d ON d.dz_id = c.dz_id
          WHERE c.level_key = $1 GROUP BY ALL
        )
        SELECT area_id, $2, arg_max(parent_id, people), max(people) / sum(people)
        FROM overlap GROUP BY area_id`, [level.key, parent]);
    }
  }
  // Data zones' own parents are their memberships.
  await db.run(`INSERT INTO area_parent SELECT dz_id, level_key, area_id, 1.0 FROM any_membership`);
}

export async function writePopulation(db: BuildDatabase, staging: Staging, ids: AreaIds): Promise<void> {
  function* rows(): Generator<Cell[]> {
    for (const [year, { byDz }] of staging.population) {
      for (const [dz, { female, male }] of byDz) {
        const id = ids.dz.get(key('dz2011', dz))!;
        for (let age = 0; age <= 90; age++) {
          yield [year, id, 'female', age, female[age] ?? 0];
          yield [year, id, 'male', age, male[age] ?? 0];
        }
      }
    }
  }
  await db.append('population', ['i', 'i', 's', 'i', 'i'], rows());
  function* totals(): Generator<Cell[]> {
    for (const year of populationYears(staging)) {
      const { source } = populationSource(staging, year)!;
      for (const [dz, persons] of populationTotals(staging, year)) yield [year, ids.dz.get(key('dz2011', dz))!, persons, source];
    }
  }
  await db.append('population_total', ['i', 'i', 'i', 's'], totals());
  // The latest population per data zone, used for parents and area populations.
  await db.run(`CREATE TEMP TABLE observation_population_latest AS
    SELECT dz_id, persons::DOUBLE AS numerator, year FROM population_total WHERE year = (SELECT max(year) FROM population_total)`);
}

export async function writeAreaPopulations(db: BuildDatabase): Promise<void> {
  await db.run(`UPDATE area SET population = p.people, population_year = p.year FROM (
      SELECT m.area_id, sum(o.numerator) AS people, any_value(o.year) AS year
      FROM membership m JOIN observation_population_latest o USING (dz_id) GROUP BY m.area_id
    ) p WHERE area.area_id = p.area_id`);
  await db.run(`UPDATE area SET population = o.numerator, population_year = o.year FROM observation_population_latest o WHERE area.area_id = o.dz_id`);
}

export async function writeIndicators(db: BuildDatabase, staging: Staging, ids: AreaIds, buildId: string, conversions: Map<string, { to: string; coverage: number }>, spill: SpilledObservations): Promise<void> {
  const indicatorIds = new Map<string, number>();
  const codes = [...staging.indicators.keys()].sort();
  codes.forEach((code, i) => indicatorIds.set(code, i + 1));
  await db.append('indicator', ['i', 's', 's', 's', 's', 's', 's', 's', 'd', 's', 's', 's', 's', 's', 's', 's', 'i', 's', 's', 's', 'd', 'b'], codes.map((code) => {
    const m = staging.indicators.get(code)!;
    const converted = conversions.get(code);
    return [indicatorIds.get(code)!, m.code, m.title, m.theme, m.topic, m.unit, m.measureType, m.aggregation, m.multiplier, m.polarity, m.source, m.publisher,
      m.licence, m.datePublished, m.notes, m.keywords, m.disclosureThreshold, m.vintage, m.vintage, converted?.to ?? null, converted?.coverage ?? null, m.synthetic];
  }));
  const loadedAt = new Date().toISOString();
  const checksumOf = new Map(staging.runs.map((run) => [run.file, run.checksum]));
  const revisions = [
    ...codes.map((code) => staging.indicators.get(code)!).map((m) => ({ code: m.code, revision: m.revision, file: m.sourceFile })),
    ...staging.revisions,
  ];
  for (const r of revisions) {
    await db.run(`INSERT INTO indicator_revision VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7)`,
      [r.code, r.revision, r.file, checksumOf.get(r.file) ?? '', buildId, loadedAt, staging.syntheticFiles.has(r.file) ? 'synthetic' : null]);
  }

  const periods = staging.observations.periodLabels().map((label) => parsePeriod(label)!).sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
  const periodIds = new Map(periods.map((p, i) => [p.label, i + 1]));
  for (const p of periods) {
    await db.run(`INSERT INTO period VALUES ($1, $2, $3, $4::DATE, $5::DATE)`, [periodIds.get(p.label)!, p.label, p.kind, p.start, p.end]);
  }
  // The observations are in the store's spill file (finished before the build opened), keyed by its own indices: they are mapped to
  // this build's ids and sorted by (indicator, period, data zone) in one statement, so that a
  // roll-up reads one contiguous run of rows. DuckDB sorts beyond its memory limit on disk.
  for (const [table, idOf] of [
    ['spill_indicator', spill.indicators.map((code) => indicatorIds.get(code)!)],
    ['spill_period', spill.periods.map((label) => periodIds.get(label)!)],
    ['spill_zone', spill.zones.map((z) => ids.dz.get(key(z.vintage, z.code))!)],
  ] as const) {
    await db.run(`CREATE TEMP TABLE ${table} (ix INTEGER, id INTEGER)`);
    await db.append(table, ['i', 'i'], idOf.map((id, ix) => [ix, id]));
  }
  await db.run(`ATTACH '${spill.file.replaceAll("'", "''")}' AS spill (READ_ONLY)`);
  await db.run(`INSERT INTO observation
    SELECT i.id, p.id, z.id, s.numerator, s.denominator, s.value, s.suppressed
    FROM spill.observation s JOIN spill_indicator i ON i.ix = s.indicator JOIN spill_period p ON p.ix = s.period JOIN spill_zone z ON z.ix = s.zone
    ORDER BY 1, 2, 3`);
  await db.run('DETACH spill');
  for (const table of ['spill_indicator', 'spill_period', 'spill_zone']) await db.run(`DROP TABLE ${table}`);
  await db.run(`INSERT INTO indicator_period
    SELECT o.indicator_id, o.period_id, d.vintage, count(*)::INTEGER, count(*) FILTER (WHERE o.suppressed_at_source)::INTEGER
    FROM observation o JOIN data_zone d USING (dz_id) GROUP BY ALL ORDER BY ALL`);

  await db.append('target', ['i', 'i', 's', 'd', 's', 'd', 's'], staging.targets.map((t) => [
    indicatorIds.get(t.indicator)!, ids.area.get(key(t.level, t.areaCode))!, t.baselinePeriod, t.baselineValue, t.targetPeriod, t.targetValue, t.file,
  ]));
}

export async function writeOtherTables(db: BuildDatabase, staging: Staging, ids: AreaIds, buildId: string): Promise<void> {
  const dzId = (dz: string) => ids.dz.get(key('dz2011', dz))!;
  const simdRows: Cell[][] = [];
  for (const [edition, { rows }] of staging.simd) {
    for (const r of rows) {
      const d = r.domains;
      simdRows.push([edition, dzId(r.dz), r.rank, simdBand(r.rank, 10), simdBand(r.rank, 5), simdBand(r.rank, 20), d.income, d.employment, d.health, d.education, d.housing, d.access, d.crime]);
    }
  }
  await db.append('simd', ['s', 'i', 'i', 'i', 'i', 'i', 'd', 'd', 'd', 'd', 'd', 'd', 'd'], simdRows);
  await db.append('postcode', ['s', 'i', 's', 'd', 'd', 'b'], [...staging.postcodes.values()].map((p) => [p.postcode, dzId(p.dz), p.method, p.latitude, p.longitude, p.deleted]));
  await db.append('spend', ['s', 's', 's', 'i', 's', 'd', 'd', 's', 's'], staging.spend.map((s) => [
    s.partner, s.service, s.financialYear, s.dz === null ? null : dzId(s.dz), s.placedBy, s.amount, s.activityCount, s.activityUnit, s.file,
  ]));
  await db.append('dz_crosswalk', ['i', 'i', 'd'], staging.crosswalk.map((c) => [ids.dz.get(key(c.from, c.fromDz))!, ids.dz.get(key(c.to, c.toDz))!, c.weight]));
  await db.append('etl_warning', ['s', 's', 's', 's'], staging.warnings.map((w) => [buildId, w.kind, w.file, w.message]));
}

export async function writeRuns(db: BuildDatabase, staging: Staging, buildId: string): Promise<void> {
  for (const run of staging.runs) {
    await db.run(`INSERT INTO etl_run VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP, $9)`,
      [buildId, run.kind, run.file, run.checksum, run.rowsRead, run.rowsLoaded, run.rowsRejected, run.startedAt.toISOString(), run.durationMs]);
  }
}

export function schemaSql(): string {
  return readFileSync(SCHEMA_FILE, 'utf8');
}
