/**
 * Denominators shared by the synthetic indicators and spend: population groups by age, and
 * households and dwellings estimated from each zone's age structure (headship rates).
 */
import type { Geography } from './hierarchy.ts';
import { AGES, ageBand, total, type PopulationSeries, type ZonePopulation } from './population.ts';

export type Denominator =
  | 'all'
  | 'children'
  | 'children_0_17'
  | 'age_2'
  | 'age_3_4'
  | 'primary_age'
  | 'secondary_age'
  | 'age_5'
  | 'age_8_11'
  | 'age_8_15'
  | 'age_16_19'
  | 'women_15_19'
  | 'pupils'
  | 'working_age'
  | 'adults'
  | 'age_0_74'
  | 'age_45_74'
  | 'age_50_74'
  | 'age_60_plus'
  | 'age_65_plus'
  | 'age_75_plus'
  | 'age_85_plus'
  | 'births'
  | 'leavers'
  | 'households'
  | 'dwellings';

/** Share of people of each age who head a household; higher in town centres (flats, sharers). */
function households(p: ZonePopulation, centrality: number): number {
  let h = 0;
  for (let a = 0; a < AGES; a++) {
    const people = p.female[a]! + p.male[a]!;
    const rate = a < 16 ? 0.02 : a < 25 ? 0.35 : a < 65 ? 0.52 : 0.68;
    h += people * rate;
  }
  return Math.round(h * (1 + 0.15 * centrality));
}

export class Denominators {
  private readonly cache = new Map<string, Float64Array>();

  constructor(
    private readonly population: PopulationSeries,
    private readonly geography: Geography,
  ) {}

  /** The denominator for one data zone in one year (years outside the series use the nearest). */
  of(kind: Denominator, year: number, zone: number): number {
    return this.all(kind, year)[zone] as number;
  }

  /** The denominator for every data zone in one year. */
  all(kind: Denominator, year: number): Float64Array {
    const clamped = Math.min(2021, Math.max(2012, year));
    const key = `${kind}|${clamped}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const zones = this.population.byYear[this.population.years.indexOf(clamped)]!;
    const values = Float64Array.from(zones, (p, zone) => this.compute(kind, p, zone));
    this.cache.set(key, values);
    return values;
  }

  private compute(kind: Denominator, p: ZonePopulation, zone: number): number {
    switch (kind) {
      case 'all': return total(p);
      case 'children': return ageBand(p, 0, 15);
      case 'children_0_17': return ageBand(p, 0, 17);
      case 'age_2': return ageBand(p, 2, 2);
      case 'age_3_4': return ageBand(p, 3, 4);
      case 'age_5': return ageBand(p, 5, 5);
      case 'primary_age': return ageBand(p, 5, 11);
      case 'secondary_age': return ageBand(p, 12, 17);
      case 'age_8_11': return ageBand(p, 8, 11);
      case 'age_8_15': return ageBand(p, 8, 15);
      case 'age_16_19': return ageBand(p, 16, 19);
      case 'women_15_19': return ageBand(p, 15, 19, 'female');
      case 'pupils': return ageBand(p, 5, 17);
      case 'working_age': return ageBand(p, 16, 64);
      case 'adults': return ageBand(p, 16, 90);
      case 'age_0_74': return ageBand(p, 0, 74);
      case 'age_45_74': return ageBand(p, 45, 74);
      case 'age_50_74': return ageBand(p, 50, 74);
      case 'age_60_plus': return ageBand(p, 60, 90);
      case 'age_65_plus': return ageBand(p, 65, 90);
      case 'age_75_plus': return ageBand(p, 75, 90);
      case 'age_85_plus': return ageBand(p, 85, 90);
      case 'births': return ageBand(p, 0, 0);
      // Leavers: most of one year-group at 16–17.
      case 'leavers': return Math.round(0.45 * ageBand(p, 16, 16) + 0.55 * ageBand(p, 17, 17));
      case 'households': return households(p, this.geography.dataZones[zone]!.cell.centrality);
      case 'dwellings': return Math.round(households(p, this.geography.dataZones[zone]!.cell.centrality) * 1.045);
    }
  }
}
