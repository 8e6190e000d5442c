/**
 * Small-area population by single year of age and sex, 2012–2021, grown year to year by a cohort
 * model: everyone ages a year, deaths and births follow age-specific rates, and migration moves
 * people in and out with the age patterns of each kind of place (students and young workers into
 * town centres, families to the suburbs and new estates, older people to the coast and the
 * countryside). Every data zone stays within 500–1,000 residents, as real data zones were drawn.
 */
import { quotedField } from './csv.ts';
import type { DeprivationSurface } from './deprivation.ts';
import type { Geography } from './hierarchy.ts';
import type { Point } from './landmass.ts';
import type { Random } from './random.ts';
import type { Settlement } from './settlements.ts';

export const POPULATION_YEARS = [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021] as const;
/** Ages 0..89 single years, then 90 meaning 90 and over. */
export const AGES = 91;
const MIN_TOTAL = 505;
const MAX_TOTAL = 995;

export interface ZonePopulation {
  female: Int32Array;
  male: Int32Array;
}

export interface PopulationSeries {
  years: readonly number[];
  /** [year index][data-zone index] */
  byYear: ZonePopulation[][];
  /** Data zones on new-build estates, growing fast. */
  growthAreas: Point[];
}

export function total(p: ZonePopulation): number {
  let sum = 0;
  for (let a = 0; a < AGES; a++) sum += p.female[a]! + p.male[a]!;
  return sum;
}

/** People aged lo..hi inclusive (90 = 90+), one sex or both. */
export function ageBand(p: ZonePopulation, lo: number, hi: number, sex: 'female' | 'male' | 'all' = 'all'): number {
  let sum = 0;
  for (let a = lo; a <= Math.min(hi, AGES - 1); a++) {
    if (sex !== 'male') sum += p.female[a]!;
    if (sex !== 'female') sum += p.male[a]!;
  }
  return sum;
}

const gauss = (a: number, mu: number, sigma: number) => Math.exp(-((a - mu) ** 2) / (2 * sigma * sigma));

function normalised(f: (a: number) => number): Float64Array {
  const out = new Float64Array(AGES);
  let sum = 0;
  for (let a = 0; a < AGES; a++) sum += out[a] = f(a);
  for (let a = 0; a < AGES; a++) out[a]! /= sum;
  return out;
}

/** A Scottish-looking age structure, and the shapes that tilt it for each kind of place. */
const BASE = normalised((a) => {
  if (a === AGES - 1) return 0.6; // 90 and over together
  if (a < 50) return 1 - 0.1 * gauss(a, 20, 6);
  if (a < 65) return 1.02;
  return Math.max(0.02, 1.02 * Math.exp(-((a - 62) ** 2) / (2 * 12.5 * 12.5)));
});
const YOUNG_ADULTS = normalised((a) => gauss(a, 25, 5));
const FAMILIES = normalised((a) => (a <= 15 ? 1 : 0) + 1.1 * gauss(a, 38, 6));
const OLDER = normalised((a) => gauss(a, 66, 9) + (a === AGES - 1 ? 0.3 : 0));

/** Share of each age that is male. */
function maleShare(a: number): number {
  if (a < 15) return 0.513;
  if (a < 50) return 0.497;
  if (a < 70) return 0.49 - (a - 50) * 0.002;
  if (a < 90) return 0.45 - (a - 70) * 0.006;
  return 0.31;
}

function multinomial(rng: Random, n: number, weights: Float64Array): Int32Array {
  const out = new Int32Array(weights.length);
  let remaining = n;
  let mass = 0;
  for (const w of weights) mass += w;
  for (let i = 0; i < weights.length && remaining > 0; i++) {
    const w = weights[i]!;
    if (w <= 0) continue;
    const k = i === weights.length - 1 ? remaining : rng.binomial(remaining, Math.min(1, w / mass));
    out[i] = k;
    remaining -= k;
    mass -= w;
    if (mass <= 0) break;
  }
  return out;
}

interface Place {
  youngAdults: number;
  families: number;
  older: number;
  /** Age weights for leaving and for arriving. */
  leaving: Float64Array;
  arriving: Float64Array;
  growth: number;
  churn: number;
  deprivation: number;
}

function describePlace(
  z: Geography['dataZones'][number],
  settlements: Settlement[],
  deprivation: number,
  growthAreas: Point[],
  rng: Random,
): Place {
  const c = z.cell;
  const s = c.settlement === null ? null : (settlements[c.settlement] as Settlement);
  const town = s?.kind === 'town';
  const rural = s === null;
  const centrality = c.centrality;
  const deprived = Math.max(0, deprivation);
  const nearGrowth = growthAreas.some((g) => Math.hypot(g[0] - c.centroid[0], g[1] - c.centroid[1]) < 900);

  const youngAdults = (town ? 1.1 * centrality ** 1.5 : 0) + 0.15 * deprived;
  const families = (town ? 0.5 * (1 - centrality) : 0.2) + 0.3 * deprived + (nearGrowth ? 0.6 : 0);
  const older = (rural ? 0.55 : s?.kind === 'small_town' ? 0.35 : 0.05) + (c.coastal ? 0.3 : 0) + (c.onIsland ? 0.3 : 0) - 0.25 * deprived;

  // Most movers are young adults wherever they live; each kind of place tilts that a little.
  const mobility = (a: number) => 0.25 + 2 * gauss(a, 26, 7) + (a < 10 ? 0.35 : 0);
  const leaving = normalised((a) => mobility(a) * (1 + (rural || s?.kind === 'small_town' ? 1.2 * gauss(a, 19, 2.5) : 0) + (a > 80 ? 0.4 : 0)));
  const arriving = normalised(
    (a) =>
      mobility(a) *
      (1 +
        (town ? 0.8 * centrality * gauss(a, 23, 4) : 0) +
        (town && centrality < 0.6 ? 0.3 * gauss(a, 34, 6) : 0) +
        (rural ? 0.3 * gauss(a, 42, 9) : 0) +
        (c.coastal || rural ? 0.9 * gauss(a, 63, 5) : 0) +
        (nearGrowth ? 0.6 * gauss(a, 32, 6) + (a < 8 ? 0.6 : 0) : 0)),
  );

  let growth = rng.normal(0.0015, 0.004);
  if (nearGrowth) growth = rng.uniform(0.025, 0.04);
  else if (c.onIsland) growth -= 0.007;
  else if (c.urbanRural.ur6[0] === 6) growth -= 0.005;
  else if (deprivation > 1) growth -= 0.004;
  return { youngAdults, families, older, leaving, arriving, growth, churn: town ? 0.045 : 0.03, deprivation };
}

/** Yearly death probability by age: Gompertz fitted by eye to Scottish life tables (q(60) ≈ 0.008, q(80) ≈ 0.055, q(90) ≈ 0.16). */
const MORTALITY = Array.from({ length: AGES }, (_, age) =>
  age === 0 ? 0.0035 : age === AGES - 1 ? 0.26 : Math.min(0.45, 0.0004 * Math.exp(0.1 * (age - 30))),
);
const SEX_MORTALITY = { female: 0.82, male: 1.2 };

function mortality(age: number, sex: 'female' | 'male', deprivation: number): number {
  return Math.min(0.6, MORTALITY[age]! * SEX_MORTALITY[sex] * (1 + 0.3 * Math.max(-0.8, deprivation)));
}

const FERTILITY = Array.from({ length: AGES }, (_, a) => (a >= 15 && a <= 46 ? 0.112 * gauss(a, 30.5, 5.5) : 0));

function initialPopulation(place: Place, totalPeople: number, rng: Random): ZonePopulation {
  const weights = new Float64Array(AGES * 2);
  for (let a = 0; a < AGES; a++) {
    const w = BASE[a]! + 0.45 * (place.youngAdults * YOUNG_ADULTS[a]! + place.families * FAMILIES[a]! + Math.max(0, place.older) * OLDER[a]!);
    const m = maleShare(a);
    weights[a] = w * (1 - m);
    weights[AGES + a] = w * m;
  }
  const counts = multinomial(rng, totalPeople, weights);
  return { female: counts.slice(0, AGES), male: counts.slice(AGES) };
}

function nextYear(cur: ZonePopulation, place: Place, target: number, rng: Random): ZonePopulation {
  const next: ZonePopulation = { female: new Int32Array(AGES), male: new Int32Array(AGES) };
  let mothers = 0;
  for (let a = 0; a < AGES; a++) mothers += FERTILITY[a]! * cur.female[a]!;
  const births = rng.poisson(mothers * (1 + 0.1 * place.deprivation));
  const boys = rng.binomial(births, 0.513);
  next.male[0] = boys;
  next.female[0] = births - boys;
  for (const sex of ['female', 'male'] as const) {
    for (let a = 0; a < AGES; a++) {
      const survivors = rng.binomial(cur[sex][a]!, 1 - mortality(a, sex, place.deprivation));
      next[sex][Math.min(a + 1, AGES - 1)]! += survivors;
    }
  }

  // Migration: a churn of movers out and in, then the net flow that meets the year's total.
  const moveOut = (k: number) => {
    for (let round = 0; round < 6 && k > 0; round++) {
      const weights = new Float64Array(AGES * 2);
      for (let a = 0; a < AGES; a++) {
        weights[a] = next.female[a]! * place.leaving[a]!;
        weights[AGES + a] = next.male[a]! * place.leaving[a]!;
      }
      const picked = multinomial(rng, k, weights);
      for (let a = 0; a < AGES; a++) {
        const f = Math.min(picked[a]!, next.female[a]!);
        const m = Math.min(picked[AGES + a]!, next.male[a]!);
        next.female[a]! -= f;
        next.male[a]! -= m;
        k -= f + m;
      }
    }
  };
  const moveIn = (k: number) => {
    const weights = new Float64Array(AGES * 2);
    for (let a = 0; a < AGES; a++) {
      const m = maleShare(a);
      weights[a] = place.arriving[a]! * (1 - m);
      weights[AGES + a] = place.arriving[a]! * m;
    }
    const picked = multinomial(rng, k, weights);
    for (let a = 0; a < AGES; a++) {
      next.female[a]! += picked[a]!;
      next.male[a]! += picked[AGES + a]!;
    }
  };
  const churn = rng.poisson(place.churn * total(cur));
  moveOut(churn);
  const gap = target - total(next);
  if (gap > 0) moveIn(gap);
  else moveOut(-gap);
  return next;
}

export function growPopulation(geography: Geography, settlements: Settlement[], deprivation: DeprivationSurface, rng: Random): PopulationSeries {
  const zones = geography.dataZones;
  // New-build estates on the edge of three towns.
  const growthAreas: Point[] = [];
  const towns = settlements.map((s, k) => ({ s, k })).filter(({ s }) => s.kind === 'town');
  for (const { s, k } of rng.shuffle(towns.slice()).slice(0, 3)) {
    const edge = zones.filter((z) => {
      if (z.cell.settlement !== k) return false;
      const r = Math.hypot(z.cell.centroid[0] - s.centre[0], z.cell.centroid[1] - s.centre[1]) / s.radius;
      return r > 0.8 && r < 1.4 && deprivation.estates.every((e) => Math.hypot(e[0] - z.cell.centroid[0], e[1] - z.cell.centroid[1]) > 2500);
    });
    if (edge.length) growthAreas.push(rng.pick(edge).cell.centroid);
  }

  const places = zones.map((z, i) => describePlace(z, settlements, deprivation.latent[i] as number, growthAreas, rng.fork(`place/${i}`)));
  const years = POPULATION_YEARS.length;
  const byYear: ZonePopulation[][] = Array.from({ length: years }, () => []);
  places.forEach((place, i) => {
    const zr = rng.fork(`zone/${i}`);
    // Start where the zone's trend keeps it inside 500–1,000 for all ten years.
    const span = Math.pow(1 + place.growth, years - 1);
    const lo = Math.max(560, place.growth < 0 ? (MIN_TOTAL + 15) / span : 560);
    const hi = Math.min(940, place.growth > 0 ? (MAX_TOTAL - 15) / span : 940);
    let target = Math.round(zr.uniform(lo, Math.max(lo, hi)));
    let pop = initialPopulation(place, target, zr);
    byYear[0]![i] = pop;
    for (let y = 1; y < years; y++) {
      target = Math.round(Math.min(MAX_TOTAL, Math.max(MIN_TOTAL, target * (1 + place.growth) + zr.normal(0, 5))));
      pop = nextYear(pop, place, target, zr);
      byYear[y]![i] = pop;
    }
  });
  return { years: POPULATION_YEARS, byYear, growthAreas };
}

/** NRS small area population estimates layout: three rows per data zone (All, Female, Male). */
export function populationCsv(population: PopulationSeries, year: number, codes: string[]): string {
  const y = population.years.indexOf(year);
  const ages = Array.from({ length: AGES }, (_, a) => (a === AGES - 1 ? '90+' : String(a)));
  const header = ['dz11_code', 'total_population', 'sex', ...ages].map(quotedField).join(',');
  const lines: string[] = [header];
  population.byYear[y]!.forEach((p, i) => {
    const female = Array.from(p.female);
    const male = Array.from(p.male);
    const all = female.map((f, a) => f + male[a]!);
    const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
    const code = quotedField(codes[i] as string);
    lines.push([code, sum(all), '"All"', ...all].join(','));
    lines.push([code, sum(female), '"Female"', ...female].join(','));
    lines.push([code, sum(male), '"Male"', ...male].join(','));
  });
  return lines.join('\n') + '\n';
}
