/**
 * A layer of coded polygons that answers "which polygon holds this point?": which data zone holds
 * a postcode, or which community council holds a data zone's centroid (best-fit assignment for
 * areas that do not follow data-zone edges).
 */
import { booleanPointInPolygon, pointToPolygonDistance } from '@turf/turf';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from 'geojson';
import { polygonParts } from './rings.ts';

export interface CodedPolygon {
  code: string;
  geometry: Polygon | MultiPolygon;
}

export interface CodedPoint {
  code: string;
  lon: number;
  lat: number;
}

export interface PointAssignment {
  /** Code of the polygon the point was given to. */
  areaCode: string;
  /** 0 for a point inside the polygon, else how far outside it lies (with `nearestWithinKm`). */
  distanceKm: number;
}

export interface AssignPointsOptions {
  /**
   * Give a point that no polygon holds to the nearest polygon within this distance, e.g. a
   * coastal data zone whose centroid falls in the sea of a more generalised layer. Default 0.
   */
  nearestWithinKm?: number;
}

export interface PointAssignments {
  assigned: Map<string, PointAssignment>;
  /** Codes of points no polygon holds (and none lies within `nearestWithinKm`). */
  unassigned: string[];
}

export interface PolygonIndex {
  /**
   * Code of the polygon holding the point, or null. A point on an edge two polygons share goes to
   * the one given first, so answers do not depend on the index's internal order.
   */
  locate(lon: number, lat: number): string | null;
  assignPoints(points: Iterable<CodedPoint>, options?: AssignPointsOptions): PointAssignments;
}

const KM_PER_DEGREE_LATITUDE = 111.2;

export function createPolygonIndex(features: readonly CodedPolygon[]): PolygonIndex {
  // Each part of a MultiPolygon is indexed on its own: an island council's bbox would be huge.
  const parts: Array<{ feature: number; polygon: Polygon }> = [];
  features.forEach(({ geometry }, feature) => {
    for (const coordinates of polygonParts(geometry)) parts.push({ feature, polygon: { type: 'Polygon', coordinates } });
  });
  const index = parts.length > 0 ? new Flatbush(parts.length) : null;
  for (const { polygon } of parts) {
    let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [lon, lat] of polygon.coordinates[0] as number[][]) {
      west = Math.min(west, lon!);
      east = Math.max(east, lon!);
      south = Math.min(south, lat!);
      north = Math.max(north, lat!);
    }
    index!.add(west, south, east, north);
  }
  index?.finish();

  function locateFeature(lon: number, lat: number): number | null {
    if (!index) return null;
    let found: number | null = null;
    for (const i of index.search(lon, lat, lon, lat)) {
      const part = parts[i]!;
      if ((found === null || part.feature < found) && booleanPointInPolygon([lon, lat], part.polygon)) {
        found = part.feature;
      }
    }
    return found;
  }

  function nearestFeature(lon: number, lat: number, withinKm: number): { feature: number; distanceKm: number } | null {
    if (!index || !(withinKm > 0)) return null;
    // A degree of longitude is the shorter one, so this radius in degrees covers withinKm every way.
    const radiusDegrees = withinKm / (KM_PER_DEGREE_LATITUDE * Math.cos((Math.min(Math.abs(lat), 89) * Math.PI) / 180));
    let best: { feature: number; distanceKm: number } | null = null;
    for (const i of index.neighbors(lon, lat, Infinity, radiusDegrees)) {
      const part = parts[i]!;
      const distanceKm = Math.max(0, pointToPolygonDistance([lon, lat], part.polygon, { units: 'kilometers' }));
      if (distanceKm > withinKm) continue;
      if (!best || distanceKm < best.distanceKm || (distanceKm === best.distanceKm && part.feature < best.feature)) {
        best = { feature: part.feature, distanceKm };
      }
    }
    return best;
  }

  return {
    locate(lon, lat) {
      const feature = locateFeature(lon, lat);
      return feature === null ? null : features[feature]!.code;
    },
    assignPoints(points, options = {}) {
      const assigned = new Map<string, PointAssignment>();
      const unassigned: string[] = [];
      for (const { code, lon, lat } of points) {
        const inside = locateFeature(lon, lat);
        const hit = inside !== null ? { feature: inside, distanceKm: 0 } : nearestFeature(lon, lat, options.nearestWithinKm ?? 0);
        if (hit) assigned.set(code, { areaCode: features[hit.feature]!.code, distanceKm: hit.distanceKm });
        else unassigned.push(code);
      }
      return { assigned, unassigned };
    },
  };
}
