/**
 * A manifest names the files a build reads and what each one is. Paths are relative to the
 * manifest's folder. `npm run etl -- <folder>` without a manifest.json detects the official file
 * names instead (see detect.ts).
 */

export interface Manifest {
  /** Shown on every page, e.g. 'Synthetic demo region' or 'Scotland (real open data)'. */
  label: string;
  /** True for generated data: every page and answer says so. */
  synthetic: boolean;
  sources: SourceEntry[];
  /** Files of the folder that are not read, each with the reason (named in the build's summary). */
  unread?: UnreadFile[];
}

export interface UnreadFile {
  file: string;
  /** Why it is not read; 'not recognised' for a file AreaLens does not know. */
  reason: string;
}

/**
 * Every source may say whether its figures are synthetic; without `synthetic` it takes the
 * manifest's. The scale bench puts synthetic partner files beside the real official ones: its
 * build is synthetic, and the real sources keep their own publishers and attributions.
 */
export type SourceEntry = SourceKinds & { synthetic?: boolean };

type SourceKinds =
  /**
   * SG / statistics.gov.scot "Data Zone 2011 lookup" (DataZone2011lookup.csv). `edition` is its
   * release date (e.g. '2024-12-16'), which decides what its ward, constituency and urban-rural
   * columns mean; without one it is the 2019-code edition with the 2017 wards.
   */
  | { kind: 'sg_dz_lookup'; file: string; edition?: string }
  /** SG "Data Zone 2022 lookup": 2022 data zones → IZ 2022, 2022 wards, councils, boards, HSCPs. */
  | { kind: 'sg_dz2022_lookup'; file: string }
  /** 2001 → 2011 data zone pairs (many-to-many), to carry SIMD editions on 2001 data zones. */
  | { kind: 'dz2001_lookup'; file: string }
  /** A membership file compared with a level another source gives: agreement is reported, nothing is loaded. */
  | { kind: 'area_check'; level: string; file: string; columns: { dz: string; code: string; name: string } }
  /** dz_code,area_code,area_name (+ optional method,share) for a registry level or a new one. */
  | { kind: 'area_membership'; level: string; file: string; label?: string; method?: 'published_best_fit' | 'derived_best_fit' | 'nested' | 'user_defined' }
  /** The same, in the layouts of the DERIVED_ lookups in shared/data/real. */
  | { kind: 'derived_ward2022'; file: string }
  | { kind: 'derived_locality'; file: string }
  /** Polygons (GeoJSON, or a shapefile's .shp) of one level, any CRS GeoJSON can declare. */
  | { kind: 'boundaries'; level: string; file: string; codeProperty: string; nameProperty?: string }
  /**
   * SIMD ranks and domain ranks (dz11_code, *_rank columns), one edition per file. SIMD 2012 and
   * earlier rank 2001 data zones (dz01_code): `vintage: 'dz2001'`, carried through dz2001_lookup.
   */
  | { kind: 'simd_ranks'; edition: string; file: string; vintage?: 'dz2011' | 'dz2001' }
  /** SG "SIMD indicator data" (dz11_code, Total_population, Income_count, ...). */
  | { kind: 'simd_indicators'; edition: string; file: string }
  /** NRS small area population estimates by single year of age and sex. */
  | { kind: 'population_single_year'; year?: number; file: string }
  /** NRS small area population estimates, total persons only (dz11_code, total_population). */
  | { kind: 'population_total'; year: number; file: string }
  /** Published totals for a level (e.g. NRS IZ totals), checked against the sums of its data zones. */
  | { kind: 'population_check'; level: string; year: number; file: string }
  /** Census tables by data zone (dz11_code + published column labels). */
  | { kind: 'census_table'; table: string; file: string }
  /** Generic partner indicators: metadata + long observations. */
  | { kind: 'indicators'; metadata: string; observations: string[] }
  /**
   * Partner spend. `onlyPartners` / `exceptPartners` load some partners' rows and skip the rest
   * unread: partner publishing replaces one partner's rows in a shared file with its own upload.
   */
  | { kind: 'spend'; file: string; onlyPartners?: string[]; exceptPartners?: string[] }
  | { kind: 'targets'; file: string }
  /** Scottish Postcode Directory, with a header row naming its columns. */
  | { kind: 'postcodes'; file: string }
  /** OS Code-Point Open postcode centroids: placed in data zones by point in polygon at build time. */
  | { kind: 'codepoint'; file: string }
  /** Data-zone vintage crosswalk: from_dz_code,to_dz_code,weight. */
  | { kind: 'dz_crosswalk'; from: 'dz2011' | 'dz2022'; to: 'dz2011' | 'dz2022'; file: string };

export type SourceKind = SourceEntry['kind'];
