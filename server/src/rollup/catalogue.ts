import type { Database } from '../db.ts';
import { areasOfLevel } from '../queries/levelAreas.ts';
import { listIndicatorRefs, periodsByIndicator, type IndicatorRef, type PeriodRef } from '../queries/rollup.ts';
import type { Vintage } from './reach.ts';
import type { AreaName } from './values.ts';

/**
 * What every roll-up needs and never changes while the server runs (the database is read-only):
 * the indicators, their periods on each vintage, and the areas of each level. Read once per
 * database, on first use.
 */
interface Catalogue {
  indicators: Map<string, IndicatorRef>;
  periods: Map<string, Promise<Map<number, PeriodRef[]>>>;
  areas: Map<string, Promise<AreaName[]>>;
}

const perDatabase = new WeakMap<Database, Promise<Catalogue>>();

function catalogue(db: Database): Promise<Catalogue> {
  let entry = perDatabase.get(db);
  if (!entry) {
    entry = listIndicatorRefs(db, null).then((refs) => ({ indicators: new Map(refs.map((r) => [r.code, r])), periods: new Map(), areas: new Map() }));
    entry.catch(() => perDatabase.delete(db));
    perDatabase.set(db, entry);
  }
  return entry;
}

export async function indicatorByCode(db: Database, code: string): Promise<IndicatorRef | null> {
  return (await catalogue(db)).indicators.get(code) ?? null;
}

/** Every indicator's periods on a vintage, oldest first. */
export async function periodMap(db: Database, vintage: string): Promise<Map<number, PeriodRef[]>> {
  const c = await catalogue(db);
  let periods = c.periods.get(vintage);
  if (!periods) c.periods.set(vintage, (periods = periodsByIndicator(db, vintage)));
  return periods;
}

export async function periodsOf(db: Database, indicatorId: number, vintage: string): Promise<PeriodRef[]> {
  return (await periodMap(db, vintage)).get(indicatorId) ?? [];
}

export async function areasOf(db: Database, level: string): Promise<AreaName[]> {
  const c = await catalogue(db);
  let areas = c.areas.get(level);
  if (!areas) c.areas.set(level, (areas = areasOfLevel(db, level)));
  return areas;
}

/** Every indicator with figures on one set of data zones: what the remembered area sums of that set cover. */
export async function rollUpIndicatorIds(db: Database, vintage: Vintage): Promise<number[]> {
  return [...(await periodMap(db, vintage)).keys()];
}
