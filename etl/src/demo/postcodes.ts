/**
 * A synthetic Scottish Postcode Directory: three live postcodes in every data zone (plus a few
 * deleted ones) in postcode area DM, which does not exist in the UK. Written with the header and
 * columns of spd_smalluser_sample_selected_columns.csv (CRLF line endings, as that file has).
 * Columns with no synthetic equivalent (output areas, 2001 data zones, census counts) are blank.
 */
import proj4 from 'proj4';
import { csvLine } from './csv.ts';
import { HEALTH_BOARD, type Geography } from './hierarchy.ts';
import type { Point } from './landmass.ts';
import { randomPointIn } from './polygon.ts';
import type { Random } from './random.ts';
import type { Settlement } from './settlements.ts';
import type { SimdEdition } from './simd.ts';

export const BRITISH_NATIONAL_GRID =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';

const COLUMNS = [
  'Postcode', 'PostcodeDistrict', 'PostcodeSector', 'DateOfIntroduction', 'DateOfDeletion', 'GridReferenceEasting', 'GridReferenceNorthing',
  'Latitude', 'Longitude', 'SplitIndicator', 'CouncilArea2019Code', 'UKParliamentaryConstituency2005Code', 'ScottishParliamentaryRegion2014Code',
  'ScottishParliamentaryConstituency2014Code', 'ElectoralWard2019Code', 'HealthBoardArea2019Code', 'IntegrationAuthority2019Code',
  'OutputArea2011Code', 'DataZone2011Code', 'DataZone2001Code', 'IntermediateZone2011Code', 'CensusHouseholdCount2011',
  'CensusPopulationCount2011', 'ScottishIndexOfMultipleDeprivation2016Rank', 'Locality2016Code', 'Settlement2016Code',
  'TravelToWorkArea2011Code', 'UrbanRural6FoldCode', 'UrbanRural8FoldCode',
] as const;

const SCOTTISH_PARLIAMENT_REGION = 'S17900001';
/** Letters used in the inward code's last two places (the Royal Mail never uses C I K M O V). */
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export interface PostcodeRecord {
  postcode: string;
  zone: number;
  point: Point;
  introduced: string;
  deleted: string | null;
}

function date(rng: Random, fromYear: number, toYear: number): string {
  return `${rng.int(1, 28)}/${rng.int(1, 12)}/${rng.int(fromYear, toYear)} 00:00:00`;
}

export function makePostcodes(geography: Geography, rng: Random): PostcodeRecord[] {
  const used = new Set<string>();
  const records: PostcodeRecord[] = [];
  geography.dataZones.forEach((zone, i) => {
    // One postcode district per ward, one sector per intermediate zone within it.
    const ward = geography.wardOf[i] as number;
    const district = `DM${ward + 1}`;
    const izInWard = [...new Set(geography.wards[ward]!.members.map((m) => geography.izOf[m] as number))].sort((a, b) => a - b);
    const sector = izInWard.indexOf(geography.izOf[i] as number) % 10;
    const count = 3 + (rng.chance(0.04) ? 1 : 0);
    for (let k = 0; k < count; k++) {
      let postcode = '';
      do postcode = `${district} ${sector}${rng.pick([...UNIT_LETTERS])}${rng.pick([...UNIT_LETTERS])}`;
      while (used.has(postcode));
      used.add(postcode);
      const old = rng.chance(0.6);
      const introduced = old ? '1/8/1973 00:00:00' : date(rng, 1980, 2016);
      // The fourth postcode of a zone, when there is one, has been deleted.
      const deleted = k === 3 ? date(rng, 2017, 2020) : null;
      records.push({ postcode, zone: i, point: randomPointIn(zone.cell.ring, rng), introduced, deleted });
    }
  });
  return records.sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0));
}

export function postcodesCsv(records: PostcodeRecord[], geography: Geography, settlements: Settlement[], simd2016: SimdEdition): string {
  const toWgs84 = proj4(BRITISH_NATIONAL_GRID, 'WGS84');
  const lines = records.map((r) => {
    const zone = geography.dataZones[r.zone]!;
    const council = geography.councils[geography.councilOf[r.zone] as number]!;
    const [lon, lat] = toWgs84.forward([r.point[0], r.point[1]]) as [number, number];
    const settlement = zone.cell.settlement;
    const inSettlement = settlement !== null && settlements[settlement] !== undefined;
    const [outward, inward] = r.postcode.split(' ') as [string, string];
    const row: Record<(typeof COLUMNS)[number], string | number | null> = {
      Postcode: r.postcode,
      PostcodeDistrict: outward,
      PostcodeSector: `${outward} ${inward.charAt(0)}`,
      DateOfIntroduction: r.introduced,
      DateOfDeletion: r.deleted,
      GridReferenceEasting: r.point[0],
      GridReferenceNorthing: r.point[1],
      Latitude: lat.toFixed(8),
      Longitude: lon.toFixed(8),
      SplitIndicator: 'N',
      CouncilArea2019Code: council.code,
      UKParliamentaryConstituency2005Code: geography.ukParliament[geography.ukParliamentOf[r.zone] as number]!.code,
      ScottishParliamentaryRegion2014Code: SCOTTISH_PARLIAMENT_REGION,
      ScottishParliamentaryConstituency2014Code: geography.scottishParliament[geography.scottishParliamentOf[r.zone] as number]!.code,
      ElectoralWard2019Code: geography.wards[geography.wardOf[r.zone] as number]!.code,
      HealthBoardArea2019Code: HEALTH_BOARD.code,
      IntegrationAuthority2019Code: council.hscp.code,
      OutputArea2011Code: null,
      DataZone2011Code: zone.code,
      DataZone2001Code: null,
      IntermediateZone2011Code: geography.intermediateZones[geography.izOf[r.zone] as number]!.code,
      CensusHouseholdCount2011: null,
      CensusPopulationCount2011: null,
      ScottishIndexOfMultipleDeprivation2016Rank: String(simd2016.rank[r.zone]).padStart(4, '0'),
      Locality2016Code: inSettlement ? `S19${String(900001 + (settlement as number)).padStart(6, '0')}` : null,
      Settlement2016Code: inSettlement ? `S20${String(900001 + (settlement as number)).padStart(6, '0')}` : null,
      TravelToWorkArea2011Code: geography.travelToWork[geography.travelToWorkOf[r.zone] as number]!.code,
      UrbanRural6FoldCode: zone.cell.urbanRural.ur6[0],
      UrbanRural8FoldCode: zone.cell.urbanRural.ur8[0],
    };
    return csvLine(COLUMNS.map((c) => row[c]));
  });
  return [COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
