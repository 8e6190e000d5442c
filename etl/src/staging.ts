import type { Polygon, MultiPolygon } from 'geojson';
import type { DataZoneVintage } from '../../geographies/src/levels.ts';
import type { IssueCollector } from './errors.ts';
import type { ObservationStore } from './observations.ts';

/**
 * Everything the sources read, held in memory between reading and the checks gate. Nothing is
 * written to a database until every source has been read and every check has passed.
 */

export interface StagedArea {
  code: string;
  name: string;
}

export interface StagedLevel {
  key: string;
  label: string;
  plural: string;
  membership: 'nested' | 'best_fit';
  userDefined: boolean;
  source: string;
  areas: Map<string, StagedArea>;
  /** data zone code → area code */
  members: Map<string, { areaCode: string; method: string }>;
  /** 2022 data zone code → area code, for levels the Data Zone 2022 lookup gives. */
  members2022: Map<string, { areaCode: string; method: string }>;
}

export interface IndicatorMeta {
  code: string;
  title: string;
  theme: string;
  topic: string;
  unit: string;
  measureType: string;
  aggregation: 'sum' | 'ratio' | 'standardised_ratio' | 'population_weighted_mean' | 'none';
  multiplier: number;
  polarity: 'higher_is_better' | 'higher_is_worse' | 'neither';
  source: string;
  publisher: string;
  licence: string;
  datePublished: string | null;
  notes: string | null;
  keywords: string | null;
  disclosureThreshold: number;
  vintage: DataZoneVintage;
  synthetic: boolean;
  /** Edition label for the revisions log, e.g. 'SIMD 2020v2'. */
  revision: string;
  /** The series whose editions may each add periods to it (e.g. 'SIMD indicators'). */
  series?: string;
  /** The periods editions of the series have given so far. */
  seriesPeriods?: Set<string>;
  sourceFile: string;
  /** The file its values came from, where that is not sourceFile (the long observations file). */
  observationsFile?: string;
}

export interface SimdRow {
  dz: string;
  rank: number;
  domains: { income: number | null; employment: number | null; health: number | null; education: number | null; housing: number | null; access: number | null; crime: number | null };
}

export interface SpendRow {
  partner: string;
  service: string;
  financialYear: string;
  dz: string | null;
  /** How the row reached its data zone: its dz_code, or its postcode through the directory or a Code-Point centroid; null when unallocated. */
  placedBy: 'data_zone' | 'postcode_directory' | 'postcode_centroid' | null;
  amount: number;
  activityCount: number | null;
  activityUnit: string | null;
  file: string;
  /** Row in the file, as a spreadsheet numbers it. */
  row: number;
}

export interface TargetRow {
  indicator: string;
  level: string;
  areaCode: string;
  baselinePeriod: string;
  baselineValue: number;
  targetPeriod: string;
  targetValue: number;
  file: string;
  row: number;
}

export interface PostcodeRow {
  postcode: string;
  dz: string;
  /** 'directory' (the SPD's own data zone), 'point_in_polygon' or 'nearest_zone' (Code-Point centroids). */
  method: 'directory' | 'point_in_polygon' | 'nearest_zone';
  latitude: number | null;
  longitude: number | null;
  deleted: boolean;
}

export interface SourceRun {
  kind: string;
  file: string;
  checksum: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  startedAt: Date;
  durationMs: number;
}

export interface Staging {
  label: string;
  /** The build's flag: true when any of its figures are synthetic. */
  synthetic: boolean;
  /** Files whose figures are synthetic, for what is derived from them after reading. */
  syntheticFiles: Set<string>;
  issues: IssueCollector;
  /** Base data zones by vintage: code → name. */
  dataZones: Map<DataZoneVintage, Map<string, string>>;
  levels: Map<string, StagedLevel>;
  boundaries: Map<string, { file: string; features: { code: string; name: string; geometry: Polygon | MultiPolygon }[] }>;
  simd: Map<string, { file: string; rows: SimdRow[] }>;
  /** Populations by year: data zone → [female by age 0..90, male by age 0..90]. */
  population: Map<number, { file: string; byDz: Map<string, { female: number[]; male: number[] }> }>;
  /** Total populations of years without single-year estimates (totals files, SIMD files). */
  populationTotals: Map<number, { file: string; source: string; byDz: Map<string, number> }>;
  /** Published totals of a level, checked against its data zones' sums once everything is read. */
  populationChecks: { level: string; year: number; file: string; totals: Map<string, { total: number; row: number }> }[];
  /** SIMD editions on 2001 data zones, carried to 2011 zones through dz2001To2011. */
  simd2001: Map<string, { file: string; rows: SimdRow[] }>;
  /** 2001 data zone → the 2011 data zones it shares postcodes with (many-to-many). */
  dz2001To2011: { file: string; links: Map<string, string[]> } | null;
  /** Code-Point Open centroids waiting for the data-zone boundaries (placed in build.ts). */
  postcodeCentroids: { file: string; points: { postcode: string; lon: number; lat: number }[]; withoutCoordinates: number } | null;
  indicators: Map<string, IndicatorMeta>;
  /** Every observation read or derived (observations.ts): in memory, or a block at a time in a spill file. */
  observations: ObservationStore;
  spend: SpendRow[];
  targets: TargetRow[];
  postcodes: Map<string, PostcodeRow>;
  crosswalk: { from: DataZoneVintage; to: DataZoneVintage; fromDz: string; toDz: string; weight: number }[];
  runs: SourceRun[];
  /** Further editions of an indicator loaded in the same build (the first is on its metadata). */
  revisions: { code: string; revision: string; file: string }[];
  warnings: { kind: string; file: string; message: string }[];
}
