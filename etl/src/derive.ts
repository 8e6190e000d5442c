import { DZ2001_COUNT } from './sources/simd.ts';
import { SIMD_POPULATION_YEAR, simdEditionKey } from './sources/simdReferencePeriods.ts';
import type { ObservationContext } from './observations.ts';
import type { IndicatorMeta, SimdRow, Staging } from './staging.ts';

/** Equal-count SIMD bands: the SG's definition, over all 6,976 2011 data zones. */
export const SIMD_DATA_ZONES = 6976;
export const simdBand = (rank: number, bands: number, zones = SIMD_DATA_ZONES) => Math.ceil((rank * bands) / zones);

function nearestYear(years: number[], year: number): number | null {
  let best: number | null = null;
  for (const y of years) if (best === null || Math.abs(y - year) < Math.abs(best - year) || (Math.abs(y - year) === Math.abs(best - year) && y < best)) best = y;
  return best;
}

/** Every year with a data-zone population, from single-year estimates or totals alone. */
export function populationYears(staging: Staging): number[] {
  return [...new Set([...staging.population.keys(), ...staging.populationTotals.keys()])].sort((a, b) => a - b);
}

/** Total population of each data zone in a year (empty when the year is not loaded). */
export function populationTotals(staging: Staging, year: number): Map<string, number> {
  const only = staging.populationTotals.get(year);
  if (only) return only.byDz;
  const totals = new Map<string, number>();
  for (const [dz, { female, male }] of staging.population.get(year)?.byDz ?? []) {
    totals.set(dz, female.reduce((a, b) => a + b, 0) + male.reduce((a, b) => a + b, 0));
  }
  return totals;
}

/** Where each year's population comes from, for metadata. */
export function populationSource(staging: Staging, year: number): { file: string; source: string } | null {
  const only = staging.populationTotals.get(year);
  if (only) return { file: only.file, source: only.source };
  const single = staging.population.get(year);
  return single ? { file: single.file, source: `NRS small area population estimates, mid-${year} (single year of age and sex)` } : null;
}

function baseMeta(staging: Staging, partial: Pick<IndicatorMeta, 'code' | 'title' | 'theme' | 'topic' | 'unit' | 'measureType' | 'aggregation' | 'multiplier' | 'polarity' | 'source' | 'publisher' | 'revision' | 'sourceFile'> & Partial<IndicatorMeta>): IndicatorMeta {
  return {
    licence: 'Open Government Licence v3.0', datePublished: null, notes: null, keywords: null, disclosureThreshold: 5, vintage: 'dz2011',
    synthetic: staging.synthetic, ...partial,
  };
}

const AGE_BANDS = [
  { code: 'pop_children_pct', title: 'Children aged 0–15 (%)', from: 0, to: 15, keywords: 'children;young people;age' },
  { code: 'pop_working_age_pct', title: 'People of working age, 16–64 (%)', from: 16, to: 64, keywords: 'working age;adults;age' },
  { code: 'pop_65plus_pct', title: 'People aged 65 and over (%)', from: 65, to: 90, keywords: 'older people;pensioners;elderly;age' },
  { code: 'pop_75plus_pct', title: 'People aged 75 and over (%)', from: 75, to: 90, keywords: 'older people;elderly;age' },
];

/**
 * Population indicators: the total for every year any source gives, and age-band shares for the
 * years with single-year-of-age estimates.
 */
export function derivePopulationIndicators(staging: Staging): void {
  const years = populationYears(staging);
  if (years.length === 0) return;
  const singleYears = [...staging.population.keys()].sort((a, b) => a - b);
  const synthetic = years.some((year) => staging.syntheticFiles.has(populationSource(staging, year)!.file));
  const publisher = synthetic ? 'AreaLens synthetic demo' : 'National Records of Scotland';
  const sources = years.map((year) => `mid-${year}: ${populationSource(staging, year)!.source}`).join('; ');
  // The metadata names the newest estimate's file; each other year is a revision row of its own.
  const latest = years.at(-1)!;
  staging.indicators.set('pop_total', baseMeta(staging, {
    code: 'pop_total', title: 'Population (all ages)', theme: 'population', topic: 'Population', unit: 'people', measureType: 'count', aggregation: 'sum',
    multiplier: 1, polarity: 'neither', source: 'Small area population estimates', publisher, revision: `mid-${latest}`, sourceFile: populationSource(staging, latest)!.file,
    keywords: 'population;people;residents;total', disclosureThreshold: 0, notes: `Each year's figure is the NRS estimate for 30 June of that year. ${sources}.`, synthetic,
  }));
  for (const year of years.slice(0, -1)) staging.revisions.push({ code: 'pop_total', revision: `mid-${year}`, file: populationSource(staging, year)!.file });
  for (const year of years) {
    for (const [dz, total] of populationTotals(staging, year)) staging.observations.push('pop_total', String(year), dz, total, null, total);
  }
  if (singleYears.length === 0) return;
  const bandSource = 'Small area population estimates (single year of age and sex)';
  for (const band of AGE_BANDS) {
    staging.indicators.set(band.code, baseMeta(staging, {
      code: band.code, title: band.title, theme: 'population', topic: 'Age structure', unit: '%', measureType: 'proportion', aggregation: 'ratio',
      multiplier: 100, polarity: 'neither', source: bandSource, publisher, revision: `mid-year ${singleYears.join(', ')}`, sourceFile: staging.population.get(singleYears[0]!)!.file,
      keywords: band.keywords, disclosureThreshold: 0, synthetic,
    }));
  }
  for (const year of singleYears) {
    for (const [dz, { female, male }] of staging.population.get(year)!.byDz) {
      const byAge = female.map((f, age) => f + (male[age] ?? 0));
      const total = byAge.reduce((a, b) => a + b, 0);
      for (const band of AGE_BANDS) {
        const count = byAge.slice(band.from, band.to + 1).reduce((a, b) => a + b, 0);
        staging.observations.push(band.code, String(year), dz, count, total, total > 0 ? (count / total) * 100 : null);
      }
    }
  }
}

const SIMD_SHARES = [
  { code: 'simd_most_deprived_20pc_pct', title: "People living in Scotland's 20% most deprived data zones (%)", test: (rank: number, zones?: number) => simdBand(rank, 5, zones) === 1, polarity: 'higher_is_worse' as const },
  { code: 'simd_most_deprived_10pc_pct', title: "People living in Scotland's 10% most deprived data zones (%)", test: (rank: number, zones?: number) => simdBand(rank, 10, zones) === 1, polarity: 'higher_is_worse' as const },
  { code: 'simd_least_deprived_20pc_pct', title: "People living in Scotland's 20% least deprived data zones (%)", test: (rank: number, zones?: number) => simdBand(rank, 5, zones) === 5, polarity: 'higher_is_better' as const },
];

/**
 * SIMD ranks do not aggregate; larger areas are described by the share of their people living in
 * the most (or least) deprived data zones, which does (Σ population in band ÷ Σ population).
 */
export function deriveSimdIndicators(staging: Staging): void {
  const years = populationYears(staging);
  const editions = [...staging.simd, ...carrySimd2001(staging)];
  for (const [edition, { file, rows, carried }] of editions.map(([edition, source]) => [edition, { carried: undefined as CarriedSimd | undefined, ...source }] as const)) {
    const editionYear = Number(edition.match(/\d{4}/)?.[0]);
    if (!editionYear) {
      staging.issues.add({ file, message: `SIMD edition "${edition}" names no year` });
      continue;
    }
    const period = String(editionYear);
    const revision = edition;
    const synthetic = staging.syntheticFiles.has(file);
    const publisher = synthetic ? 'AreaLens synthetic demo' : 'Scottish Government';
    const source = 'Scottish Index of Multiple Deprivation (editions in the revisions log)';
    const rankCode = 'simd_rank';
    for (const code of [...(carried ? [] : [rankCode]), ...SIMD_SHARES.map((share) => share.code)]) {
      const existing = staging.indicators.get(code);
      if (existing && existing.revision !== revision) staging.revisions.push({ code, revision, file });
    }
    if (!carried && !staging.indicators.has(rankCode)) {
      staging.indicators.set(rankCode, baseMeta(staging, {
        code: rankCode, title: 'SIMD rank (1 = most deprived of 6,976)', theme: 'wealthier_fairer', topic: 'Deprivation', unit: 'rank', measureType: 'rank', aggregation: 'none',
        multiplier: 1, polarity: 'higher_is_better', source, publisher, revision, sourceFile: file, keywords: 'SIMD;deprivation;rank;poverty', synthetic,
        notes: 'Ranks describe data zones only; for larger areas see the shares of people in the most and least deprived data zones.',
      }));
    }
    // The people counted are those of the population the edition itself was built on (SIMD 2016:
    // mid-2014; 2020v2: mid-2017) where it is loaded, so that a change compares like with like.
    const baseYear = SIMD_POPULATION_YEAR[simdEditionKey(edition) ?? ''];
    const popYear = baseYear !== undefined && years.includes(baseYear) ? baseYear : nearestYear(years, editionYear);
    const population = popYear === null ? null : populationTotals(staging, popYear);
    if (!carried) for (const row of rows) staging.observations.push(rankCode, period, row.dz, null, null, row.rank);
    if (!population) {
      staging.warnings.push({ kind: 'simd_ranks', file, message: 'no population estimates are loaded, so the shares of people in deprived data zones are not derived' });
      continue;
    }
    for (const share of SIMD_SHARES) {
      if (!staging.indicators.has(share.code)) {
        staging.indicators.set(share.code, baseMeta(staging, {
          code: share.code, title: share.title, theme: 'wealthier_fairer', topic: 'Deprivation', unit: '%', measureType: 'proportion', aggregation: 'ratio',
          multiplier: 100, polarity: share.polarity, source, publisher, revision, sourceFile: file, disclosureThreshold: 0, keywords: 'SIMD;deprivation;poverty;most deprived', synthetic,
          notes: `Bands are the SG's equal-count bands of each edition's overall rank. Each edition's people are said below.`,
        }));
      }
      const note = carried ? carried.note(popYear!) : `${edition}: people counted from the mid-${popYear} population estimates${popYear === baseYear ? `, the base the edition itself used` : ''}.`;
      const meta = staging.indicators.get(share.code)!;
      if (!meta.notes?.includes(note)) meta.notes = `${meta.notes} ${note}`;
      if (carried) {
        for (const [dz, inBandShare] of carried.shares(share.test)) {
          const people = population.get(dz) ?? null;
          if (people === null) continue;
          staging.observations.push(share.code, period, dz, inBandShare * people, people, people > 0 ? inBandShare * 100 : null);
        }
        continue;
      }
      for (const row of rows) {
        const people = population.get(row.dz) ?? null;
        if (people === null) continue;
        const inBand = share.test(row.rank) ? people : 0;
        staging.observations.push(share.code, period, row.dz, inBand, people, people > 0 ? (inBand / people) * 100 : null);
      }
    }
  }
}

/**
 * What the observation store asks of the build: each indicator's data-zone set, and, for
 * population-weighted means given only their values, a weight per data zone: its population in
 * the year nearest the period (population sources are read before every indicator source).
 */
export function observationContext(staging: Staging): ObservationContext {
  const totalsByYear = new Map<number, Map<string, number>>();
  return {
    indicator(code) {
      const meta = staging.indicators.get(code);
      return meta && { vintage: meta.vintage, weighted: meta.aggregation === 'population_weighted_mean' };
    },
    populationFor(period) {
      const year = nearestYear(populationYears(staging), Number(period.slice(0, 4)));
      if (year === null) return null;
      let totals = totalsByYear.get(year);
      if (!totals) totalsByYear.set(year, (totals = populationTotals(staging, year)));
      return (dz) => totals.get(dz) ?? null;
    },
  };
}

interface CarriedSimd {
  /** For each 2011 data zone, the share of its linked 2001 zones whose rank passes the test. */
  shares(test: (rank: number, zones: number) => boolean): Map<string, number>;
  note(populationYear: number): string;
}

/**
 * SIMD editions on 2001 data zones (2012 and before), carried to 2011 data zones. The 2001 → 2011
 * lookup lists the pairs of zones that share a postcode, without weights, so a 2011 zone is given
 * the share of its linked 2001 zones that lie in a band (1 when it links to one zone, or to
 * several all in the band); its people then count in the band in that proportion. Ranks
 * themselves are not carried: only the bands' shares of people. Bands of 2001 zones are the SG's
 * equal-count bands over 6,505 zones.
 */
function carrySimd2001(staging: Staging): [string, { file: string; rows: SimdRow[]; carried: CarriedSimd }][] {
  const lookup = staging.dz2001To2011;
  if (staging.simd2001.size === 0) return [];
  if (!lookup) {
    for (const { file } of staging.simd2001.values()) staging.issues.add({ file, message: 'ranks 2001 data zones, so it needs the 2001 → 2011 data zone lookup (kind "dz2001_lookup") to reach 2011 data zones' });
    return [];
  }
  const linked = new Map<string, string[]>();
  for (const [from, tos] of lookup.links) for (const to of tos) linked.set(to, [...(linked.get(to) ?? []), from]);
  const zones = staging.dataZones.get('dz2011')!;
  const unlinked = [...zones.keys()].filter((dz) => !linked.has(dz));
  return [...staging.simd2001].map(([edition, { file, rows }]) => {
    const rankOf = new Map(rows.map((r) => [r.dz, r.rank]));
    const unranked = [...lookup.links.keys()].filter((dz) => !rankOf.has(dz));
    if (unranked.length > 0) staging.issues.add({ file, message: `${edition} does not rank ${unranked.length} of the 2001 data zones in ${lookup.file} (e.g. ${unranked.slice(0, 5).join(', ')})` });
    const shares = (test: (rank: number, zones: number) => boolean) => {
      const result = new Map<string, number>();
      for (const [dz, froms] of linked) {
        const ranked = froms.filter((d) => rankOf.has(d));
        if (ranked.length > 0) result.set(dz, ranked.filter((d) => test(rankOf.get(d)!, DZ2001_COUNT)).length / ranked.length);
      }
      return result;
    };
    const single = [...linked.values()].filter((froms) => froms.length === 1).length;
    const mostDeprived = shares((rank, n) => simdBand(rank, 5, n) === 1);
    const mixed = [...mostDeprived.values()].filter((f) => f > 0 && f < 1).length;
    // What the carry does to Scotland as a whole: splitting zones pulls both tails towards the
    // middle, so its national share of people in the most deprived fifth comes out below the
    // editions ranked on 2011 zones. Said in the note, with the figures, so no one reads a trend into it.
    const nationalShare = (populationYear: number) => {
      const people = populationTotals(staging, populationYear);
      let inBand = 0;
      let all = 0;
      for (const [dz, share] of mostDeprived) {
        inBand += share * (people.get(dz) ?? 0);
        all += people.get(dz) ?? 0;
      }
      return all > 0 ? (inBand / all) * 100 : null;
    };
    const note = (populationYear: number) => {
      const national = nationalShare(populationYear);
      return `${edition} ranked the 6,505 data zones of 2001; it is carried to 2011 data zones through the 2001 → 2011 lookup of zones sharing a postcode (${lookup.file}). `
        + `${single.toLocaleString('en-GB')} of ${zones.size.toLocaleString('en-GB')} 2011 zones link to one 2001 zone; a zone linked to several counts in a band in proportion to its linked zones in the band `
        + `(for the 20% most deprived, ${mixed} zones are split this way)${unlinked.length > 0 ? `; ${unlinked.length} zones link to none and have no value` : ''}. An approximation: people counted from the mid-${populationYear} estimates, the earliest on 2011 data zones`
        + (national === null ? '.' : `, and splitting zones pulls both tails towards the middle: Scotland's share in the 20% most deprived comes out at ${national.toFixed(1)}%, below what an edition ranked on 2011 zones gives, so part of any change from ${edition} to a later edition is the method's, not the data's.`);
    };
    const earliest = populationYears(staging)[0];
    if (earliest !== undefined) staging.warnings.push({ kind: 'simd_ranks', file, message: note(earliest) });
    return [edition, { file, rows, carried: { shares, note } }];
  });
}
