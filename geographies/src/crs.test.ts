import { describe, expect, it } from 'vitest';
import { britishNationalGridToLonLat, crsFromName, crsFromWkt } from './crs.ts';

describe('britishNationalGridToLonLat', () => {
  // Expected values computed independently with the Ordnance Survey's published formulas
  // ("A guide to coordinate systems in Great Britain", inverse transverse Mercator on Airy 1830,
  // then the 7-parameter Helmert to WGS84), not with proj4.
  it.each([
    [326_000, 700_000, -3.1939, 56.1869],
    [328_000, 702_000, -3.1622, 56.2051],
    [400_000, 800_000, -2.0016, 57.091],
  ])('reprojects %i, %i to about %f, %f', (easting, northing, lon, lat) => {
    const [x, y] = britishNationalGridToLonLat(easting, northing);
    expect(x).toBeCloseTo(lon, 4);
    expect(y).toBeCloseTo(lat, 4);
  });
});

describe('crsFromName', () => {
  it.each([
    ['EPSG:27700', 'EPSG:27700'],
    ['urn:ogc:def:crs:EPSG::27700', 'EPSG:27700'],
    ['urn:ogc:def:crs:EPSG:6.18.3:27700', 'EPSG:27700'],
    ['http://www.opengis.net/def/crs/EPSG/0/27700', 'EPSG:27700'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['EPSG:4326', 'EPSG:4326'],
    ['urn:ogc:def:crs:EPSG::4258', 'EPSG:4326'],
    ['EPSG:3857', null],
    ['EPSG:277000', null],
    ['British National Grid', null],
  ])('%s → %s', (name, expected) => {
    expect(crsFromName(name)).toBe(expected);
  });
});

describe('crsFromWkt', () => {
  const esriBng =
    'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],' +
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],' +
    'PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],' +
    'PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]';
  const ogcBng =
    'PROJCS["OSGB36 / British National Grid",GEOGCS["OSGB36",DATUM["Ordnance_Survey_of_Great_Britain_1936",' +
    'SPHEROID["Airy 1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],' +
    'PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],' +
    'PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],' +
    'UNIT["metre",1],AUTHORITY["EPSG","27700"]]';
  const wgs84 =
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  const webMercator =
    'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],UNIT["Meter",1.0]]';

  it('recognises ESRI and OGC British National Grid, and WGS84', () => {
    expect(crsFromWkt(esriBng)).toBe('EPSG:27700');
    expect(crsFromWkt(ogcBng)).toBe('EPSG:27700');
    expect(crsFromWkt(wgs84)).toBe('EPSG:4326');
  });

  it('rejects other projections', () => {
    expect(crsFromWkt(webMercator)).toBeNull();
    expect(crsFromWkt('')).toBeNull();
  });
});
