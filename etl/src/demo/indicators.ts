/**
 * Generates the synthetic indicators of the catalogue for every data zone and period, and writes
 * them in the partner template layout (indicators.csv + observations.csv).
 */
import { AsciiWriter, csvLine, round } from './csv.ts';
import type { Denominator, Denominators } from './denominators.ts';
import type { Geography } from './hierarchy.ts';
import { INDICATORS, SYNTHETIC_NOTE, SYNTHETIC_SOURCE, type Effects, type IndicatorSpec } from './indicatorCatalogue.ts';
import { periods, type Period } from './periods.ts';
import { ageBand, total, type PopulationSeries } from './population.ts';
import { hashKey, type Random } from './random.ts';

export interface IndicatorSeries {
  spec: IndicatorSpec;
  periods: Period[];
  /** [period][data zone]; '*' where the publisher withheld the count, null where not given. */
  numerator: (number | '*' | null)[][];
  denominator: (number | null)[][];
  value: (number | null)[][];
}

export interface Covariates {
  deprivation: number[];
  older: number[];
  urban: number[];
  rural: number[];
  coastal: number[];
}

export function covariates(geography: Geography, population: PopulationSeries, latent: number[]): Covariates {
  const y2017 = population.years.indexOf(2017);
  const share = population.byYear[y2017]!.map((p) => ageBand(p, 65, 90) / total(p));
  const mean = share.reduce((a, b) => a + b, 0) / share.length;
  const sd = Math.sqrt(share.reduce((a, b) => a + (b - mean) ** 2, 0) / share.length);
  return {
    deprivation: latent,
    older: share.map((s) => (s - mean) / sd),
    urban: geography.dataZones.map((z) => z.cell.centrality * (z.cell.urbanRural.ur6[0] <= 2 ? 1 : 0.4)),
    rural: geography.dataZones.map((z) => (z.cell.urbanRural.ur2[0] === 2 ? 1 : 0)),
    coastal: geography.dataZones.map((z) => (z.cell.coastal ? 1 : 0)),
  };
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

function linearPredictor(e: Effects, c: Covariates, zone: number, period: Period, zoneEffect: number, yearEffect: number): number {
  const z = c.deprivation[zone]!;
  return (
    (e.dep ?? 0) * z +
    ((e.trend ?? 0) + (e.gap ?? 0) * z) * period.t +
    (e.covid ?? 0) * period.covid +
    (e.urban ?? 0) * c.urban[zone]! +
    (e.rural ?? 0) * c.rural[zone]! +
    (e.coastal ?? 0) * c.coastal[zone]! +
    (e.older ?? 0) * c.older[zone]! +
    zoneEffect +
    yearEffect
  );
}

function seriesFor(spec: IndicatorSpec, denominators: Denominators, cov: Covariates, zones: number, rng: Random): IndicatorSeries {
  const ps = periods(spec.periods);
  const model = spec.model;
  const effects: Effects = model.kind === 'population' || model.kind === 'population_share' ? {} : model;
  const zoneRng = rng.fork('zone');
  const zoneEffects = Array.from({ length: zones }, () => zoneRng.normal(0, effects.noise ?? 0));
  const draws = rng.fork('draws');
  const sumOf = (kind: Denominator, years: number[], zone: number) => years.reduce((s, y) => s + denominators.of(kind, y, zone), 0);

  const numerator: (number | '*' | null)[][] = [];
  const denominator: (number | null)[][] = [];
  const value: (number | null)[][] = [];
  for (const period of ps) {
    const nums: (number | '*' | null)[] = [];
    const dens: (number | null)[] = [];
    const vals: (number | null)[] = [];
    const perYear = period.length / period.years.length;
    const middleYear = period.years[Math.floor(period.years.length / 2)] as number;
    for (let i = 0; i < zones; i++) {
      const yearEffect = effects.yearNoise ? draws.normal(0, effects.yearNoise) : 0;
      const eta = linearPredictor(effects, cov, i, period, zoneEffects[i]!, yearEffect);
      switch (model.kind) {
        case 'population':
          nums.push(denominators.of(model.group, period.years[0] as number, i));
          dens.push(null);
          vals.push(null);
          break;
        case 'population_share':
          nums.push(denominators.of(model.group, period.years[0] as number, i));
          dens.push(denominators.of(model.of, period.years[0] as number, i));
          vals.push(null);
          break;
        case 'proportion': {
          const people = model.pooled === 'middle' ? denominators.of(model.of, middleYear, i) : sumOf(model.of, period.years, i);
          const den = Math.round(people * (model.scale ?? 1));
          const k = draws.binomial(den, logistic(logit(model.base / spec.multiplier) + eta));
          nums.push(model.withheldBelow && k > 0 && k < model.withheldBelow ? '*' : k);
          dens.push(den);
          vals.push(null);
          break;
        }
        case 'rate': {
          const den = Math.round(sumOf(model.of, period.years, i) * (model.scale ?? 1));
          nums.push(draws.poisson(den * perYear * (model.base / spec.multiplier) * Math.exp(eta)));
          dens.push(den);
          vals.push(null);
          break;
        }
        case 'standardised': {
          // Centred so that the average data zone sits near Scotland's rate (100).
          const spread = (effects.dep ?? 0) ** 2 + (effects.noise ?? 0) ** 2 + (effects.yearNoise ?? 0) ** 2;
          const expected = round(sumOf(model.of, period.years, i) * perYear * model.expectedRate, 2);
          const observed = draws.poisson(expected * Math.exp(eta - spread / 2));
          nums.push(observed);
          dens.push(expected);
          vals.push(expected > 0 ? round((observed / expected) * 100, 1) : null);
          break;
        }
        case 'count':
          nums.push(draws.poisson(sumOf(model.exposure, period.years, i) * perYear * model.base * Math.exp(eta)));
          dens.push(null);
          vals.push(null);
          break;
        case 'stock':
          nums.push(Math.round(denominators.of(model.exposure, middleYear, i) * model.base * Math.exp(eta)));
          dens.push(null);
          vals.push(null);
          break;
        case 'level':
          nums.push(null);
          dens.push(null);
          vals.push(round(round((model.base * Math.exp(eta)) / model.roundTo) * model.roundTo, 2));
          break;
        case 'money': {
          const awards = draws.poisson(sumOf(model.exposure, period.years, i) * perYear * model.awardsPerPerson * Math.exp(eta));
          const amount = Math.round(awards * model.averageAward * Math.pow(1.02, period.t) * Math.exp(draws.normal(0, 0.15)));
          nums.push(amount);
          dens.push(model.per ? denominators.of(model.per, middleYear, i) : null);
          vals.push(null);
          break;
        }
      }
    }
    numerator.push(nums);
    denominator.push(dens);
    value.push(vals);
  }
  return { spec, periods: ps, numerator, denominator, value };
}

export function generateIndicators(denominators: Denominators, cov: Covariates, zones: number, rng: Random): IndicatorSeries[] {
  return INDICATORS.map((spec) => seriesFor(spec, denominators, cov, zones, rng.fork(spec.id)));
}

/** A publication date a few months after the last period, fixed per indicator. */
function datePublished(series: IndicatorSeries): string {
  const last = series.periods[series.periods.length - 1] as Period;
  const year = 2012 + Math.floor(last.t) + 1;
  const h = hashKey(series.spec.id);
  return `${year}-${String(3 + (h % 9)).padStart(2, '0')}-${String(1 + ((h >>> 8) % 28)).padStart(2, '0')}`;
}

export function indicatorsCsv(all: IndicatorSeries[]): string {
  const header = 'id,title,theme,topic,unit,measure_type,aggregation,multiplier,polarity,source,publisher,licence,date_published,notes,keywords,disclosure_threshold,vintage';
  const lines = all.map((s) => {
    const spec = s.spec;
    return csvLine([
      spec.id, spec.title, spec.theme, spec.topic, spec.unit, spec.measureType, spec.aggregation, spec.multiplier, spec.polarity,
      SYNTHETIC_SOURCE, SYNTHETIC_SOURCE, 'Open Government Licence v3.0', datePublished(s),
      spec.note ? `${SYNTHETIC_NOTE} ${spec.note}` : SYNTHETIC_NOTE,
      spec.keywords.join(';'), spec.disclosureThreshold ?? null, 'dz2011',
    ]);
  });
  return [header, ...lines].join('\n') + '\n';
}

export function observationsCsv(all: IndicatorSeries[], codes: string[]): string {
  const out = new AsciiWriter(24 << 20);
  out.text('indicator_id,period,dz_code,numerator,denominator,value\n');
  const COMMA = 44;
  const cell = (v: number | '*' | null) => {
    if (typeof v === 'number') out.number(v);
    else if (v === '*') out.text('*');
  };
  const codeBytes = codes.map((c) => Buffer.from(`${c},`, 'latin1'));
  for (const s of all) {
    s.periods.forEach((period, p) => {
      const nums = s.numerator[p]!;
      const dens = s.denominator[p]!;
      const vals = s.value[p]!;
      const prefix = Buffer.from(`${s.spec.id},${period.label},`, 'latin1');
      for (let i = 0; i < codes.length; i++) {
        out.bytes(prefix).bytes(codeBytes[i]!);
        cell(nums[i]!);
        out.byte(COMMA);
        cell(dens[i]!);
        out.byte(COMMA);
        cell(vals[i]!);
        out.byte(10);
      }
    });
  }
  return out.toString();
}
