import type { IndicatorMeta, Staging } from './staging.ts';

/** Equal-count SIMD bands: the SG's definition, over all 6,976 2011 data zones. */
export const SIMD_DATA_ZONES = 6976;
export const simdBand = (rank: number, bands: number) => Math.ceil((rank * bands) / SIMD_DATA_ZONES);

function nearestYear(years: number[], year: number): number | null {
  let best: number | null = null;
  for (const y of years) if (best === null || Math.abs(y - year) < Math.abs(best - year) || (Math.abs(y - year) === Math.abs(best - year) && y < best)) best = y;
  return best;
}

/** Total population of each data zone in a year. */
export function populationTotals(staging: Staging, year: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [dz, { female, male }] of staging.population.get(year)?.byDz ?? []) {
    totals.set(dz, female.reduce((a, b) => a + b, 0) + male.reduce((a, b) => a + b, 0));
  }
  return totals;
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

/** Population indicators from the single-year-of-age estimates: a count and age-band shares. */
export function derivePopulationIndicators(staging: Staging): void {
  if (staging.population.size === 0) return;
  const years = [...staging.population.keys()].sort();
  const publisher = staging.synthetic ? 'AreaLens synthetic demo' : 'National Records of Scotland';
  const source = 'Small area population estimates (single year of age and sex)';
  const firstFile = staging.population.get(years[0]!)!.file;
  staging.indicators.set('pop_total', baseMeta(staging, {
    code: 'pop_total', title: 'Population (all ages)', theme: 'population', topic: 'Population', unit: 'people', measureType: 'count', aggregation: 'sum',
    multiplier: 1, polarity: 'neither', source, publisher, revision: `mid-year ${years.join(', ')}`, sourceFile: firstFile, keywords: 'population;people;residents;total',
    disclosureThreshold: 0,
  }));
  for (const band of AGE_BANDS) {
    staging.indicators.set(band.code, baseMeta(staging, {
      code: band.code, title: band.title, theme: 'population', topic: 'Age structure', unit: '%', measureType: 'proportion', aggregation: 'ratio',
      multiplier: 100, polarity: 'neither', source, publisher, revision: `mid-year ${years.join(', ')}`, sourceFile: firstFile, keywords: band.keywords, disclosureThreshold: 0,
    }));
  }
  for (const year of years) {
    for (const [dz, { female, male }] of staging.population.get(year)!.byDz) {
      const byAge = female.map((f, age) => f + (male[age] ?? 0));
      const total = byAge.reduce((a, b) => a + b, 0);
      staging.observations.push('pop_total', String(year), dz, total, null, total);
      for (const band of AGE_BANDS) {
        const count = byAge.slice(band.from, band.to + 1).reduce((a, b) => a + b, 0);
        staging.observations.push(band.code, String(year), dz, count, total, total > 0 ? (count / total) * 100 : null);
      }
    }
  }
}

const SIMD_SHARES = [
  { code: 'simd_most_deprived_20pc_pct', title: "People living in Scotland's 20% most deprived data zones (%)", test: (rank: number) => simdBand(rank, 5) === 1, polarity: 'higher_is_worse' as const },
  { code: 'simd_most_deprived_10pc_pct', title: "People living in Scotland's 10% most deprived data zones (%)", test: (rank: number) => simdBand(rank, 10) === 1, polarity: 'higher_is_worse' as const },
  { code: 'simd_least_deprived_20pc_pct', title: "People living in Scotland's 20% least deprived data zones (%)", test: (rank: number) => simdBand(rank, 5) === 5, polarity: 'higher_is_better' as const },
];

/**
 * SIMD ranks do not aggregate; larger areas are described by the share of their people living in
 * the most (or least) deprived data zones, which does (Σ population in band ÷ Σ population).
 */
export function deriveSimdIndicators(staging: Staging): void {
  const years = [...staging.population.keys()];
  for (const [edition, { file, rows }] of staging.simd) {
    const editionYear = Number(edition.match(/\d{4}/)?.[0]);
    if (!editionYear) {
      staging.issues.add({ file, message: `SIMD edition "${edition}" names no year` });
      continue;
    }
    const period = String(editionYear);
    const revision = edition;
    const publisher = staging.synthetic ? 'AreaLens synthetic demo' : 'Scottish Government';
    const source = 'Scottish Index of Multiple Deprivation (editions in the revisions log)';
    const rankCode = 'simd_rank';
    for (const code of [rankCode, ...SIMD_SHARES.map((share) => share.code)]) {
      const existing = staging.indicators.get(code);
      if (existing && existing.revision !== revision) staging.revisions.push({ code, revision, file });
    }
    if (!staging.indicators.has(rankCode)) {
      staging.indicators.set(rankCode, baseMeta(staging, {
        code: rankCode, title: 'SIMD rank (1 = most deprived of 6,976)', theme: 'wealthier_fairer', topic: 'Deprivation', unit: 'rank', measureType: 'rank', aggregation: 'none',
        multiplier: 1, polarity: 'higher_is_better', source, publisher, revision, sourceFile: file, keywords: 'SIMD;deprivation;rank;poverty',
        notes: 'Ranks describe data zones only; for larger areas see the shares of people in the most and least deprived data zones.',
      }));
    }
    const popYear = nearestYear(years, editionYear);
    const population = popYear === null ? null : populationTotals(staging, popYear);
    for (const row of rows) staging.observations.push(rankCode, period, row.dz, null, null, row.rank);
    if (!population) {
      staging.warnings.push({ kind: 'simd_ranks', file, message: 'no population estimates are loaded, so the shares of people in deprived data zones are not derived' });
      continue;
    }
    for (const share of SIMD_SHARES) {
      if (!staging.indicators.has(share.code)) {
        staging.indicators.set(share.code, baseMeta(staging, {
          code: share.code, title: share.title, theme: 'wealthier_fairer', topic: 'Deprivation', unit: '%', measureType: 'proportion', aggregation: 'ratio',
          multiplier: 100, polarity: share.polarity, source, publisher, revision, sourceFile: file, disclosureThreshold: 0, keywords: 'SIMD;deprivation;poverty;most deprived',
          notes: `Bands are the SG's equal-count bands of the overall rank. People counted from the ${popYear} population estimates.`,
        }));
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
 * Population-weighted means need a weight per data zone. Where a partner gave only the value,
 * the weight is the data zone's population in the nearest year estimated.
 */
export function fillPopulationWeights(staging: Staging): void {
  const obs = staging.observations;
  const years = [...staging.population.keys()];
  const totalsByYear = new Map<number, Map<string, number>>();
  for (let i = 0; i < obs.length; i++) {
    const meta = staging.indicators.get(obs.indicator[i]!);
    if (meta?.aggregation !== 'population_weighted_mean' || obs.denominator[i] !== null) continue;
    const year = nearestYear(years, Number(obs.period[i]!.slice(0, 4)));
    if (year === null) continue;
    let totals = totalsByYear.get(year);
    if (!totals) totalsByYear.set(year, (totals = populationTotals(staging, year)));
    const weight = totals.get(obs.dz[i]!) ?? null;
    obs.denominator[i] = weight;
    obs.numerator[i] = weight !== null && obs.value[i] !== null ? obs.value[i]! * weight : null;
  }
}
