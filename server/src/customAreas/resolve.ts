/**
 * Turns what a user gave (data zone codes, postcodes or a polygon) into the set of 2011 data zones
 * a custom area is made of, and says how every entry was resolved: nothing is dropped silently.
 */
import { createPolygonIndex } from '../../../geographies/src/pointIndex.ts';
import type { Database } from '../db.ts';
import { postcodePlacement, type PostcodePlacement } from '../postcodePlacement.ts';
import { CUSTOM_AREA_VINTAGE } from '../rollup/reach.ts';
import { zoneCentresIn, zonesByCode, zonesOfPostcodes, type MemberZone } from '../queries/customAreas.ts';
import { GeometryError, readAreaGeometry, vertexCount, type AreaGeometry } from './geometry.ts';

/** At most this many codes or postcodes, and at most this many data zones in a drawn area. */
export const MAX_ENTRIES = 2_000;
export const MAX_VERTICES = 10_000;

export class CustomAreaError extends Error {
  override name = 'CustomAreaError';
  constructor(readonly statusCode: 400 | 413 | 422, message: string) {
    super(message);
  }
}

export interface AreaDefinition {
  dataZones?: string[];
  postcodes?: string[];
  polygon?: unknown;
}

export interface Resolution {
  input: 'dataZones' | 'postcodes' | 'polygon';
  /** Entries sent (codes or postcodes), or positions in the polygon. */
  given: number;
  /** Entries that were placed in a data zone (for a polygon: data zones whose centre is inside). */
  resolved: number;
  /** Entries sent more than once, counted once. */
  duplicates: number;
  /** Entries that could not be placed, as normalised. */
  unknown: string[];
  /** For postcodes: each known postcode, its data zone and how it was placed there. */
  postcodes?: ({ postcode: string; dataZone: string; deleted: boolean } & PostcodePlacement)[];
  /** Plain words on anything a user should know about how the area was made. */
  notes: string[];
}

export interface ResolvedArea {
  members: MemberZone[];
  resolution: Resolution;
}

const listed = (items: string[], max = 20) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);

export const CENTRE_NOTE =
  "A data zone is in the area when its centre lies inside the polygon. The centre is the label point of the zone's boundary " +
  '(its area-weighted centroid, or a point inside the zone when that falls outside): it stands in for the population-weighted ' +
  'centroid that National Records of Scotland publishes, which this build does not hold, so zones on the edge may fall differently.';

/** Upper case, one space before the inward code: 'ky11xx' → 'KY1 1XX'. */
export function normalisePostcode(text: string): string {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return compact.length >= 5 && compact.length <= 7 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

/** Exactly one way of defining the area; throws a 400 naming the fields otherwise. */
function chooseInput(definition: AreaDefinition): Resolution['input'] {
  const given = (['dataZones', 'postcodes', 'polygon'] as const).filter((key) => definition[key] !== undefined);
  if (given.length !== 1) {
    throw new CustomAreaError(400, given.length === 0
      ? 'Define the area with one of: "dataZones" (2011 data zone codes such as S01000001), "postcodes" (such as "KY1 1XX") or "polygon" (a GeoJSON Polygon or MultiPolygon in WGS84).'
      : `Define the area one way only: the body has ${given.map((g) => `"${g}"`).join(' and ')}. Send one of "dataZones", "postcodes" or "polygon".`);
  }
  return given[0]!;
}

function checkCount(count: number, what: string): void {
  if (count > MAX_ENTRIES) {
    throw new CustomAreaError(413, `The area lists ${count.toLocaleString('en-GB')} ${what}; custom areas accept at most ${MAX_ENTRIES.toLocaleString('en-GB')}. Split it into smaller areas, or use a published area such as a council.`);
  }
  if (count === 0) throw new CustomAreaError(400, `The list of ${what} is empty: give at least one.`);
}

export async function resolveArea(db: Database, definition: AreaDefinition): Promise<ResolvedArea> {
  const input = chooseInput(definition);
  if (input === 'dataZones') return byCodes(db, definition.dataZones!);
  if (input === 'postcodes') return byPostcodes(db, definition.postcodes!);
  return byPolygon(db, definition.polygon);
}

async function byCodes(db: Database, given: string[]): Promise<ResolvedArea> {
  checkCount(given.length, 'data zone codes');
  const codes = [...new Set(given.map((c) => c.trim().toUpperCase()))];
  const found = await zonesByCode(db, codes);
  const members = found.filter((z) => z.vintage === CUSTOM_AREA_VINTAGE);
  const known = new Set(members.map((z) => z.code));
  const unknown = codes.filter((c) => !known.has(c));
  const later = found.filter((z) => z.vintage !== CUSTOM_AREA_VINTAGE).map((z) => z.code);
  const notes = later.length > 0 ? [`${listed(later)} ${later.length === 1 ? 'is a 2022 data zone' : 'are 2022 data zones'}; custom areas are made of 2011 data zones (codes S01000001 to S01006976).`] : [];
  if (members.length === 0) {
    const why = notes.length > 0 ? `${notes[0]} ` : '';
    throw new CustomAreaError(400, `None of the ${codes.length} data zone codes is a 2011 data zone in this build: ${listed(unknown)}. ${why}Codes look like S01000001; find them with /api/v1/areas?level=dz2011&q=<name>.`);
  }
  return { members: strip(members), resolution: { input: 'dataZones', given: given.length, resolved: members.length, duplicates: given.length - codes.length, unknown, notes } };
}

async function byPostcodes(db: Database, given: string[]): Promise<ResolvedArea> {
  checkCount(given.length, 'postcodes');
  const postcodes = [...new Set(given.map(normalisePostcode))];
  const found = (await zonesOfPostcodes(db, postcodes)).filter((p) => p.vintage === CUSTOM_AREA_VINTAGE);
  const known = new Set(found.map((p) => p.postcode));
  const unknown = postcodes.filter((p) => !known.has(p));
  if (found.length === 0) {
    throw new CustomAreaError(400, `None of the ${postcodes.length} postcodes is in this build's postcode lookup: ${listed(unknown)}. Check them for typing errors; postcodes look like "KY1 1XX".`);
  }
  const byZone = new Map<number, MemberZone>();
  for (const p of found) byZone.set(p.dzId, p);
  const deleted = found.filter((p) => p.deleted).map((p) => p.postcode);
  const notes = deleted.length > 0 ? [`${listed(deleted)} ${deleted.length === 1 ? 'is no longer in use; it is' : 'are no longer in use; each is'} placed in the data zone it last belonged to.`] : [];
  const approximate = found.filter((p) => postcodePlacement(p.dzMethod).approximate).map((p) => p.postcode);
  if (approximate.length > 0) {
    notes.push(`${approximate.length === found.length ? (found.length === 1 ? 'The postcode was' : `All ${found.length} postcodes were`) : `${listed(approximate)} (${approximate.length} of ${found.length}) ${approximate.length === 1 ? 'was' : 'were'}`} placed in data zones by their Code-Point Open centroid on generalised boundaries, so near a zone edge a postcode may be in the neighbouring zone.`);
  }
  return {
    members: strip([...byZone.values()].sort((a, b) => a.code.localeCompare(b.code))),
    resolution: {
      input: 'postcodes', given: given.length, resolved: found.length, duplicates: given.length - postcodes.length, unknown,
      postcodes: found.map((p) => ({ postcode: p.postcode, dataZone: p.code, deleted: p.deleted, ...postcodePlacement(p.dzMethod) })), notes,
    },
  };
}

async function byPolygon(db: Database, polygon: unknown): Promise<ResolvedArea> {
  let geometry: AreaGeometry;
  try {
    geometry = readAreaGeometry(polygon, MAX_VERTICES);
  } catch (error) {
    if (error instanceof GeometryError) throw new CustomAreaError(error.statusCode, error.message);
    throw error;
  }
  const box = boundingBox(geometry);
  const { centres, withoutCentre } = await zoneCentresIn(db, box);
  if (centres.length === 0 && withoutCentre > 0) {
    throw new CustomAreaError(422, 'This build has no data-zone boundaries, so no data zone can be placed in a polygon. Define the area by "dataZones" or "postcodes" instead.');
  }
  const index = createPolygonIndex([{ code: 'area', geometry }]);
  const inside = new Set(index.assignPoints(centres.map((c) => ({ code: c.code, lon: c.lon, lat: c.lat }))).assigned.keys());
  const members = centres.filter((c) => inside.has(c.code));
  if (members.length > MAX_ENTRIES) {
    throw new CustomAreaError(413, `The polygon holds ${members.length.toLocaleString('en-GB')} data zones; custom areas hold at most ${MAX_ENTRIES.toLocaleString('en-GB')}. Draw a smaller area, or use a published area such as a council.`);
  }
  const notes = [CENTRE_NOTE];
  if (withoutCentre > 0) notes.push(`${withoutCentre} data zones have no boundary in this build and could not be placed.`);
  return { members: strip(members), resolution: { input: 'polygon', given: vertexCount(geometry), resolved: members.length, duplicates: 0, unknown: [], notes } };
}

function boundingBox(geometry: AreaGeometry): { west: number; south: number; east: number; north: number } {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of parts) {
    for (const [lon, lat] of rings[0]!) {
      box.west = Math.min(box.west, lon!);
      box.east = Math.max(box.east, lon!);
      box.south = Math.min(box.south, lat!);
      box.north = Math.max(box.north, lat!);
    }
  }
  return box;
}

function strip(zones: MemberZone[]): MemberZone[] {
  return zones.map(({ dzId, code, name, population, populationYear }) => ({ dzId, code, name, population, populationYear }));
}
