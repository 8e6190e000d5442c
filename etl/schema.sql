-- AreaLens database: the one contract between the ETL (which writes it) and the server (which
-- opens it read-only). Everything is keyed by data zone; every other geography is a membership.
-- Integer keys throughout the fact tables: text codes made the fact table 1.8x bigger and area
-- profiles 3-4x slower when we measured it (see etl/README.md).

-- One row: which build this file is.
CREATE TABLE build (
  build_id      VARCHAR NOT NULL,   -- sha256 of the inputs' checksums and the schema, first 16 hex
  created_at    TIMESTAMP NOT NULL,   -- UTC
  label         VARCHAR NOT NULL,   -- e.g. 'Synthetic demo region' or 'Scotland (real open data)'
  synthetic     BOOLEAN NOT NULL,   -- true for the generated demo: every page must say so
  schema_version INTEGER NOT NULL,
  etl_seconds   DOUBLE NOT NULL,
  attributions  VARCHAR NOT NULL,   -- JSON array: one line per publisher whose data the build holds, as its licence asks
  inputs_digest VARCHAR NOT NULL    -- sha256 of the ETL's code and every input file: `npm run etl -- … --if-missing` rebuilds when it differs
);

-- Geography levels present in this build: the registry's levels plus user-defined ones.
CREATE TABLE level (
  level_key     VARCHAR PRIMARY KEY,
  label         VARCHAR NOT NULL,
  plural        VARCHAR NOT NULL,
  membership    VARCHAR NOT NULL,   -- 'base' | 'nested' | 'best_fit'
  user_defined  BOOLEAN NOT NULL,
  sort_order    INTEGER NOT NULL,
  area_count    INTEGER NOT NULL,
  source        VARCHAR             -- the file its memberships came from
);

-- Every area of every level, data zones included. area_id is dense and stable within a build.
CREATE TABLE area (
  area_id       INTEGER PRIMARY KEY,
  level_key     VARCHAR NOT NULL,
  code          VARCHAR NOT NULL,
  name          VARCHAR NOT NULL,
  population    DOUBLE,             -- latest population estimate (sum of member data zones)
  population_year INTEGER,
  area_km2      DOUBLE,             -- from the generalised boundaries; NULL without boundaries
  centroid_lon  DOUBLE,
  centroid_lat  DOUBLE,
  bbox_west     DOUBLE,
  bbox_south    DOUBLE,
  bbox_east     DOUBLE,
  bbox_north    DOUBLE,
  UNIQUE (level_key, code)
);

-- Data zones: the base geography. dz_id equals the data zone's area_id.
CREATE TABLE data_zone (
  dz_id         INTEGER PRIMARY KEY,
  code          VARCHAR NOT NULL,
  vintage       VARCHAR NOT NULL,   -- 'dz2011' | 'dz2022'
  name          VARCHAR NOT NULL,
  UNIQUE (vintage, code)
);

-- Which 2011 data zones make up which area (every level except the base).
CREATE TABLE membership (
  level_key     VARCHAR NOT NULL,
  area_id       INTEGER NOT NULL,
  dz_id         INTEGER NOT NULL,
  method        VARCHAR NOT NULL,   -- 'nested' | 'published_best_fit' | 'derived_best_fit' | 'centroid_in_polygon' | 'user_defined'
  PRIMARY KEY (level_key, dz_id)
);

-- Which 2022 data zones make up which area, for the levels the SG Data Zone 2022 lookup gives
-- (IZ 2022, 2022 wards, councils, boards, HSCPs, Scotland). Figures published on 2022 data zones
-- roll up through this table and 2011 figures through membership; no lookup between the two sets
-- of data zones exists in the data, so neither is ever moved onto the other.
CREATE TABLE membership_dz2022 (
  level_key     VARCHAR NOT NULL,
  area_id       INTEGER NOT NULL,
  dz_id         INTEGER NOT NULL,
  method        VARCHAR NOT NULL,
  PRIMARY KEY (level_key, dz_id)
);

-- Direct parent of each area on each parent level (precomputed from memberships).
CREATE TABLE area_parent (
  area_id       INTEGER NOT NULL,
  parent_level  VARCHAR NOT NULL,
  parent_id     INTEGER NOT NULL,
  share         DOUBLE NOT NULL,    -- share of the area's population inside the parent (1 if nested)
  PRIMARY KEY (area_id, parent_level)
);

-- Data-zone vintages: population-weighted crosswalk (e.g. 2011 -> 2022).
CREATE TABLE dz_crosswalk (
  from_dz_id    INTEGER NOT NULL,
  to_dz_id      INTEGER NOT NULL,
  weight        DOUBLE NOT NULL,    -- share of the from-zone's population that lies in the to-zone
  PRIMARY KEY (from_dz_id, to_dz_id)
);

-- Shapes for the map: simplified GeoJSON per area, WGS84, and a TopoJSON per level for first paint.
CREATE TABLE area_shape (
  area_id       INTEGER PRIMARY KEY,
  level_key     VARCHAR NOT NULL,
  geojson       VARCHAR NOT NULL    -- a GeoJSON geometry (Polygon or MultiPolygon)
);
CREATE TABLE level_topology (
  level_key     VARCHAR PRIMARY KEY,
  topojson      VARCHAR NOT NULL
);

CREATE TABLE theme (
  theme_key     VARCHAR PRIMARY KEY,
  label         VARCHAR NOT NULL,
  sort_order    INTEGER NOT NULL
);

-- Indicator metadata. aggregation decides how data zones roll up:
--   sum                        counts add up
--   ratio                      sum(numerator) / sum(denominator) * multiplier
--   standardised_ratio         sum(observed) / sum(expected) * multiplier (numerator=observed, denominator=expected)
--   population_weighted_mean   sum(value * population) / sum(population)
--   none                       not aggregable (medians, ranks): served at the native level only
CREATE TABLE indicator (
  indicator_id  INTEGER PRIMARY KEY,
  code          VARCHAR NOT NULL UNIQUE,
  title         VARCHAR NOT NULL,
  theme_key     VARCHAR NOT NULL,
  topic         VARCHAR NOT NULL,
  unit          VARCHAR NOT NULL,
  measure_type  VARCHAR NOT NULL,   -- count | proportion | rate | standardised_ratio | mean | median | rank | score | currency
  aggregation   VARCHAR NOT NULL,
  multiplier    DOUBLE NOT NULL,
  polarity      VARCHAR NOT NULL,   -- higher_is_better | higher_is_worse | neither
  source        VARCHAR NOT NULL,
  publisher     VARCHAR NOT NULL,
  licence       VARCHAR NOT NULL,
  date_published VARCHAR,
  notes         VARCHAR,
  keywords      VARCHAR,
  disclosure_threshold INTEGER NOT NULL,
  native_level  VARCHAR NOT NULL,   -- 'dz2011' unless the data arrive at another level
  vintage       VARCHAR NOT NULL,   -- data-zone vintage the data were published on
  converted_to  VARCHAR,            -- the other vintage, where a crosswalk let values be apportioned to it
  converted_coverage DOUBLE,        -- share of that vintage's population whose zones got a value
  synthetic     BOOLEAN NOT NULL
);

-- Revisions log: each edition an indicator has been loaded from, so analysts can tell whether two
-- downloads are comparable (e.g. SIMD 2020 -> 2020v2).
CREATE TABLE indicator_revision (
  indicator_code VARCHAR NOT NULL,
  revision      VARCHAR NOT NULL,   -- edition label, e.g. 'SIMD 2020v2'
  source_file   VARCHAR NOT NULL,
  checksum      VARCHAR NOT NULL,   -- sha256 of the source file
  build_id      VARCHAR NOT NULL,
  loaded_at     TIMESTAMP NOT NULL,
  note          VARCHAR
);

CREATE TABLE period (
  period_id     INTEGER PRIMARY KEY,
  label         VARCHAR NOT NULL UNIQUE, -- as published: '2019', '2019/20', '2017-2019', '2020Q1'
  kind          VARCHAR NOT NULL,   -- calendar_year | financial_year | school_year | multi_year | quarter | month
  start_date    DATE NOT NULL,
  end_date      DATE NOT NULL
);

-- The fact table, sorted by (indicator_id, period_id, dz_id): roll-ups read one contiguous run.
-- dz_id may be a zone of either vintage; values on the vintage other than indicator.vintage were
-- apportioned through dz_crosswalk. For population_weighted_mean, denominator holds the weight
-- (people) and numerator value × weight, so every aggregation is a ratio of sums.
CREATE TABLE observation (
  indicator_id  INTEGER NOT NULL,
  period_id     INTEGER NOT NULL,
  dz_id         INTEGER NOT NULL,
  numerator     DOUBLE,
  denominator   DOUBLE,
  value         DOUBLE,             -- as published; for ratios, numerator/denominator*multiplier
  suppressed_at_source BOOLEAN NOT NULL -- the publisher withheld it ('*'): never treat it as zero
);

-- Which periods each indicator has, and on how many data zones (one row per indicator × period
-- × vintage), so that catalogues need not scan the fact table.
CREATE TABLE indicator_period (
  indicator_id  INTEGER NOT NULL,
  period_id     INTEGER NOT NULL,
  vintage       VARCHAR NOT NULL,
  data_zones    INTEGER NOT NULL,
  withheld      INTEGER NOT NULL,   -- data zones whose value the publisher withheld
  PRIMARY KEY (indicator_id, period_id, vintage)
);

-- Sums over the member data zones of every area that is not a data zone, made at build time: one
-- row per area × set of data zones it is made of (vintage) × indicator × period with at least one
-- observation on the area's zones of that set. The server reads published areas' sums here
-- instead of joining the fact table with a membership table on every request (at 400 indicators
-- × 15 periods a council's profile took 700 ms that way, Scotland's 2.9 s); disclosure control
-- still runs on these sums when they are read, as it does on a custom area's. Data zones
-- themselves and custom areas are summed from observation. The columns are the server's AreaSums.
-- Sorted by (level_key, vintage, period_id, area_id, indicator_id): a map of one indicator over a
-- level reads the row groups of one period of that level, and one area's profile reads one short
-- run per period. Sorted by area first, a profile was one run but a map read the level's whole
-- block: at 400 indicators × 15 periods, 35 ms for the 2011 intermediate zones against 10.5 ms
-- this way, with profiles 5–6 ms either way.
CREATE TABLE area_sums (
  level_key     VARCHAR NOT NULL,
  vintage       VARCHAR NOT NULL,   -- the set summed: 'dz2011' through membership, 'dz2022' through membership_dz2022
  area_id       INTEGER NOT NULL,
  indicator_id  INTEGER NOT NULL,
  period_id     INTEGER NOT NULL,
  members       INTEGER NOT NULL,   -- the area's data zones of that set, whether or not they have a row
  observed      INTEGER NOT NULL,   -- of those, the ones with a row for this indicator and period
  withheld      INTEGER NOT NULL,   -- rows the publisher withheld
  missing       INTEGER NOT NULL,   -- rows neither withheld nor with a numerator (or value)
  numerator     DOUBLE,
  denominator   DOUBLE,
  covered_denominator DOUBLE,       -- Σ denominator over the rows that have a numerator
  value         DOUBLE              -- any one member's value: read only where the area is one data zone
);

-- Total population by data zone and year, from every source that gives one (single-year
-- estimates, totals-only estimates, the populations the SIMD files were built on).
CREATE TABLE population_total (
  year          INTEGER NOT NULL,
  dz_id         INTEGER NOT NULL,
  persons       INTEGER NOT NULL,
  source        VARCHAR NOT NULL,   -- e.g. 'NRS small area population estimates, mid-2021 (totals)'
  PRIMARY KEY (year, dz_id)
);

-- Population estimates by single year of age and sex.
CREATE TABLE population (
  year          INTEGER NOT NULL,
  dz_id         INTEGER NOT NULL,
  sex           VARCHAR NOT NULL,   -- 'female' | 'male'
  age           INTEGER NOT NULL,   -- 0..90, 90 meaning 90 and over
  persons       INTEGER NOT NULL
);

-- SIMD by data zone and edition. Deciles and quintiles are recomputed here as equal-count bands
-- of the rank (ceil(rank * 10 / N)), the Scottish Government's definition.
CREATE TABLE simd (
  edition       VARCHAR NOT NULL,   -- 'SIMD 2020v2', 'SIMD 2016'
  dz_id         INTEGER NOT NULL,
  rank          INTEGER NOT NULL,   -- 1 = most deprived
  decile        INTEGER NOT NULL,
  quintile      INTEGER NOT NULL,
  vigintile     INTEGER NOT NULL,
  income_rank   DOUBLE,             -- domain ranks keep published ties such as 4563.5
  employment_rank DOUBLE,
  health_rank   DOUBLE,
  education_rank DOUBLE,
  housing_rank  DOUBLE,
  access_rank   DOUBLE,
  crime_rank    DOUBLE,
  PRIMARY KEY (edition, dz_id)
);

CREATE TABLE postcode (
  postcode      VARCHAR PRIMARY KEY, -- normalised: upper case, one space before the inward code
  dz_id         INTEGER NOT NULL,
  dz_method     VARCHAR NOT NULL,    -- 'directory': the SPD's own data zone | 'point_in_polygon': the centroid
                                     -- (Code-Point Open) inside a generalised data-zone boundary | 'nearest_zone': outside
                                     -- every boundary (coast), given to the nearest; both approximate at zone edges
  latitude      DOUBLE,
  longitude     DOUBLE,
  deleted       BOOLEAN NOT NULL
);

-- Partner spend. dz_id is NULL for spend that cannot be placed in a data zone ('unallocated').
CREATE TABLE spend (
  partner       VARCHAR NOT NULL,
  service       VARCHAR NOT NULL,
  financial_year VARCHAR NOT NULL,  -- '2019/20'
  dz_id         INTEGER,
  placed_by     VARCHAR,            -- 'data_zone' | 'postcode_directory' | 'postcode_centroid' (approximate at zone edges); NULL when unallocated
  amount_gbp    DOUBLE NOT NULL,
  activity_count DOUBLE,
  activity_unit VARCHAR,
  source_file   VARCHAR NOT NULL
);

CREATE TABLE target (
  indicator_id  INTEGER NOT NULL,
  area_id       INTEGER NOT NULL,
  baseline_period VARCHAR NOT NULL,
  baseline_value DOUBLE NOT NULL,
  target_period VARCHAR NOT NULL,
  target_value  DOUBLE NOT NULL,
  source_file   VARCHAR NOT NULL,
  PRIMARY KEY (indicator_id, area_id, target_period)
);

-- Every source loaded into this build.
CREATE TABLE etl_run (
  build_id      VARCHAR NOT NULL,
  source_kind   VARCHAR NOT NULL,
  file          VARCHAR NOT NULL,
  checksum      VARCHAR NOT NULL,
  rows_read     INTEGER NOT NULL,
  rows_loaded   INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  started_at    TIMESTAMP NOT NULL,
  duration_ms   DOUBLE NOT NULL
);

-- Findings that do not stop a build but that a user should be able to read (e.g. data zones in a
-- lookup with no boundary).
CREATE TABLE etl_warning (
  build_id      VARCHAR NOT NULL,
  source_kind   VARCHAR NOT NULL,
  file          VARCHAR NOT NULL,
  message       VARCHAR NOT NULL
);
