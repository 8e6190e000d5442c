/**
 * SIMD-like ranks for the synthetic data zones: seven domain scores built from the latent
 * deprivation surface (access follows remoteness instead), combined with the SIMD 2020 domain
 * weights, then placed among Scotland's 6,976 ranks. Written in the layout of the SIMD ranks file
 * in shared/data/real/simd (R's write.csv: quoted header and codes, ranks unquoted).
 */
import { quotedField } from './csv.ts';
import type { DeprivationSurface } from './deprivation.ts';
import type { Geography } from './hierarchy.ts';
import { ageBand, total, type PopulationSeries } from './population.ts';
import type { Random } from './random.ts';

export const SCOTLAND_DATA_ZONES = 6976;
export const DOMAINS = ['Income', 'Employment', 'Health', 'Education', 'Housing', 'Access', 'Crime'] as const;
export type Domain = (typeof DOMAINS)[number];

/** SIMD 2020 domain weights. */
const WEIGHTS: Record<Domain, number> = { Income: 0.28, Employment: 0.28, Health: 0.14, Education: 0.14, Access: 0.09, Crime: 0.05, Housing: 0.02 };
/** Domains whose published ranks contain ties (shown as .5). */
const TIED_DOMAINS: readonly Domain[] = ['Income', 'Employment', 'Housing', 'Crime'];

export interface SimdEdition {
  edition: string;
  /** Overall rank per data zone: distinct integers in 1..6976, 1 = most deprived. */
  rank: number[];
  domainRank: Record<Domain, number[]>;
}

function standardise(values: number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
  return values.map((v) => (v - mean) / sd);
}

/** Scores (higher = more deprived) to national ranks drawn without replacement from 1..6976. */
function toRanks(scores: number[], rng: Random, ties: boolean): number[] {
  const n = scores.length;
  const pool = rng.distinctSorted(n, SCOTLAND_DATA_ZONES);
  const used = new Set(pool);
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const ranks = new Array<number>(n);
  order.forEach(([, i], k) => {
    let r = pool[k] as number;
    // A tie with a data zone elsewhere in Scotland: the two share rank r - 0.5.
    if (ties && r > 1 && !used.has(r - 1) && rng.chance(0.02)) r -= 0.5;
    ranks[i] = r;
  });
  return ranks;
}

function domainScores(latent: number[], geography: Geography, population: PopulationSeries, rng: Random): Record<Domain, number[]> {
  const zones = geography.dataZones;
  const year2017 = population.years.indexOf(2017);
  const older = standardise(population.byYear[year2017]!.map((p) => ageBand(p, 65, 90) / total(p)));
  const urban = zones.map((z) => (z.cell.urbanRural.ur6[0] <= 2 ? z.cell.centrality : 0));
  const rural = zones.map((z) => (z.cell.urbanRural.ur2[0] === 2 ? 1 : 0));
  const remote = standardise(zones.map((z) => z.cell.localDriveMinutes + 0.5 * z.cell.driveMinutes));
  const noise = (sd: number) => rng.normal(0, sd);
  return {
    Income: latent.map((l) => l + noise(0.25)),
    Employment: latent.map((l, i) => 0.9 * l + 0.15 * older[i]! + noise(0.3)),
    Health: latent.map((l, i) => 0.85 * l + 0.2 * older[i]! + noise(0.4)),
    Education: latent.map((l, i) => 0.8 * l - 0.15 * rural[i]! + noise(0.45)),
    Housing: latent.map((l, i) => 0.45 * l + 1.4 * urban[i]! + noise(0.6)),
    Access: latent.map((l, i) => -0.25 * l + 1.1 * remote[i]! + noise(0.4)),
    Crime: latent.map((l, i) => 0.6 * l + 1.2 * urban[i]! + noise(0.5)),
  };
}

function edition(label: string, scores: Record<Domain, number[]>, rng: Random): SimdEdition {
  const standard = Object.fromEntries(DOMAINS.map((d) => [d, standardise(scores[d])])) as Record<Domain, number[]>;
  const overall = standard.Income.map((_, i) => DOMAINS.reduce((sum, d) => sum + WEIGHTS[d] * standard[d][i]!, 0));
  const domainRank = Object.fromEntries(DOMAINS.map((d) => [d, toRanks(scores[d], rng.fork(d), TIED_DOMAINS.includes(d))])) as Record<Domain, number[]>;
  return { edition: label, rank: toRanks(overall, rng.fork('overall'), false), domainRank };
}

export function simdEditions(
  deprivation: DeprivationSurface,
  geography: Geography,
  population: PopulationSeries,
  rng: Random,
): { simd2020: SimdEdition; simd2016: SimdEdition } {
  const scores2020 = domainScores(deprivation.latent, geography, population, rng.fork('scores-2020'));
  const shift = deprivation.latent2016.map((v, i) => v - deprivation.latent[i]!);
  const drift = rng.fork('scores-2016');
  const scores2016 = Object.fromEntries(
    DOMAINS.map((d) => [d, scores2020[d].map((s, i) => s + (d === 'Access' ? 0 : shift[i]!) + drift.normal(0, 0.15))]),
  ) as Record<Domain, number[]>;
  return {
    simd2020: edition('SIMD 2020v2 (synthetic)', scores2020, rng.fork('ranks-2020')),
    simd2016: edition('SIMD 2016 (synthetic)', scores2016, rng.fork('ranks-2016')),
  };
}

/** Equal-count national decile of a rank, as SG defines it. */
export function decile(rank: number): number {
  return Math.ceil((rank * 10) / SCOTLAND_DATA_ZONES);
}

/** The SIMD ranks file, in the column order and quoting of the files in shared/data/real/simd. */
export function simdRanksCsv(simd: SimdEdition, codes: string[]): string {
  const names = ['IMD', ...DOMAINS];
  const header = ['dz11_code', ...names.map((n) => `${n}_decile`), ...names.map((n) => `${n}_rank`)].map(quotedField).join(',');
  const lines = codes.map((code, i) => {
    const ranks = [simd.rank[i] as number, ...DOMAINS.map((d) => simd.domainRank[d][i] as number)];
    return [quotedField(code), ...ranks.map((r) => String(decile(r))), ...ranks.map((r) => String(r))].join(',');
  });
  return [header, ...lines].join('\n') + '\n';
}
