import type { Database } from '../db.ts';
import { sumsForGroups, type GroupSums, type GroupZones } from '../queries/groups.ts';
import { rollUpIndicatorIds } from './catalogue.ts';

/**
 * Sums for published areas never change while the server runs (the database is read-only), and
 * the same few are asked for again and again: every ward's profile compares it with the same
 * council and Scotland, and ranks it among the same siblings. This keeps, per database, each
 * published area's sums for every indicator and period, and each sibling set's sums for the
 * latest periods, in bounded LRU maps.
 */
const AREAS_KEPT = 2_000;
const SIBLING_SETS_KEPT = 200;

interface Caches {
  areas: Map<number, Promise<GroupSums[]>>;
  siblings: Map<string, Promise<GroupSums[]>>;
}

const perDatabase = new WeakMap<Database, Caches>();

function cachesFor(db: Database): Caches {
  let caches = perDatabase.get(db);
  if (!caches) perDatabase.set(db, (caches = { areas: new Map(), siblings: new Map() }));
  return caches;
}

function remember<K, V>(map: Map<K, Promise<V>>, key: K, limit: number, compute: () => Promise<V>): Promise<V> {
  const hit = map.get(key);
  if (hit) {
    map.delete(key);
    map.set(key, hit);
    return hit;
  }
  const value = compute();
  map.set(key, value);
  // A failed query is not remembered.
  value.catch(() => map.delete(key));
  while (map.size > limit) map.delete(map.keys().next().value as K);
  return value;
}

/** Every indicator and period for each published area (by area id), one query for the areas not yet held. */
export async function sumsOfPublishedAreas(db: Database, areaIds: readonly number[]): Promise<GroupSums[]> {
  const caches = cachesFor(db);
  const allIndicatorIds = await rollUpIndicatorIds(db);
  const pending = new Map<number, Promise<GroupSums[]>>();
  const missing = areaIds.filter((id) => !caches.areas.has(id));
  if (missing.length > 0) {
    const all = sumsForGroups(db, missing.map((id): GroupZones => ({ groupId: id, areaId: id, dzIds: [] })), allIndicatorIds);
    for (const id of missing) pending.set(id, remember(caches.areas, id, AREAS_KEPT, () => all.then((rows) => rows.filter((r) => r.groupId === id))));
  }
  const results = await Promise.all(areaIds.map((id) => pending.get(id)
    ?? remember(caches.areas, id, AREAS_KEPT, () => sumsForGroups(db, [{ groupId: id, areaId: id, dzIds: [] }], allIndicatorIds))));
  return results.flat();
}

/** The latest-period sums of a set of sibling areas, remembered under a key naming the set. */
export function sumsOfSiblings(db: Database, key: string, siblingIds: readonly number[], latest: ReadonlyMap<number, number>): Promise<GroupSums[]> {
  return remember(cachesFor(db).siblings, key, SIBLING_SETS_KEPT, () =>
    sumsForGroups(db, siblingIds.map((id): GroupZones => ({ groupId: id, areaId: id, dzIds: [] })), [...latest.keys()], latest));
}
