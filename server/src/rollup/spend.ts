import type { SpendLine, ZoneSpend } from '../queries/spend.ts';

/** £ per person; null when there is nobody to divide by (never a zero that looks like a figure). */
export const perHead = (amount: number, population: number | null | undefined): number | null =>
  population !== null && population !== undefined && population > 0 ? amount / population : null;

/**
 * The population year to divide a financial year's spend by. NRS mid-year estimates count people
 * on 30 June; financial year Y/Y+1 runs from April Y to March Y+1, so its mid-point (about
 * 1 October Y) is nearest 30 June Y. We take the estimate year nearest Y + 0.25, which is Y when the
 * build has it, then Y + 1, then Y − 1 and so on outward (no ties are possible). Null without any.
 */
export function populationYearFor(financialYear: string, years: readonly number[]): number | null {
  const start = Number(financialYear.slice(0, 4));
  let best: number | null = null;
  for (const year of years) {
    if (best === null || Math.abs(year - (start + 0.25)) < Math.abs(best - (start + 0.25))) best = year;
  }
  return best;
}

export interface YearPopulation {
  financialYear: string;
  populationYear: number | null;
  population: number | null;
}

export interface SpendSummary {
  totals: (YearPopulation & { amount: number; spendPerHead: number | null })[];
  byPartner: { partner: string; financialYear: string; amount: number; spendPerHead: number | null }[];
  byService: { partner: string; service: string; financialYear: string; amount: number; spendPerHead: number | null }[];
  unitCosts: {
    service: string; financialYear: string; activityUnit: string | null; amount: number; activity: number; unitCost: number | null;
    rowsWithActivity: number; rowsWithoutActivity: number;
  }[];
  unallocated: { partner: string; service: string; financialYear: string; amount: number }[];
}

function sumInto<K>(map: Map<string, K & { amount: number }>, key: string, make: () => K & { amount: number }, amount: number): void {
  const row = map.get(key) ?? make();
  row.amount += amount;
  map.set(key, row);
}

/**
 * Totals, per-head figures and unit costs for one scope. Only spend placed in the scope's data zones
 * enters totals and per-head figures. Unallocated spend (no data zone) is listed apart, for the
 * partners `showUnallocated` admits, and never divided by anyone: we cannot say whose it is.
 * Unit costs are Σ amount ÷ Σ activity over the rows that report activity, among the rows this
 * answer covers (placed, plus the unallocated rows it lists), by service, year and activity unit.
 */
export function summariseSpend(lines: readonly SpendLine[], populations: ReadonlyMap<string, YearPopulation>, showUnallocated: (partner: string) => boolean): SpendSummary {
  const covered = lines.filter((l) => l.placed || showUnallocated(l.partner));
  const placed = covered.filter((l) => l.placed);
  const per = (amount: number, year: string) => perHead(amount, populations.get(year)?.population);

  const totals = new Map<string, { amount: number }>();
  const partners = new Map<string, { partner: string; financialYear: string; amount: number }>();
  const services = new Map<string, { partner: string; service: string; financialYear: string; amount: number }>();
  for (const l of placed) {
    sumInto(totals, l.financialYear, () => ({ amount: 0 }), l.amount);
    sumInto(partners, JSON.stringify([l.partner, l.financialYear]), () => ({ partner: l.partner, financialYear: l.financialYear, amount: 0 }), l.amount);
    sumInto(services, JSON.stringify([l.partner, l.service, l.financialYear]), () => ({ partner: l.partner, service: l.service, financialYear: l.financialYear, amount: 0 }), l.amount);
  }

  // Unit costs: one row per service, year and unit of the rows that report activity. Rows that
  // report none (usually with no unit either) are counted against their service and year.
  const costs = new Map<string, SpendSummary['unitCosts'][number]>();
  for (const l of covered.filter((c) => c.rowsWithActivity > 0)) {
    const key = JSON.stringify([l.service, l.financialYear, l.activityUnit]);
    const row = costs.get(key) ?? { service: l.service, financialYear: l.financialYear, activityUnit: l.activityUnit, amount: 0, activity: 0, unitCost: null, rowsWithActivity: 0, rowsWithoutActivity: 0 };
    row.amount += l.amountWithActivity ?? 0;
    row.activity += l.activity ?? 0;
    row.rowsWithActivity += l.rowsWithActivity;
    costs.set(key, row);
  }
  for (const l of covered.filter((c) => c.rows > c.rowsWithActivity)) {
    const same = [...costs.values()].filter((c) => c.service === l.service && c.financialYear === l.financialYear);
    const sameUnit = same.filter((c) => c.activityUnit === l.activityUnit);
    for (const c of sameUnit.length > 0 ? sameUnit : same) c.rowsWithoutActivity += l.rows - l.rowsWithActivity;
  }

  const unallocated = new Map<string, { partner: string; service: string; financialYear: string; amount: number }>();
  for (const l of covered.filter((c) => !c.placed)) {
    sumInto(unallocated, JSON.stringify([l.partner, l.service, l.financialYear]), () => ({ partner: l.partner, service: l.service, financialYear: l.financialYear, amount: 0 }), l.amount);
  }

  return {
    totals: [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([financialYear, { amount }]) => ({
      financialYear, amount,
      populationYear: populations.get(financialYear)?.populationYear ?? null,
      population: populations.get(financialYear)?.population ?? null,
      spendPerHead: per(amount, financialYear),
    })),
    byPartner: [...partners.values()].map((r) => ({ ...r, spendPerHead: per(r.amount, r.financialYear) })),
    byService: [...services.values()].map((r) => ({ ...r, spendPerHead: per(r.amount, r.financialYear) })),
    unitCosts: [...costs.values()].map((r) => ({ ...r, unitCost: r.activity > 0 ? r.amount / r.activity : null })),
    unallocated: [...unallocated.values()],
  };
}

export interface BandRow {
  band: number;
  dataZones: number;
  population: number;
  amount: number;
  spendPerHead: number | null;
  shareOfSpend: number | null;
  shareOfPopulation: number | null;
  /** The band's spend per head ÷ the scope's (ranked zones'), = share of spend ÷ share of people. */
  relativeToAverage: number | null;
}

/**
 * Spend per head by SIMD band: Σ spend in the band's data zones ÷ Σ their people, so each band is
 * population-weighted by construction (never an average of data-zone rates). Every band from 1 to
 * `count` is listed; where the scope has no data zone in a band its shares are 0 and its per-head
 * figure null. Zones the edition does not
 * rank are left to the caller.
 */
export function spendByBand(zones: readonly ZoneSpend[], key: 'decile' | 'quintile', count: number): BandRow[] {
  const ranked = zones.filter((z) => z[key] !== null);
  const totalAmount = ranked.reduce((n, z) => n + z.amount, 0);
  const totalPeople = ranked.reduce((n, z) => n + z.population, 0);
  const average = perHead(totalAmount, totalPeople);
  return Array.from({ length: count }, (_, i) => {
    const inBand = ranked.filter((z) => z[key] === i + 1);
    const amount = inBand.reduce((n, z) => n + z.amount, 0);
    const population = inBand.reduce((n, z) => n + z.population, 0);
    const spendPerHead = perHead(amount, population);
    return {
      band: i + 1, dataZones: inBand.length, population, amount, spendPerHead,
      shareOfSpend: totalAmount > 0 ? amount / totalAmount : null,
      shareOfPopulation: totalPeople > 0 ? population / totalPeople : null,
      relativeToAverage: spendPerHead !== null && average ? spendPerHead / average : null,
    };
  });
}
