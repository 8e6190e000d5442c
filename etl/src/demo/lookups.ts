/**
 * The geography files: the SG "2011 Data Zone Lookup" (all 38 columns of Datazone2011lookup.csv),
 * membership files (dz_code,area_code,area_name) for the levels that lookup lacks, and data-zone
 * boundaries as GeoJSON in British National Grid.
 */
import { csvLine } from './csv.ts';
import { COUNTRY, HEALTH_BOARD, type Area, type Geography } from './hierarchy.ts';

const SG_LOOKUP_COLUMNS = [
  'DZ2011_Code', 'DZ2011_Name', 'IZ2011_Code', 'IZ2011_Name', 'MMWard_Code', 'MMWard_Name', 'LA_Code', 'LA_Name', 'SPC_Code', 'SPC_Name',
  'UKPC_Code', 'UKPC_Name', 'HB_Code', 'HB_Name', 'HIA_Code', 'HIA_Name', 'SPD_Code', 'SPD_Name', 'SFRLSO_Code', 'SFRLSO_Name',
  'SFRSDA_Code', 'SFRSDA_Name', 'RRP_Code', 'RRP_Name', 'LRP_Code', 'LRP_Name', 'TTWA2011_Code', 'TTWA2011_Name', 'UR2_Code', 'UR2_Name',
  'UR3_Code', 'UR3_Name', 'UR6_Code', 'UR6_Name', 'UR8_Code', 'UR8_Name', 'Country_Code', 'Country_Name',
] as const;

/** Police division, fire and rescue areas and resilience partnerships: one of each, covering both councils. */
const SINGLE_AREAS = {
  SPD: ['S32900001', 'Firthshire (synthetic)'],
  SFRLSO: ['S39900001', 'Firthshire (synthetic)'],
  SFRSDA: ['S40900001', 'East (synthetic)'],
  RRP: ['S43900001', 'East (synthetic)'],
  LRP: ['S42900001', 'Firthshire (synthetic)'],
} as const;

export function sgLookupCsv(g: Geography): string {
  const lines = g.dataZones.map((dz, i) => {
    const area = (areas: Area[], of: number[]) => areas[of[i] as number] as Area;
    const iz = area(g.intermediateZones, g.izOf);
    const ward = area(g.wards, g.wardOf);
    const council = g.councils[g.councilOf[i] as number]!;
    const spc = area(g.scottishParliament, g.scottishParliamentOf);
    const ukpc = area(g.ukParliament, g.ukParliamentOf);
    const ttwa = area(g.travelToWork, g.travelToWorkOf);
    const ur = dz.cell.urbanRural;
    return csvLine([
      dz.code, dz.name, iz.code, iz.name, ward.code, ward.name, council.code, council.name, spc.code, spc.name,
      ukpc.code, ukpc.name, HEALTH_BOARD.code, HEALTH_BOARD.name, council.hscp.code, council.hscp.name, ...SINGLE_AREAS.SPD, ...SINGLE_AREAS.SFRLSO,
      ...SINGLE_AREAS.SFRSDA, ...SINGLE_AREAS.RRP, ...SINGLE_AREAS.LRP, ttwa.code, ttwa.name, ...ur.ur2, ...ur.ur3, ...ur.ur6, ...ur.ur8,
      COUNTRY.code, COUNTRY.name,
    ]);
  });
  return [SG_LOOKUP_COLUMNS.join(','), ...lines].join('\n') + '\n';
}

/** dz_code,area_code,area_name: one row per data zone, in data-zone order. */
export function membershipCsv(g: Geography, areas: Area[], of: number[]): string {
  const lines = g.dataZones.map((dz, i) => {
    const a = areas[of[i] as number] as Area;
    return csvLine([dz.code, a.code, a.name]);
  });
  return ['dz_code,area_code,area_name', ...lines].join('\n') + '\n';
}

/** Data-zone polygons in EPSG:27700, one feature a line; rings closed and counter-clockwise. */
export function boundariesGeoJson(g: Geography): string {
  const features = g.dataZones.map((dz) => {
    const ring = [...dz.cell.ring, dz.cell.ring[0]!];
    return JSON.stringify({ type: 'Feature', properties: { DataZone: dz.code, Name: dz.name }, geometry: { type: 'Polygon', coordinates: [ring] } });
  });
  return (
    '{"type":"FeatureCollection",\n"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},\n"features":[\n' +
    features.join(',\n') +
    '\n]}\n'
  );
}
