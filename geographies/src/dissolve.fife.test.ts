/** Fife's 494 real 2011 data zones dissolved into its 104 intermediate zones. */
import { booleanPointInPolygon } from '@turf/turf';
import { merge } from 'topojson-client';
import type * as TopoJSON from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Boundaries, readBoundaries } from './boundaries.ts';
import { buildLevelShapes, type LevelShapesResult } from './dissolve.ts';
import { hasRealData, realDataTitle, realFile } from './testing/paths.ts';
import { membershipFromLookup, readCsvRecords } from './testing/sgLookup.ts';

describe.skipIf(!hasRealData)(realDataTitle('Fife data zones → intermediate zones (real boundaries)'), () => {
  let dataZones: Boundaries;
  let officialZones: Boundaries;
  let result: LevelShapesResult;

  beforeAll(async () => {
    dataZones = await readBoundaries(realFile('boundaries/dz2011_fife_wgs84_simplified.geojson'), {
      codeProperty: 'dz11_code',
      nameProperty: 'dz11_name',
    });
    officialZones = await readBoundaries(realFile('boundaries/iz2011_fife_wgs84_simplified.geojson'), {
      codeProperty: 'iz11_code',
      nameProperty: 'iz11_name',
    });
    const fife = new Set(dataZones.features.map((f) => f.code));
    const lookup = (await readCsvRecords(realFile('lookups/datazone2011_lookup_sg.csv'))).filter((r) => fife.has(r.DZ2011_Code!));
    const intermediateZones = membershipFromLookup('iz2011', lookup, { dataZone: 'DZ2011_Code', code: 'IZ2011_Code', name: 'IZ2011_Name' });
    result = buildLevelShapes(dataZones.features, [intermediateZones]);
  });

  it('reads 494 data zones already in WGS84', () => {
    expect(dataZones.sourceCrs).toBe('EPSG:4326');
    expect(dataZones.features).toHaveLength(494);
  });

  it('builds 104 intermediate zones with full coverage', () => {
    expect(result.levels.get('iz2011')!.areas.size).toBe(104);
    expect(result.levels.get('dz2011')!.areas.size).toBe(494);
    expect(result.coverage.get('iz2011')).toEqual({ dataZonesWithoutBoundary: [], dataZonesWithoutArea: [], areasWithoutShape: [] });
    const dzCount = [...result.levels.get('iz2011')!.areas.values()].reduce((sum, iz) => sum + iz.dataZoneCount, 0);
    expect(dzCount).toBe(494);
  });

  it('keeps the total area: intermediate zones sum to the data zones within 0.5%', () => {
    const sum = (level: string) => [...result.levels.get(level)!.areas.values()].reduce((total, a) => total + a.areaKm2, 0);
    const dzTotal = sum('dz2011');
    expect(dzTotal).toBeGreaterThan(1_250);
    expect(dzTotal).toBeLessThan(1_400); // Fife is about 1,325 km²
    expect(Math.abs(sum('iz2011') / dzTotal - 1)).toBeLessThan(0.005);
  });

  it('puts every centroid inside its own area', () => {
    for (const level of ['iz2011', 'dz2011']) {
      for (const area of result.levels.get(level)!.areas.values()) {
        expect(booleanPointInPolygon(area.centroid, area.geometry), `${level} ${area.code}`).toBe(true);
        const [west, south, east, north] = area.bbox;
        expect(area.centroid[0]).toBeGreaterThanOrEqual(west);
        expect(area.centroid[0]).toBeLessThanOrEqual(east);
        expect(area.centroid[1]).toBeGreaterThanOrEqual(south);
        expect(area.centroid[1]).toBeLessThanOrEqual(north);
      }
    }
  });

  it('agrees with the separately published intermediate-zone boundaries', () => {
    const official = new Map(officialZones.features.map((f) => [f.code, f]));
    for (const area of result.levels.get('iz2011')!.areas.values()) {
      expect(official.get(area.code)?.name).toBe(area.name);
      expect(booleanPointInPolygon(area.centroid, official.get(area.code)!.geometry), area.code).toBe(true);
    }
  });

  it('simplifies without slivers or gaps: the simplified zones merge into the same outline', () => {
    const level = result.levels.get('iz2011')!;
    const topo = JSON.parse(level.topojson) as TopoJSON.Topology;
    const geometries = (topo.objects.iz2011 as TopoJSON.GeometryCollection).geometries as TopoJSON.Polygon[];
    expect(geometries).toHaveLength(104);
    const outline = (t: TopoJSON.Topology, g: TopoJSON.Polygon[]) => merge(t, g).coordinates.map((rings) => rings.length).sort();
    const dzTopology = JSON.parse(result.levels.get('dz2011')!.topojson) as TopoJSON.Topology;
    const dzGeometries = (dzTopology.objects.dz2011 as TopoJSON.GeometryCollection).geometries as TopoJSON.Polygon[];
    // Same number of islands, each with the same number of holes, at both levels.
    expect(outline(topo, geometries)).toEqual(outline(dzTopology, dzGeometries));
    for (const area of level.areas.values()) {
      expect(area.simplified.type === 'Polygon' || area.simplified.type === 'MultiPolygon').toBe(true);
    }
  });
});
