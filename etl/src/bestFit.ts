import { labelPoint } from '../../geographies/src/labelPoint.ts';
import { findLevel } from '../../geographies/src/levels.ts';
import { createPolygonIndex } from '../../geographies/src/pointIndex.ts';
import { levelFor } from './sources/lookup.ts';
import type { Staging } from './staging.ts';

/** Data zones just outside every polygon (generalised coastlines) go to the nearest within this. */
const NEAREST_WITHIN_KM = 2;

/**
 * Levels given only as polygons (community councils, say) get their data zones by best fit: each
 * data zone goes to the polygon holding its centre. The official method uses population-weighted
 * centroids; without them, each data zone's label point (its area centroid, or an inside point)
 * stands in. A level that already has a published lookup is left alone.
 */
export function assignBestFitFromPolygons(staging: Staging): void {
  const dataZones = staging.boundaries.get('dz2011');
  for (const [levelKey, { file, features }] of staging.boundaries) {
    if (levelKey === 'dz2011' || staging.levels.has(levelKey)) continue;
    if (!dataZones) {
      staging.issues.add({ file, message: `${levelKey} polygons can only be matched to data zones when data-zone boundaries are loaded too` });
      continue;
    }
    const index = createPolygonIndex(features);
    const points = dataZones.features.map((f) => {
      const [lon, lat] = labelPoint(f.geometry);
      return { code: f.code, lon, lat };
    });
    const { assigned, unassigned } = index.assignPoints(points, { nearestWithinKm: NEAREST_WITHIN_KM });
    const level = levelFor(staging, levelKey, file, findLevel(levelKey)?.label ?? levelKey);
    const names = new Map(features.map((f) => [f.code, f.name]));
    for (const [dz, { areaCode }] of assigned) {
      level.areas.set(areaCode, { code: areaCode, name: names.get(areaCode) ?? areaCode });
      level.members.set(dz, { areaCode, method: 'centroid_in_polygon' });
    }
    if (unassigned.length > 0) {
      staging.warnings.push({ kind: 'boundaries', file, message: `${levelKey}: ${unassigned.length} data zone(s) lie in no polygon: ${unassigned.slice(0, 20).join(', ')}` });
    }
  }
}
