import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Manifest, SourceEntry, UnreadFile } from './manifest.ts';
import { WARDS_2022_FROM } from './sources/lookup.ts';

/** A file name as published, or as laid out in shared/data/real, optionally gzipped. */
const named = (pattern: string) => new RegExp(`(^|/)${pattern}(\\.gz)?$`, 'i');
const lookupDate = (m: RegExpMatchArray) => m.slice(1).find((g) => g && /^\d{4}-\d{2}-\d{2}$/.test(g));

/** Official file names and what they are. */
const PATTERNS: { test: RegExp; entry: (file: string, m: RegExpMatchArray) => SourceEntry }[] = [
  { test: named('(?:datazone2011_?lookup(?:_sg)?|DataZone2011lookup)(?:_(\\d{4}-\\d{2}-\\d{2}))?(?:_cp1252)?\\.csv'), entry: (file, m) => ({ kind: 'sg_dz_lookup', file, edition: lookupDate(m) }) },
  { test: named('(?:datazone2022_?lookup(?:_sg)?|DataZone2022lookup)(?:_(\\d{4}-\\d{2}-\\d{2}))?(?:_cp1252)?\\.csv'), entry: (file) => ({ kind: 'sg_dz2022_lookup', file }) },
  { test: named('dz2001_to_dz2011\\.csv'), entry: (file) => ({ kind: 'dz2001_lookup', file }) },
  { test: named('DERIVED_dz2011_to_ward2022\\.csv'), entry: (file) => ({ kind: 'derived_ward2022', file }) },
  { test: named('DERIVED_dz2011_to_hscp_locality2020\\.csv'), entry: (file) => ({ kind: 'derived_locality', file }) },
  { test: named('dz2011_scotland[^/]*\\.geojson'), entry: (file) => ({ kind: 'boundaries', level: 'dz2011', file, codeProperty: 'dz11_code', nameProperty: 'dz11_name' }) },
  { test: named('simd(\\d{4}(v\\d)?)_dz2011_domain_ranks\\.csv'), entry: (file, m) => ({ kind: 'simd_ranks', edition: `SIMD ${m[2]}`, file }) },
  { test: named('simd(\\d{4}(v\\d)?)_dz2001_domain_ranks\\.csv'), entry: (file, m) => ({ kind: 'simd_ranks', edition: `SIMD ${m[2]}`, file, vintage: 'dz2001' }) },
  { test: named('simd(\\d{4}(v\\d)?)_dz2011_indicators\\.csv'), entry: (file, m) => ({ kind: 'simd_indicators', edition: `SIMD ${m[2]}`, file }) },
  { test: named('nrs_sape_mid(\\d{4})_dz2011_single_year_age_sex\\.csv'), entry: (file, m) => ({ kind: 'population_single_year', year: Number(m[2]), file }) },
  { test: named('nrs_sape_mid(\\d{4})_dz2011_total\\.csv'), entry: (file, m) => ({ kind: 'population_total', year: Number(m[2]), file }) },
  { test: named('nrs_sape_mid(\\d{4})_iz2011_total\\.csv'), entry: (file, m) => ({ kind: 'population_check', level: 'iz2011', year: Number(m[2]), file }) },
  { test: named('census\\d{4}_([a-z]+\\d+[a-z]*)_[a-z_]*dz2011\\.csv'), entry: (file, m) => ({ kind: 'census_table', table: m[2]!.toUpperCase(), file }) },
  { test: named('spd_[a-z_]*selected_columns\\.csv'), entry: (file) => ({ kind: 'postcodes', file }) },
  { test: named('codepoint_open[^/]*\\.csv'), entry: (file) => ({ kind: 'codepoint', file }) },
];

/**
 * Files a folder of official data may hold that a build does not read, and why: each is named
 * in the build's summary, as is any file that is neither read nor listed here.
 */
const KNOWN_UNREAD: { test: RegExp; reason: string }[] = [
  { test: /(^|\/)(PROVENANCE|README)\.md$|(^|\/)SHA256SUMS(\.contents)?$|(^|\/)manifest\.json$/i, reason: 'documentation and checksums' },
  { test: /(^|\/)census\/raw\/table_[^/]*\.(csv|xlsx)$/, reason: "NRS's original SuperWEB2 exports of the census tables whose tidy copies beside them are read" },
  { test: /(^|\/)lookups\/raw\/DataZone20(11|22)lookup_[^/]*_cp1252\.csv$/, reason: 'the original Windows-1252 bytes of the lookups whose UTF-8 copies beside them are read (data/scotland carries these bytes, and reads them as Windows-1252)' },
  { test: /(^|\/)simd\/raw\/simd2012_data_[^/]*\.csv$/, reason: 'the SG SIMD 2012 download in its original layout: like its tidy copy, SIMD 2012 indicators on 2001 data zones are not read' },
  { test: /(^|\/)(dz2011|iz2011)_fife_[^/]*\.geojson$/, reason: 'a Fife subset of a Scotland file' },
  { test: /(^|\/)(iz2011|wards20\d\d|council_areas|health_boards|hscp|hscp_localities)_[^/]*\.geojson$/, reason: 'published outlines: every level is dissolved from the data-zone boundaries, so areas match their data zones exactly' },
  { test: /simd\d{4}(v\d)?_dz2011_phs_lookup/, reason: "PHS's population-weighted SIMD bands: AreaLens recomputes the SG's equal-count bands from the ranks" },
  { test: /simd2012_dz2001_indicators/, reason: 'SIMD 2012 indicators are on 2001 data zones and there is no population-weighted 2001 → 2011 lookup to carry counts; the 2012 ranks are carried instead' },
  { test: /census2022_uv102b_age_sex_dz2011_long/, reason: 'Census 2022 age by sex (perturbed): age structure comes from the NRS estimates by single year of age, which give every year' },
  { test: /health_board_names_codes/, reason: 'health board names come from the SG data zone lookup' },
  { test: /scotpho_area_lookup/, reason: "ScotPHO's own area names and pseudo-codes: the SG lookup and the locality lookup are read instead" },
  { test: /spd_smalluser_sample_raw_noheader/, reason: 'SPD small-user sample without a header; its selected-columns copy is read' },
  { test: /spd_largeuser_sample_raw_noheader/, reason: 'SPD large-user sample without a header, whose columns are not named anywhere: the small-user sample is read instead' },
];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * A folder's manifest.json, or one made by recognising official file names in it. Every file is
 * either a source or listed in `unread` with a reason ('not recognised' for files AreaLens does
 * not know), so nothing in the folder is ignored silently.
 */
export function manifestForFolder(dir: string): Manifest {
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const sources: SourceEntry[] = [];
  const unread: UnreadFile[] = [];
  for (const path of listFiles(dir).sort()) {
    const file = relative(dir, path);
    const known = KNOWN_UNREAD.find((k) => k.test.test(file));
    if (known) {
      unread.push({ file, reason: known.reason });
      continue;
    }
    const pattern = PATTERNS.find((p) => p.test.test(file));
    if (pattern) sources.push(pattern.entry(file, file.match(pattern.test)!));
    else unread.push({ file, reason: 'not recognised' });
  }
  // The official ward assignment, where a lookup edition carries it, supersedes the derived one.
  const officialWards = sources.some((s) => s.kind === 'sg_dz_lookup' && s.edition !== undefined && s.edition >= WARDS_2022_FROM);
  const derived = sources.findIndex((s) => s.kind === 'derived_ward2022');
  if (officialWards && derived >= 0) {
    const [entry] = sources.splice(derived, 1);
    sources.push({ kind: 'area_check', level: 'ward2022', file: (entry as { file: string }).file, columns: { dz: 'dz11_code', code: 'ward22_code', name: 'ward22_name' } });
  }
  return { label: 'Scotland (real open data)', synthetic: false, sources, unread };
}
