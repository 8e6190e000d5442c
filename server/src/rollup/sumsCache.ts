import type { Database } from '../db.ts';
import { sumsForGroups, type GroupSums, type GroupZones } from '../queries/groups.ts';
import { rollUpIndicatorIds } from './catalogue.ts';
import type { Vintage } from './reach.ts';

/**
 * Sums for published areas never change while the server runs (the database is read-only), and
 * the same few are asked for again and again: every ward's profile compares it with the same
 * council and Scotland, and ranks it among the same siblings. This keeps, per database, each
 * published area's sums for every indicator and period, and each sibling set's sums for the
 * latest periods, in LRU maps bounded by entries and by rows held.
 *
 * The ETL now makes these sums (area_sums), so an area's are read, not summed: Scotland's 6,000
 * rows at 400 indicators × 15 periods in 17 ms, where summing them took seconds. The maps still
 * earn their keep on reading and converting those rows: without them, on that build, the ward
 * map (which takes Scotland as its comparator) took 29 ms rather than 13, and a ward's profile
 * 203 ms rather than 110 (warm, p50).
 *
 * The row bound is the one that matters: an area's sums are a row per indicator × period, 50 on the
 * real data but 843 on the demo (about 200 bytes each), so 2,000 demo areas alone would hold 330 MB.
 * A memory soak (npm run bench -- --soak) showed the heap still climbing after five minutes of
 * profiles. 250,000 rows is about 50 MB: 5,000 areas of the real build, or 300 of the demo's.
 *
 * Entries are per set of data zones: a council's sums over its 2011 zones (for indicators
 * published on them) and over its 2022 zones (for those published on 2022 zones) are two entries,
 * each read through its own membership table.
 */
const AREAS_KEPT = 2_000;
const AREA_ROWS_KEPT = 250_000;
const SIBLING_SETS_KEPT = 200;
const SIBLING_ROWS_KEPT = 100_000;

/** One bounded LRU of sums: promises (so concurrent askers share one query), and the rows each holds once answered. */
interface Kept<K> {
  entries: Map<K, Promise<GroupSums[]>>;
  rows: Map<K, number>;
  rowsHeld: number;
  maxEntries: number;
  maxRows: number;
}

interface Caches {
  /** Keyed `vintage:areaId`. */
  areas: Kept<string>;
  /** Keyed `vintage:` + the caller's name for the sibling set. */
  siblings: Kept<string>;
}

const perDatabase = new WeakMap<Database, Caches>();

const kept = <K>(maxEntries: number, maxRows: number): Kept<K> => ({ entries: new Map(), rows: new Map(), rowsHeld: 0, maxEntries, maxRows });

function cachesFor(db: Database): Caches {
  let caches = perDatabase.get(db);
  if (!caches) perDatabase.set(db, (caches = { areas: kept(AREAS_KEPT, AREA_ROWS_KEPT), siblings: kept(SIBLING_SETS_KEPT, SIBLING_ROWS_KEPT) }));
  return caches;
}

function forget<K>(cache: Kept<K>, key: K): void {
  cache.entries.delete(key);
  cache.rowsHeld -= cache.rows.get(key) ?? 0;
  cache.rows.delete(key);
}

/** Drops the least recently used entries until both bounds hold, never the one just answered. */
function trim<K>(cache: Kept<K>, keep?: K): void {
  for (const key of cache.entries.keys()) {
    if (cache.entries.size <= cache.maxEntries && cache.rowsHeld <= cache.maxRows) break;
    if (key !== keep) forget(cache, key);
  }
}

function remember<K>(cache: Kept<K>, key: K, compute: () => Promise<GroupSums[]>): Promise<GroupSums[]> {
  const hit = cache.entries.get(key);
  if (hit) {
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit;
  }
  const value = compute();
  cache.entries.set(key, value);
  value.then((rows) => {
    if (cache.entries.get(key) !== value) return;
    cache.rows.set(key, rows.length);
    cache.rowsHeld += rows.length;
    trim(cache, key);
  }, () => {
    // A failed query is not remembered.
    if (cache.entries.get(key) === value) forget(cache, key);
  });
  trim(cache, key);
  return value;
}

/**
 * Every indicator and period with figures on one set of data zones, for each published area (by
 * area id) summed over its zones of that set; one query for the areas not yet held.
 */
export async function sumsOfPublishedAreas(db: Database, areaIds: readonly number[], vintage: Vintage): Promise<GroupSums[]> {
  const caches = cachesFor(db);
  const allIndicatorIds = await rollUpIndicatorIds(db, vintage);
  const key = (id: number) => `${vintage}:${id}`;
  const pending = new Map<number, Promise<GroupSums[]>>();
  const missing = areaIds.filter((id) => !caches.areas.entries.has(key(id)));
  if (missing.length > 0) {
    const all = sumsForGroups(db, vintage, missing.map((id): GroupZones => ({ groupId: id, areaId: id, dzIds: [] })), allIndicatorIds);
    for (const id of missing) pending.set(id, remember(caches.areas, key(id), () => all.then((rows) => rows.filter((r) => r.groupId === id))));
  }
  const results = await Promise.all(areaIds.map((id) => pending.get(id)
    ?? remember(caches.areas, key(id), () => sumsForGroups(db, vintage, [{ groupId: id, areaId: id, dzIds: [] }], allIndicatorIds))));
  return results.flat();
}

/**
 * The sums of published areas for some indicators only (every period of each), as a table's
 * comparators need: from the remembered sums where an area's are held, else from one query for
 * just those indicators, which is not remembered (a table of 20 indicators over the councils would
 * otherwise read every indicator × period of Scotland and all 32 councils to keep them).
 */
export async function sumsOfPublishedAreasFor(db: Database, areaIds: readonly number[], vintage: Vintage, indicatorIds: readonly number[]): Promise<GroupSums[]> {
  const caches = cachesFor(db);
  const wanted = new Set(indicatorIds);
  const held = areaIds.filter((id) => caches.areas.entries.has(`${vintage}:${id}`));
  const missing = areaIds.filter((id) => !caches.areas.entries.has(`${vintage}:${id}`));
  const [fromCache, fresh] = await Promise.all([
    held.length > 0 ? sumsOfPublishedAreas(db, held, vintage) : Promise.resolve([]),
    missing.length > 0 && wanted.size > 0 ? sumsForGroups(db, vintage, missing.map((id): GroupZones => ({ groupId: id, areaId: id, dzIds: [] })), [...wanted]) : Promise.resolve([]),
  ]);
  return [...fromCache.filter((r) => wanted.has(r.indicatorId)), ...fresh];
}

/** The latest-period sums of a set of sibling areas over their zones of one set, remembered under a key naming the set. */
export function sumsOfSiblings(db: Database, vintage: Vintage, key: string, siblingIds: readonly number[], latest: ReadonlyMap<number, number>): Promise<GroupSums[]> {
  return remember(cachesFor(db).siblings, `${vintage}:${key}`, () =>
    sumsForGroups(db, vintage, siblingIds.map((id): GroupZones => ({ groupId: id, areaId: id, dzIds: [] })), [...latest.keys()], latest));
}
