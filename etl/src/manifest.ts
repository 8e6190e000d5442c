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
}

export type SourceEntry =
  /** SG / statistics.gov.scot "2011 Data Zone Lookup" (Datazone2011lookup.csv). */
  | { kind: 'sg_dz_lookup'; file: string }
  /** dz_code,area_code,area_name (+ optional method,share) for a registry level or a new one. */
  | { kind: 'area_membership'; level: string; file: string; label?: string; method?: 'published_best_fit' | 'derived_best_fit' | 'nested' | 'user_defined' }
  /** The same, in the layouts of the DERIVED_ lookups in shared/data/real. */
  | { kind: 'derived_ward2022'; file: string }
  | { kind: 'derived_locality'; file: string }
  /** Polygons (GeoJSON, or a shapefile's .shp) of one level, any CRS GeoJSON can declare. */
  | { kind: 'boundaries'; level: string; file: string; codeProperty: string; nameProperty?: string }
  /** SIMD ranks and domain ranks (dz11_code, *_rank columns), one edition per file. */
  | { kind: 'simd_ranks'; edition: string; file: string }
  /** SG "SIMD indicator data" (dz11_code, Total_population, Income_count, ...). */
  | { kind: 'simd_indicators'; edition: string; file: string }
  /** NRS small area population estimates by single year of age and sex. */
  | { kind: 'population_single_year'; year?: number; file: string }
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
  /** Data-zone vintage crosswalk: from_dz_code,to_dz_code,weight. */
  | { kind: 'dz_crosswalk'; from: 'dz2011' | 'dz2022'; to: 'dz2011' | 'dz2022'; file: string };

export type SourceKind = SourceEntry['kind'];
