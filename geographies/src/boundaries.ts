/**
 * Reads a boundary file (GeoJSON FeatureCollection or ESRI shapefile) into coded WGS84 polygons.
 * British National Grid input is reprojected; output coordinates are rounded to 6 decimals
 * (about 0.1 m) and wound to the RFC 7946 right-hand rule.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { extname } from 'node:path';
import type { GeoJsonProperties, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import * as shapefile from 'shapefile';
import {
  type BoundaryCrs,
  britishNationalGridToLonLat,
  crsFromName,
  crsFromWkt,
  isBritishNationalGrid,
  isLonLat,
} from './crs.ts';
import { signedArea } from './rings.ts';

export interface BoundaryFeature {
  code: string;
  name: string;
  /** WGS84 lon/lat, exterior rings counter-clockwise. */
  geometry: Polygon | MultiPolygon;
}

export interface Boundaries {
  features: BoundaryFeature[];
  /** The CRS the file was in (before any reprojection). */
  sourceCrs: BoundaryCrs;
}

export interface ReadBoundariesOptions {
  /** The property holding each area's code, e.g. 'dz11_code' or 'DataZone'. */
  codeProperty: string;
  /** The property holding each area's name; without it, names are the codes. */
  nameProperty?: string;
}

/** A boundary file we cannot use. The message names the file and, where it helps, the feature. */
export class BoundaryFileError extends Error {
  override name = 'BoundaryFileError';
  constructor(
    readonly file: string,
    detail: string,
    readonly featureIndex?: number,
  ) {
    super(`${file}: ${featureIndex === undefined ? '' : `feature ${featureIndex}: `}${detail}`);
  }
}

interface RawFeature {
  properties: GeoJsonProperties;
  geometry: Geometry | null;
}

interface RawFile {
  features: RawFeature[];
  /** The CRS the file declares, or null when it declares none. */
  declaredCrs: BoundaryCrs | null;
}

export async function readBoundaries(file: string, options: ReadBoundariesOptions): Promise<Boundaries> {
  // A gzipped GeoJSON (boundaries.geojson.gz) is read as the GeoJSON inside it.
  const extension = extname(file.replace(/\.gz$/i, '')).toLowerCase();
  if (extension === '.shp' && /\.gz$/i.test(file)) throw new BoundaryFileError(file, 'a shapefile cannot be read gzipped: unpack it beside its .dbf, .shx and .prj');
  let raw: RawFile;
  if (extension === '.shp') raw = await readShapefile(file);
  else if (extension === '.geojson' || extension === '.json') raw = await readGeoJson(file);
  else throw new BoundaryFileError(file, `unsupported file type '${extension}': expected .geojson, .json or .shp`);
  return toBoundaries(file, raw, options);
}

async function readGeoJson(file: string): Promise<RawFile> {
  let text: string;
  try {
    const bytes = await readFile(file);
    text = (/\.gz$/i.test(file) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new BoundaryFileError(file, `cannot read file (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BoundaryFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    const found = isObject(json) && typeof json.type === 'string' ? `'${json.type}'` : 'something else';
    throw new BoundaryFileError(file, `expected a GeoJSON FeatureCollection, found ${found}`);
  }
  const features = json.features.map((feature: unknown, index: number): RawFeature => {
    if (!isObject(feature) || feature.type !== 'Feature') {
      throw new BoundaryFileError(file, 'not a GeoJSON Feature', index);
    }
    return {
      properties: isObject(feature.properties) ? feature.properties : null,
      geometry: isObject(feature.geometry) ? (feature.geometry as unknown as Geometry) : null,
    };
  });
  return { features, declaredCrs: geoJsonCrs(file, json.crs) };
}

function geoJsonCrs(file: string, crs: unknown): BoundaryCrs | null {
  if (crs === undefined || crs === null) return null;
  const name = isObject(crs) && isObject(crs.properties) ? crs.properties.name : undefined;
  const parsed = typeof name === 'string' ? crsFromName(name) : null;
  if (!parsed) {
    throw new BoundaryFileError(
      file,
      `unknown CRS ${JSON.stringify(crs)}: expected WGS84 (EPSG:4326) or British National Grid (EPSG:27700)`,
    );
  }
  return parsed;
}

async function readShapefile(file: string): Promise<RawFile> {
  const stem = file.slice(0, -'.shp'.length);
  const sidecar = (extension: string) => [stem + extension, stem + extension.toUpperCase()].find(existsSync);
  if (!existsSync(file)) throw new BoundaryFileError(file, 'file not found');
  const dbf = sidecar('.dbf');
  if (!dbf) throw new BoundaryFileError(file, 'the shapefile has no .dbf beside it, so features have no codes');

  const prj = sidecar('.prj');
  let declaredCrs: BoundaryCrs | null = null;
  if (prj) {
    const wkt = await readFile(prj, 'utf8');
    declaredCrs = crsFromWkt(wkt);
    if (!declaredCrs) {
      throw new BoundaryFileError(
        file,
        `unknown CRS in ${prj} (${wkt.trim().slice(0, 80)}…): expected WGS84 or British National Grid`,
      );
    }
  }
  // Without a .cpg the dbf is read as Windows-1252, the shapefile default.
  const cpg = sidecar('.cpg');
  const encoding = cpg && /utf-?8/i.test(await readFile(cpg, 'utf8')) ? 'utf-8' : undefined;

  const features: RawFeature[] = [];
  try {
    const source = await shapefile.open(file, dbf, encoding ? { encoding } : undefined);
    for (let result = await source.read(); !result.done; result = await source.read()) {
      features.push({ properties: result.value.properties, geometry: result.value.geometry });
    }
  } catch (error) {
    throw new BoundaryFileError(file, `cannot read shapefile (${(error as Error).message})`);
  }
  return { features, declaredCrs };
}

function toBoundaries(file: string, raw: RawFile, options: ReadBoundariesOptions): Boundaries {
  const { codeProperty, nameProperty } = options;
  if (nameProperty && raw.features.length > 0 && !raw.features.some((f) => hasValue(f.properties?.[nameProperty]))) {
    throw new BoundaryFileError(file, `no feature has the name property '${nameProperty}'${propertyList(raw)}`);
  }

  const seen = new Map<string, number>();
  const polygons = raw.features.map((feature, index) => {
    const codeValue = feature.properties?.[codeProperty];
    if (!hasValue(codeValue)) {
      throw new BoundaryFileError(file, `missing code property '${codeProperty}'${propertyList(raw, index)}`, index);
    }
    const code = String(codeValue).trim();
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      throw new BoundaryFileError(file, `duplicate code '${code}' in '${codeProperty}' (also feature ${earlier})`, index);
    }
    seen.set(code, index);

    const nameValue = nameProperty ? feature.properties?.[nameProperty] : undefined;
    const name = hasValue(nameValue) ? String(nameValue).trim() : code;

    const geometry = feature.geometry;
    if (!geometry) throw new BoundaryFileError(file, `'${code}' has no geometry`, index);
    if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
      throw new BoundaryFileError(
        file,
        `'${code}' has a ${geometry.type} geometry: only Polygon and MultiPolygon are supported`,
        index,
      );
    }
    const parts: unknown = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    if (!isArrayOf(parts, (rings) => isArrayOf(rings, (ring) => isArrayOf(ring, Array.isArray)))) {
      throw new BoundaryFileError(file, `'${code}' has malformed ${geometry.type} coordinates`, index);
    }
    return { code, name, parts: parts as PolygonCoordinates[] };
  });

  const sourceCrs = raw.declaredCrs ?? detectCrs(polygons);
  checkCoordinates(file, polygons, sourceCrs);
  const toLonLat =
    sourceCrs === 'EPSG:27700'
      ? (p: Position) => britishNationalGridToLonLat(p[0] as number, p[1] as number)
      : (p: Position) => [p[0] as number, p[1] as number];

  const features = polygons.map(({ code, name, parts }, index): BoundaryFeature => {
    const cleaned = parts.map((rings) => cleanPolygon(rings, toLonLat)).filter((rings) => rings !== null);
    const first = cleaned[0];
    if (!first) throw new BoundaryFileError(file, `'${code}' has no polygon with an area`, index);
    const geometry: Polygon | MultiPolygon =
      cleaned.length === 1 ? { type: 'Polygon', coordinates: first } : { type: 'MultiPolygon', coordinates: cleaned };
    return { code, name, geometry };
  });
  return { features, sourceCrs };
}

type PolygonCoordinates = Position[][];

/** Without a declared CRS, any coordinate outside lon/lat range means British National Grid. */
function detectCrs(polygons: Array<{ parts: PolygonCoordinates[] }>): BoundaryCrs {
  for (const { parts } of polygons) {
    for (const rings of parts) {
      for (const ring of rings) {
        for (const p of ring) {
          if (!isLonLat(p[0] as number, p[1] as number)) return 'EPSG:27700';
        }
      }
    }
  }
  return 'EPSG:4326';
}

function checkCoordinates(
  file: string,
  polygons: Array<{ code: string; parts: PolygonCoordinates[] }>,
  crs: BoundaryCrs,
): void {
  const inRange = crs === 'EPSG:27700' ? isBritishNationalGrid : isLonLat;
  polygons.forEach(({ code, parts }, index) => {
    for (const rings of parts) {
      for (const ring of rings) {
        for (const p of ring) {
          const [x, y] = p;
          if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
            throw new BoundaryFileError(file, `'${code}' has a non-numeric coordinate ${JSON.stringify(p)}`, index);
          }
          if (!inRange(x, y)) {
            throw new BoundaryFileError(
              file,
              `unknown CRS: '${code}' has coordinate [${x}, ${y}], which is neither WGS84 lon/lat nor British National Grid` +
                (crs === 'EPSG:27700' ? '' : ' (the file declares WGS84)'),
              index,
            );
          }
        }
      }
    }
  });
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Reprojects and rounds one polygon, drops repeated points, and winds it to RFC 7946 (exterior
 * counter-clockwise, holes clockwise). Returns null if the exterior has no area left.
 */
function cleanPolygon(rings: PolygonCoordinates, toLonLat: (p: Position) => number[]): PolygonCoordinates | null {
  const cleaned: PolygonCoordinates = [];
  for (const [i, ring] of rings.entries()) {
    const out: Position[] = [];
    for (const p of ring) {
      const [lon, lat] = toLonLat(p) as [number, number];
      const q = [round6(lon), round6(lat)];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    const first = out[0];
    const last = out[out.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0] as number, first[1] as number]);
    const area = signedArea(out);
    if (out.length < 4 || area === 0) {
      if (i === 0) return null;
      continue;
    }
    const exterior = i === 0;
    if (exterior !== area > 0) out.reverse();
    cleaned.push(out);
  }
  return cleaned;
}

function hasValue(value: unknown): value is string | number {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

function propertyList(raw: RawFile, index = 0): string {
  const keys = Object.keys(raw.features[index]?.properties ?? {});
  return keys.length ? ` (properties are: ${keys.join(', ')})` : ' (features have no properties)';
}

function isArrayOf(value: unknown, check: (item: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every(check);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
