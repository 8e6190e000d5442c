import type { DataZoneVintage } from '../../geographies/src/levels.ts';
import { populationTotals } from './derive.ts';
import type { ObservationRow, ObservationStore } from './observations.ts';
import type { Staging } from './staging.ts';

/**
 * Shows each series on the other data-zone vintage through the population-weighted crosswalk, so
 * that 2011-based and 2022-based series can be compared on one map.
 *
 * The crosswalk gives, for each 2011 zone a, the share w(a,b) of its people living in 2022 zone b.
 * With a's population P(a), the piece a∩b holds P(a)·w(a,b) people. A count moves between
 * vintages in proportion to the people in each piece: from a to b by w(a,b), and from b to a by
 * P(a)·w(a,b) / Σ P(a')·w(a',b). Numerators and denominators move separately, so rates are still
 * re-derived from sums. Medians and ranks (aggregation 'none') cannot be apportioned and stay on
 * their own vintage. A converted zone is given a value only when every piece it is made of has
 * data; the share of people covered is stated per indicator.
 */
export async function convertVintages(staging: Staging): Promise<Map<string, { to: DataZoneVintage; coverage: number }>> {
  const result = new Map<string, { to: DataZoneVintage; coverage: number }>();
  const pieces = staging.crosswalk.filter((c) => c.from === 'dz2011' && c.to === 'dz2022');
  if (pieces.length === 0) return result;
  const latestYear = Math.max(...staging.population.keys());
  if (!Number.isFinite(latestYear)) {
    staging.warnings.push({ kind: 'dz_crosswalk', file: 'crosswalk', message: 'no population estimates are loaded, so series cannot be moved between data-zone vintages' });
    return result;
  }
  const population = populationTotals(staging, latestYear);
  // piece people, indexed both ways
  const byFrom = new Map<string, { other: string; people: number; share: number }[]>();
  const byTo = new Map<string, { other: string; people: number; share: number }[]>();
  const toTotals = new Map<string, number>();
  for (const c of pieces) {
    const people = (population.get(c.fromDz) ?? 0) * c.weight;
    toTotals.set(c.toDz, (toTotals.get(c.toDz) ?? 0) + people);
  }
  for (const c of pieces) {
    const people = (population.get(c.fromDz) ?? 0) * c.weight;
    const toTotal = toTotals.get(c.toDz) ?? 0;
    push(byFrom, c.fromDz, { other: c.toDz, people, share: c.weight });
    push(byTo, c.toDz, { other: c.fromDz, people, share: toTotal > 0 ? people / toTotal : 0 });
  }

  const groups = new Map<string, ObservationRow[]>();
  await staging.observations.scan((row) => {
    if (staging.indicators.get(row.indicator)!.aggregation !== 'none' && !row.converted) push(groups, `${row.indicator}\u0000${row.period}`, row);
  });
  const converted: Parameters<ObservationStore['push']>[] = [];
  const coverage = new Map<string, { covered: number; total: number }>();
  for (const [key, rows] of groups) {
    const [code, period] = key.split('\u0000') as [string, string];
    const meta = staging.indicators.get(code)!;
    const from = meta.vintage;
    const to: DataZoneVintage = from === 'dz2011' ? 'dz2022' : 'dz2011';
    // Moving 2011 → 2022 a count splits by w(a,b); 2022 → 2011 it splits by the share of b's people in a.
    const links = from === 'dz2011' ? byFrom : byTo;
    const targetPieces = from === 'dz2011' ? byTo : byFrom;
    const acc = new Map<string, { num: number | null; den: number | null; suppressed: boolean; parts: number }>();
    for (const row of rows) {
      for (const link of links.get(row.dz) ?? []) {
        const a = acc.get(link.other) ?? { num: 0, den: 0, suppressed: false, parts: 0 };
        a.parts += 1;
        a.suppressed ||= row.suppressed;
        a.num = a.num === null || row.numerator === null ? null : a.num + row.numerator * link.share;
        a.den = a.den === null || row.denominator === null ? null : a.den + row.denominator * link.share;
        acc.set(link.other, a);
      }
    }
    const cov = coverage.get(code) ?? { covered: 0, total: 0 };
    coverage.set(code, cov);
    cov.total += to === 'dz2011' ? [...population.values()].reduce((n, p) => n + p, 0) : [...toTotals.values()].reduce((n, p) => n + p, 0);
    for (const [zone, zonePieces] of targetPieces) {
      const people = zonePieces.reduce((n, p) => n + p.people, 0);
      const a = acc.get(zone);
      if (!a || a.parts < zonePieces.length) continue;
      cov.covered += people;
      const value = a.suppressed || a.num === null ? null
        : meta.aggregation === 'sum' ? a.num
        : a.den ? (a.num / a.den) * (meta.aggregation === 'population_weighted_mean' ? 1 : meta.multiplier) : null;
      converted.push([code, period, zone, a.suppressed ? null : a.num, a.suppressed ? null : a.den, value, a.suppressed, to]);
    }
    result.set(code, { to, coverage: 0 });
  }
  for (const row of converted) staging.observations.push(...row);
  for (const [code, cov] of coverage) result.set(code, { to: result.get(code)!.to, coverage: cov.total > 0 ? cov.covered / cov.total : 0 });
  return result;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
