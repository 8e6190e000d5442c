import { buildLevelShapes, type LevelMembership } from '../../geographies/src/dissolve.ts';
import type { BuildDatabase, Cell } from './duckdb.ts';
import type { Staging } from './staging.ts';
import type { AreaIds } from './write.ts';

/**
 * Dissolves the data-zone boundaries into every level's areas (shared arcs merged: no slivers,
 * no gaps), and stores for each area its simplified shape, area, label point and bbox, and for
 * each level a TopoJSON for the map's first paint. Mismatches between boundaries and lookups are
 * listed by code in etl_warning; they do not stop the build.
 */
export async function writeShapes(db: BuildDatabase, staging: Staging, ids: AreaIds, log: (line: string) => void): Promise<void> {
  const boundaries = staging.boundaries.get('dz2011');
  if (!boundaries) return;
  const t0 = performance.now();
  // Levels reached from 2022 data zones only (IZ 2022) have no shapes: no 2022 boundaries are held.
  const levels: LevelMembership[] = [...staging.levels.values()].filter((level) => level.members.size > 0).map((level) => {
    const dataZones = new Map<string, string[]>();
    for (const [dz, { areaCode }] of level.members) {
      const list = dataZones.get(areaCode);
      if (list) list.push(dz);
      else dataZones.set(areaCode, [dz]);
    }
    return { key: level.key, dataZones, names: new Map([...level.areas].map(([code, area]) => [code, area.name])) };
  });
  const result = buildLevelShapes(boundaries.features, levels, { baseLevelKey: 'dz2011' });

  const areaRows: Cell[][] = [];
  const shapeRows: Cell[][] = [];
  for (const [levelKey, shapes] of result.levels) {
    await db.run(`INSERT INTO level_topology VALUES ($1, $2)`, [levelKey, shapes.topojson]);
    for (const [code, shape] of shapes.areas) {
      const id = ids.area.get(`${levelKey}:${code}`);
      if (id === undefined) continue;
      areaRows.push([id, shape.areaKm2, shape.centroid[0], shape.centroid[1], ...shape.bbox]);
      shapeRows.push([id, levelKey, JSON.stringify(shape.simplified)]);
    }
  }
  await db.run(`CREATE TEMP TABLE area_geometry_stage (area_id INTEGER, area_km2 DOUBLE, lon DOUBLE, lat DOUBLE, w DOUBLE, s DOUBLE, e DOUBLE, n DOUBLE)`);
  await db.append('area_geometry_stage', ['i', 'd', 'd', 'd', 'd', 'd', 'd', 'd'], areaRows);
  await db.run(`UPDATE area SET area_km2 = g.area_km2, centroid_lon = g.lon, centroid_lat = g.lat, bbox_west = g.w, bbox_south = g.s, bbox_east = g.e, bbox_north = g.n
    FROM area_geometry_stage g WHERE area.area_id = g.area_id`);
  await db.run(`DROP TABLE area_geometry_stage`);
  await db.append('area_shape', ['i', 's', 's'], shapeRows);

  for (const [levelKey, coverage] of result.coverage) {
    const report = (what: string, codes: string[]) => {
      if (codes.length === 0) return;
      staging.warnings.push({ kind: 'boundaries', file: boundaries.file, message: `${levelKey}: ${codes.length} ${what}: ${codes.slice(0, 20).join(', ')}${codes.length > 20 ? ', …' : ''}` });
    };
    report('data zone(s) in the lookup have no boundary', coverage.dataZonesWithoutBoundary);
    report('data zone(s) with a boundary are in no area of this level', coverage.dataZonesWithoutArea);
    report('area(s) have no shape (none of their data zones has a boundary)', coverage.areasWithoutShape);
  }
  log(`        shapes                 ${result.levels.size} levels dissolved from ${boundaries.features.length.toLocaleString('en-GB')} data zones in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}
