import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Manifest, SourceEntry } from './manifest.ts';

/** Official file names (as published, or as laid out in shared/data/real) and what they are. */
const PATTERNS: { test: RegExp; entry: (file: string, m: RegExpMatchArray) => SourceEntry }[] = [
  { test: /(^|\/)datazone2011_?lookup(_sg)?\.csv$/i, entry: (file) => ({ kind: 'sg_dz_lookup', file }) },
  { test: /DERIVED_dz2011_to_ward2022\.csv$/, entry: (file) => ({ kind: 'derived_ward2022', file }) },
  { test: /DERIVED_dz2011_to_hscp_locality2020\.csv$/, entry: (file) => ({ kind: 'derived_locality', file }) },
  { test: /(^|\/)dz2011_scotland[^/]*\.geojson$/, entry: (file) => ({ kind: 'boundaries', level: 'dz2011', file, codeProperty: 'dz11_code', nameProperty: 'dz11_name' }) },
  { test: /(^|\/)simd(\d{4}(v\d)?)_dz2011_domain_ranks\.csv$/, entry: (file, m) => ({ kind: 'simd_ranks', edition: `SIMD ${m[2]}`, file }) },
  { test: /(^|\/)simd(\d{4}(v\d)?)_dz2011_indicators\.csv$/, entry: (file, m) => ({ kind: 'simd_indicators', edition: `SIMD ${m[2]}`, file }) },
  { test: /nrs_sape_mid(\d{4})_dz2011_single_year_age_sex\.csv(\.gz)?$/, entry: (file, m) => ({ kind: 'population_single_year', year: Number(m[1]), file }) },
  { test: /(^|\/)census\d{4}_([a-z]+\d+[a-z]*)_[a-z_]*dz2011\.csv$/i, entry: (file, m) => ({ kind: 'census_table', table: m[2]!.toUpperCase(), file }) },
  { test: /spd_[a-z_]*selected_columns\.csv$/, entry: (file) => ({ kind: 'postcodes', file }) },
];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'raw') return [];
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** A folder's manifest.json, or one made by recognising official file names in it. */
export function manifestForFolder(dir: string): Manifest {
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const sources: SourceEntry[] = [];
  for (const path of listFiles(dir).sort()) {
    const file = relative(dir, path);
    for (const pattern of PATTERNS) {
      const m = file.match(pattern.test);
      if (m) {
        sources.push(pattern.entry(file, m));
        break;
      }
    }
  }
  return { label: 'Scotland (real open data)', synthetic: false, sources };
}
