/**
 * Builds the shapes of every level from the data-zone boundaries alone. The data zones become one
 * topology; each area is the merge of its data zones' polygons, which drops the arcs they share,
 * so areas have no slivers or gaps between them and neighbouring areas share their edges exactly.
 */
import { area as turfArea, bbox as turfBbox } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature, mergeArcs } from 'topojson-client';
import { topology } from 'topojson-server';
import type * as TopoJSON from 'topojson-specification';
import type { BoundaryFeature } from './boundaries.ts';
import { labelPoint } from './labelPoint.ts';
import { toRfc7946 } from './rings.ts';
import { type ArcRing, createLevelSimplifier } from './simplifyTopology.ts';

/** How one level's areas are made of data zones. */
export interface LevelMembership {
  key: string;
  /** Area code → codes of the data zones it is made of. */
  dataZones: ReadonlyMap<string, readonly string[]>;
  /** Area code → name. Areas without one are named by their code. */
  names?: ReadonlyMap<string, string>;
}

export interface AreaShape {
  code: string;
  name: string;
  /** The dissolved boundary at the data zones' own detail (WGS84, RFC 7946 winding). */
  geometry: Polygon | MultiPolygon;
  /** The same boundary simplified; it shares its edges with its neighbours' simplified shapes. */
  simplified: Polygon | MultiPolygon;
  /** From the unsimplified geometry, on the WGS84 ellipsoid's mean sphere (turf `area`). */
  areaKm2: number;
  /** [lon, lat] inside the area: its area-weighted centroid, or a point on its surface. */
  centroid: [number, number];
  /** [west, south, east, north]. */
  bbox: [number, number, number, number];
  /** Data zones with a boundary that went into the shape. */
  dataZoneCount: number;
}

export interface LevelShapes {
  key: string;
  areas: Map<string, AreaShape>;
  /**
   * The level's simplified shapes as TopoJSON for the map's first paint: one object named by the
   * level key, one geometry per area with `id` and `properties.code` set to the area code.
   */
  topojson: string;
}

/** Mismatches between a level's membership and the data-zone boundaries. None stops the build. */
export interface LevelCoverage {
  /** Data zones named in the membership that have no boundary. */
  dataZonesWithoutBoundary: string[];
  /** Data zones with a boundary that no area of the level claims. */
  dataZonesWithoutArea: string[];
  /** Areas none of whose data zones has a boundary: they get no shape. */
  areasWithoutShape: string[];
}

export interface BuildLevelShapesOptions {
  /** Key under which the data zones themselves are returned. Default 'dz2011'. */
  baseLevelKey?: string;
  /**
   * Share of the removable points each level keeps when simplified, ranked by effective area
   * relative to the area they bound (see simplifyTopology.ts). On the real Scotland file (already
   * generalised to 5% of the official points), 0.2 leaves the simplified area within 4.2% of the
   * full one for 95% of data zones, 0.5% of wards and 0.3% of councils. Default 0.2.
   */
  simplifyKeep?: number;
  /** Grid of the first-paint TopoJSON: 1e5 steps across the level's extent. Default 1e5. */
  quantization?: number;
}

export interface LevelShapesResult {
  /** The base level first, then the levels in the order given. */
  levels: Map<string, LevelShapes>;
  coverage: Map<string, LevelCoverage>;
}

type TopoPolygon = TopoJSON.Polygon | TopoJSON.MultiPolygon;

interface PendingArea {
  code: string;
  name: string;
  /** The area's rings as references to the data-zone topology's arcs. */
  arcs: TopoPolygon;
  /** Present when the area is a data zone: its geometry as read. */
  geometry?: Polygon | MultiPolygon;
  dataZoneCount: number;
}

export function buildLevelShapes(
  dataZones: readonly BoundaryFeature[],
  levels: readonly LevelMembership[],
  options: BuildLevelShapesOptions = {},
): LevelShapesResult {
  const { baseLevelKey = 'dz2011', simplifyKeep = 0.2, quantization = 1e5 } = options;

  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: dataZones.map((dz) => ({ type: 'Feature', id: dz.code, properties: null, geometry: dz.geometry })),
  };
  const dzTopology = topology({ dataZones: collection });
  const dzObjects = (dzTopology.objects.dataZones as TopoJSON.GeometryCollection).geometries as TopoPolygon[];
  const dzArcs = new Map<string, TopoPolygon>();
  dataZones.forEach((dz, i) => {
    if (dzArcs.has(dz.code)) throw new Error(`data zone ${dz.code} has more than one boundary`);
    dzArcs.set(dz.code, dzObjects[i] as TopoPolygon);
  });

  const pending = new Map<string, PendingArea[]>();
  pending.set(
    baseLevelKey,
    dataZones.map((dz) => ({ code: dz.code, name: dz.name, arcs: dzArcs.get(dz.code)!, geometry: dz.geometry, dataZoneCount: 1 })),
  );
  const coverage = new Map<string, LevelCoverage>();
  for (const level of levels) {
    if (pending.has(level.key)) throw new Error(`level ${level.key} is given more than once`);
    const { areas, levelCoverage } = dissolveLevel(level, dzArcs, dzTopology);
    pending.set(level.key, areas);
    coverage.set(level.key, levelCoverage);
  }

  const simplifyLevel = createLevelSimplifier(dzTopology);
  const result = new Map<string, LevelShapes>();
  for (const [key, areas] of pending) {
    const measured = areas.map((area) => {
      const geometry = area.geometry ?? decode(dzTopology, area.arcs);
      return { area, geometry, areaKm2: turfArea(geometry) / 1e6 };
    });
    const simplifiedTopology = simplifyLevel(
      measured.map(({ area, areaKm2 }) => ({ rings: arcRings(area.arcs), areaKm2 })),
      simplifyKeep,
    );
    const shapes = new Map<string, AreaShape>();
    for (const { area, geometry, areaKm2 } of measured) {
      shapes.set(area.code, {
        code: area.code,
        name: area.name,
        geometry,
        simplified: decode(simplifiedTopology, area.arcs),
        areaKm2,
        centroid: labelPoint(geometry).map(round6) as [number, number],
        bbox: turfBbox(geometry) as [number, number, number, number],
        dataZoneCount: area.dataZoneCount,
      });
    }
    result.set(key, { key, areas: shapes, topojson: levelTopoJson(key, shapes, quantization) });
  }
  return { levels: result, coverage };
}

function dissolveLevel(
  level: LevelMembership,
  dzArcs: ReadonlyMap<string, TopoPolygon>,
  dzTopology: TopoJSON.Topology,
): { areas: PendingArea[]; levelCoverage: LevelCoverage } {
  const areaOf = new Map<string, string>();
  const withoutBoundary = new Set<string>();
  const areasWithoutShape: string[] = [];
  const areas: PendingArea[] = [];

  for (const [code, members] of level.dataZones) {
    const objects: TopoPolygon[] = [];
    for (const dz of new Set(members)) {
      const other = areaOf.get(dz);
      if (other !== undefined) {
        throw new Error(`level ${level.key}: data zone ${dz} is in both ${other} and ${code}`);
      }
      areaOf.set(dz, code);
      const arcs = dzArcs.get(dz);
      if (arcs) objects.push(arcs);
      else withoutBoundary.add(dz);
    }
    if (objects.length === 0) {
      areasWithoutShape.push(code);
      continue;
    }
    areas.push({
      code,
      name: level.names?.get(code) ?? code,
      arcs: mergeArcs(dzTopology, objects),
      dataZoneCount: objects.length,
    });
  }

  const dataZonesWithoutArea = [...dzArcs.keys()].filter((dz) => !areaOf.has(dz));
  return {
    areas,
    levelCoverage: { dataZonesWithoutBoundary: [...withoutBoundary], dataZonesWithoutArea, areasWithoutShape },
  };
}

function arcRings(geometry: TopoPolygon): ArcRing[] {
  return geometry.type === 'Polygon' ? geometry.arcs : geometry.arcs.flat();
}

function decode(topo: TopoJSON.Topology, arcs: TopoPolygon): Polygon | MultiPolygon {
  // Decoded rings are new arrays (their points are shared with the topology), so rewinding is safe.
  const { geometry } = arcs.type === 'Polygon' ? feature(topo, arcs) : feature(topo, arcs);
  return toRfc7946(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
}

function levelTopoJson(key: string, shapes: ReadonlyMap<string, AreaShape>, quantization: number): string {
  const features: Feature<Polygon | MultiPolygon>[] = [...shapes.values()].map((shape) => ({
    type: 'Feature',
    id: shape.code,
    properties: { code: shape.code, name: shape.name },
    geometry: shape.simplified,
  }));
  return JSON.stringify(topology({ [key]: { type: 'FeatureCollection', features } as FeatureCollection }, quantization));
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
