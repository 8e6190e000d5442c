/**
 * The two coordinate reference systems boundary files arrive in, and how to tell them apart.
 * Everything we hand on is WGS84 lon/lat (RFC 7946); British National Grid is reprojected.
 */
import proj4 from 'proj4';

export type BoundaryCrs = 'EPSG:4326' | 'EPSG:27700';

/**
 * OSGB36 / British National Grid with the standard 7-parameter Helmert shift to WGS84. This is
 * within about 5 m of OSTN15 across Scotland: far finer than the generalised boundaries we map.
 */
export const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const bngToWgs84 = proj4(BRITISH_NATIONAL_GRID, 'EPSG:4326');

/** Reprojects one British National Grid easting/northing (metres) to [lon, lat]. */
export function britishNationalGridToLonLat(easting: number, northing: number): [number, number] {
  const [lon, lat] = bngToWgs84.forward([easting, northing]);
  return [lon as number, lat as number];
}

/**
 * Reads the CRS named by a GeoJSON `crs` member (the 2008 GeoJSON spec; RFC 7946 dropped it).
 * Returns null for a name we do not support. ETRS89 (EPSG:4258) is taken as WGS84: the two
 * differ by under a metre in Scotland.
 */
export function crsFromName(name: string): BoundaryCrs | null {
  const trimmed = name.trim();
  if (/CRS:?84$/i.test(trimmed)) return 'EPSG:4326';
  const epsg = /(?:^|:)EPSG:(?:[\d.]*:)?(\d+)$/i.exec(trimmed) ?? /\/EPSG\/[\d.]+\/(\d+)$/i.exec(trimmed);
  switch (epsg?.[1]) {
    case '27700':
      return 'EPSG:27700';
    case '4326':
    case '4258':
      return 'EPSG:4326';
    default:
      return null;
  }
}

/** Reads the CRS of a shapefile's .prj (ESRI WKT). Returns null for anything else. */
export function crsFromWkt(wkt: string): BoundaryCrs | null {
  const text = wkt.trim();
  if (/^PROJCS\[/i.test(text)) {
    if (/British[_ ]National[_ ]Grid|"EPSG",\s*"?27700"?\]/i.test(text)) return 'EPSG:27700';
    if (/OSGB[_ ]?(?:19)?36/i.test(text) && /Transverse_Mercator/i.test(text) && /"central_meridian",\s*-2(?:\.0*)?\]/i.test(text)) {
      return 'EPSG:27700';
    }
    return null;
  }
  if (/^GEOGCS\[/i.test(text) && /WGS[_ ]?(?:19)?84|ETRS[_ ]?(?:19)?89/i.test(text)) return 'EPSG:4326';
  return null;
}

export function isLonLat(x: number, y: number): boolean {
  return x >= -180 && x <= 180 && y >= -90 && y <= 90;
}

/** The National Grid's extent with a margin: eastings 0–700 km, northings 0–1,300 km. */
export function isBritishNationalGrid(x: number, y: number): boolean {
  return x >= -100_000 && x <= 800_000 && y >= -100_000 && y <= 1_400_000;
}
