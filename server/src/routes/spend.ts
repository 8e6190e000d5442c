import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import { centroidSpendNote } from '../postcodePlacement.ts';
import { areasOfLevel } from '../queries/levelAreas.ts';
import { areasWithin, findArea, type AreaRef } from '../queries/profileAreas.ts';
import { findIndicator, indicatorPeriods, sumsByArea } from '../queries/rollup.ts';
import {
  partnersWhollyWithin, populationOfScope, populationYears, simdEditions, spendByArea, spendCatalogue, spendLines, spendPlacedByCentroid, zoneSpend,
  type SpendCatalogueRow, type SpendFilter,
} from '../queries/spend.ts';
import { rollUpValue, type AreaSums } from '../rollup/aggregate.ts';
import { howBuilt, NOT_LINKED, reachOf, setName, SPEND_VINTAGE, unreachedMessage } from '../rollup/reach.ts';
import { perHead, populationYearFor, spendByBand, summariseSpend, type YearPopulation } from '../rollup/spend.ts';
import type { BuildLevel } from '../queries/levels.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import {
  SpendAgainstNeedQuery, SpendAgainstNeedReply, SpendByDeprivationQuery, SpendByDeprivationReply, SpendQuery, SpendReply,
} from '../schemas/spend.ts';
import { concentrationIndex } from '../stats/concentration.ts';
import { pearson, spearman } from '../stats/correlation.ts';

const errors = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody };

/** Levels whose areas are big enough to own a partner's unallocated spend (see docs/spend-and-targets.md). */
const COUNCIL_OR_ABOVE = new Set(['council', 'health_board', 'hscp', 'scotland']);

export const CONCENTRATION_SIGN =
  'Data zones are ranked from most deprived (SIMD rank 1) to least, so a negative index means spend per head is concentrated in the more deprived data zones, a positive one in the less deprived; 0 is the same spend per head everywhere. Range −1 to 1.';
const CONCENTRATION_METHOD =
  "Concentration index C = 2·cov(spend per head, fractional rank) ÷ mean spend per head, over the area's data zones weighted by population, fractional ranks from population shares (O'Donnell, van Doorslaer, Wagstaff & Lindelow 2008, Analyzing Health Equity Using Household Survey Data, ch. 8).";

const list = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');
const distinct = (values: readonly string[]) => [...new Set(values)].sort();

interface Scope {
  area: AreaRef | null;
  level: BuildLevel | null;
}

export async function spendRoutes(app: FastifyInstance): Promise<void> {
  const findLevel = (key: string): BuildLevel => {
    const level = app.levels.find((l) => l.key === key);
    if (!level) throw badRequest(`Unknown level "${key}". Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
    return level;
  };

  /** A level spend reaches: one made of the data zones spend is placed in. */
  const spendLevel = (key: string): BuildLevel => {
    const level = findLevel(key);
    if (!level.dataZoneVintages.includes(SPEND_VINTAGE)) {
      throw notFound(`Spend is placed in ${setName(SPEND_VINTAGE)}, and ${howBuilt(level)}. ${NOT_LINKED}`);
    }
    return level;
  };

  /** `level` and `area` together name one area; both omitted mean the whole build. */
  const resolveScope = async (levelKey: string | undefined, code: string | undefined): Promise<Scope> => {
    if (levelKey === undefined && code === undefined) return { area: null, level: null };
    if (levelKey === undefined) throw badRequest(`Give the level of area "${code}" too, e.g. level=council&area=${code}. Levels in this build: ${app.levels.map((l) => l.key).join(', ')}.`);
    const level = spendLevel(levelKey);
    if (code === undefined) throw badRequest(`Give an area code at level ${level.key} with area=<code> (find codes with /api/v1/areas?level=${level.key}&q=<name>), or omit level for the whole build.`);
    const area = await findArea(app.db, level.key, code);
    if (!area) throw notFound(`No ${level.label} with code "${code}" in this build. Find codes with /api/v1/areas?level=${level.key}&q=<name>.`);
    return { area, level };
  };

  const catalogue = async (): Promise<SpendCatalogueRow[]> => {
    const rows = await spendCatalogue(app.db);
    if (rows.length === 0) throw notFound('This build holds no partner spend. Load a spend file in the layout of data/templates/spend.csv and rebuild.');
    return rows;
  };

  /** Checks partner, service and year against what the build holds; the year defaults to the latest that has spend for them. */
  const resolveFilter = (rows: SpendCatalogueRow[], query: { partner?: string; service?: string; year?: string }): SpendFilter & { financialYear: string } => {
    const partner = query.partner ?? null;
    const service = query.service ?? null;
    if (partner !== null && !rows.some((r) => r.partner === partner)) throw badRequest(`Unknown partner "${partner}". Partners with spend: ${list(distinct(rows.map((r) => r.partner)))}.`);
    const ofPartner = rows.filter((r) => partner === null || r.partner === partner);
    if (service !== null && !ofPartner.some((r) => r.service === service)) {
      throw badRequest(`Unknown service "${service}"${partner === null ? '' : ` for ${partner}`}. Services: ${list(distinct(ofPartner.map((r) => r.service)))}.`);
    }
    const matching = ofPartner.filter((r) => service === null || r.service === service);
    const years = distinct(matching.map((r) => r.financialYear));
    const year = query.year ?? years.at(-1)!;
    if (!years.includes(year)) throw badRequest(`No spend in financial year "${year}"${partner || service ? ' for this partner and service' : ''}. Years with spend: ${list(years)}.`);
    return { partner, service, financialYear: year };
  };

  const populationYearOf = async (financialYear: string): Promise<number> => {
    const year = populationYearFor(financialYear, await populationYears(app.db));
    if (year === null) throw notFound('This build holds no population estimates, so spend cannot be given per head.');
    return year;
  };

  app.get<{ Querystring: SpendQuery; Reply: SpendReply }>('/spend', {
    schema: {
      summary: 'Spend placed in an area (or the whole build): totals by partner, service and financial year, per head, unit costs, and unallocated spend apart',
      querystring: SpendQuery, response: { 200: SpendReply, ...errors },
    },
  }, async (request) => {
    const { area, level } = await resolveScope(request.query.level, request.query.area);
    await catalogue();
    const areaId = area?.areaId ?? null;
    const lines = await spendLines(app.db, areaId);

    const years = distinct(lines.map((l) => l.financialYear));
    const available = await populationYears(app.db);
    const chosen = new Map(years.map((fy) => [fy, populationYearFor(fy, available)]));
    const people = await populationOfScope(app.db, areaId, [...new Set([...chosen.values()].filter((y): y is number => y !== null))]);
    const populations = new Map<string, YearPopulation>(years.map((fy) => {
      const populationYear = chosen.get(fy) ?? null;
      return [fy, { financialYear: fy, populationYear, population: populationYear === null ? null : people.get(populationYear) ?? null }];
    }));

    let rule: string;
    let show: (partner: string) => boolean;
    if (area === null || level!.key === 'scotland') {
      rule = 'All unallocated spend in the build: it has no data zone, so it is in no smaller area and in no per-head figure.';
      show = () => true;
    } else if (COUNCIL_OR_ABOVE.has(level!.key)) {
      const within = await partnersWhollyWithin(app.db, area.areaId);
      rule = `Unallocated spend of partners all of whose placed spend lies in ${area.name}; kept apart from the totals and per-head figures, which count placed spend only.`;
      show = (partner) => within.has(partner);
    } else {
      rule = `None: unallocated spend has no data zone, so it cannot be placed in a ${level!.label.toLowerCase()}. See it at council or Scotland level.`;
      show = () => false;
    }
    const summary = summariseSpend(lines, populations, show);
    const scopeName = area?.name ?? 'the whole build';
    const notes = [
      `Totals count spend placed in the data zones of ${scopeName} only.`,
      ...summary.totals.map((t) => t.populationYear === null
        ? `${t.financialYear}: no population estimate, so no per-head figures.`
        : `${t.financialYear}: per head uses the ${t.populationYear} mid-year population estimate (${t.population ?? 0} people), the one nearest the financial year.`),
      'Unit costs are Σ amount ÷ Σ activity over the rows that report activity; rows with no activity count are left out of both.',
      // The lines already hold what was placed by centroid: no second pass over the spend.
      ...nonNull(centroidSpendNote(lines.filter((l) => l.placed).reduce((n, l) => ({ amount: n.amount + (l.amountByCentroid ?? 0), placed: n.placed + l.amount }), { amount: 0, placed: 0 }))),
    ];
    return {
      build: buildRef(app.build),
      area: area && { level: area.level, levelLabel: area.levelLabel, code: area.code, name: area.name },
      totals: summary.totals,
      byPartner: summary.byPartner,
      byService: summary.byService,
      unitCosts: summary.unitCosts,
      unallocated: { rule, total: summary.unallocated.reduce((n, u) => n + u.amount, 0), lines: summary.unallocated },
      notes,
    };
  });

  app.get<{ Querystring: SpendByDeprivationQuery; Reply: SpendByDeprivationReply }>('/spend/by-deprivation', {
    schema: {
      summary: 'Spend per head by SIMD decile and quintile within an area (or the whole build), shares of spend and people, and a concentration index',
      querystring: SpendByDeprivationQuery, response: { 200: SpendByDeprivationReply, ...errors },
    },
  }, async (request) => {
    const { area } = await resolveScope(request.query.level, request.query.area);
    const filter = resolveFilter(await catalogue(), request.query);
    const editions = await simdEditions(app.db);
    if (editions.length === 0) throw notFound('This build holds no SIMD ranks, so spend cannot be split by deprivation.');
    const edition = request.query.edition ?? editions[0]!;
    if (!editions.includes(edition)) throw badRequest(`Unknown SIMD edition "${edition}". Editions in this build: ${list(editions)}.`);
    const populationYear = await populationYearOf(filter.financialYear);

    const zones = await zoneSpend(app.db, area?.areaId ?? null, filter, populationYear, edition);
    const ranked = zones.filter((z) => z.rank !== null);
    const unranked = zones.filter((z) => z.rank === null);
    const index = concentrationIndex(ranked.map((z) => ({ rank: z.rank!, population: z.population, total: z.amount })));
    const sum = (rows: typeof zones, key: 'amount' | 'population') => rows.reduce((n, z) => n + z[key], 0);
    const amount = sum(zones, 'amount');
    const population = sum(zones, 'population');
    const interpretation = index === null ? null
      : Math.abs(index.value) < 1e-9 ? 'Spend per head is the same across the deprivation ranking.'
        : index.value < 0 ? 'Spend per head is concentrated in the more deprived data zones.'
          : 'Spend per head is concentrated in the less deprived data zones.';
    return {
      build: buildRef(app.build),
      area: area && { level: area.level, levelLabel: area.levelLabel, code: area.code, name: area.name },
      partner: filter.partner,
      service: filter.service,
      financialYear: filter.financialYear,
      edition,
      populationYear,
      total: { dataZones: zones.length, population, amount, spendPerHead: perHead(amount, population) },
      deciles: spendByBand(zones, 'decile', 10),
      quintiles: spendByBand(zones, 'quintile', 5),
      unranked: { dataZones: unranked.length, population: sum(unranked, 'population'), amount: sum(unranked, 'amount') },
      concentrationIndex: { value: index?.value ?? null, dataZones: index?.groups ?? 0, method: CONCENTRATION_METHOD, signConvention: CONCENTRATION_SIGN, interpretation },
      notes: [
        `Deciles and quintiles are national (${edition}): decile 1 holds Scotland's most deprived 10% of data zones, so an area need not have zones in every band.`,
        'Each band is Σ spend ÷ Σ people of its data zones (population-weighted), never an average of data-zone figures.',
        `People: the ${populationYear} mid-year estimate, the one nearest ${filter.financialYear}. Unallocated spend has no data zone and is left out.`,
        ...(index === null ? ['No concentration index: it needs spend in at least two ranked data zones with people in them.'] : []),
        ...nonNull(centroidSpendNote(await spendPlacedByCentroid(app.db, area?.areaId ?? null, filter))),
      ],
    };
  });

  app.get<{ Querystring: SpendAgainstNeedQuery; Reply: SpendAgainstNeedReply }>('/spend/against-need', {
    schema: {
      summary: "Every area of a level: spend per head beside a need indicator's value, and how closely they go together (Pearson and Spearman)",
      querystring: SpendAgainstNeedQuery, response: { 200: SpendAgainstNeedReply, ...errors },
    },
  }, async (request) => {
    const level = spendLevel(request.query.level);
    const indicator = await findIndicator(app.db, request.query.need);
    if (!indicator) throw notFound(`No indicator "${request.query.need}" in this build. The catalogue is at /api/v1/indicators.`);
    const base = level.membership === 'base';
    const nativeLevel = base && level.key === indicator.vintage;
    if (indicator.aggregation === 'none' && !nativeLevel) {
      throw badRequest(`${indicator.code} (${indicator.title}) is a ${indicator.measureType} and cannot be combined across data zones; compare it with spend at level=${indicator.vintage}.`);
    }
    const reach = reachOf(level, indicator);
    if (!reach) throw notFound(unreachedMessage(level, indicator, app.levels));
    const periods = await indicatorPeriods(app.db, indicator.indicatorId, reach.vintage);
    if (periods.length === 0) throw notFound(`${indicator.title} has no figures on ${reach.vintage} data zones, so none for ${level.plural.toLowerCase()}.`);
    const period = request.query.period === undefined ? periods.at(-1)! : periods.find((p) => p.label === request.query.period);
    if (!period) throw badRequest(`${indicator.code} has no period "${request.query.period}". Periods: ${periods.map((p) => p.label).join(', ')}.`);
    const filter = resolveFilter(await catalogue(), request.query);
    const populationYear = await populationYearOf(filter.financialYear);
    const { withinLevel, within } = request.query;
    if ((withinLevel === undefined) !== (within === undefined)) {
      throw badRequest('Give withinLevel and within together (e.g. withinLevel=council&within=S12000047), or neither for every area of the level.');
    }
    const parent = withinLevel === undefined ? null : await findArea(app.db, spendLevel(withinLevel).key, within!);
    if (withinLevel !== undefined && !parent) throw notFound(`No ${findLevel(withinLevel).label} with code "${within}" in this build. Find codes with /api/v1/areas?level=${withinLevel}&q=<name>.`);

    const [all, spend, sums] = await Promise.all([
      parent ? areasWithin(app.db, level.key, { level: parent.level, areaId: parent.areaId }) : areasOfLevel(app.db, level.key),
      spendByArea(app.db, { key: level.key, base }, filter, populationYear),
      sumsByArea(app.db, indicator.indicatorId, period.periodId, level.key, reach),
    ]);
    const spendOf = new Map(spend.map((s) => [s.areaId, s]));
    const rows = all.map((a) => {
      const s = spendOf.get(a.areaId) ?? { amount: 0, population: 0 };
      const need = rollUpValue(indicator, sums.get(a.areaId) ?? NO_SUMS, { nativeLevel });
      return { code: a.code, name: a.name, amount: s.amount, population: s.population, spendPerHead: perHead(s.amount, s.population), need };
    });
    const paired = rows.filter((r) => r.spendPerHead !== null && r.need.value !== null && !r.need.suppressed);
    const xs = paired.map((r) => r.spendPerHead!);
    const ys = paired.map((r) => r.need.value!);
    const r = pearson(xs, ys);
    const rho = spearman(xs, ys);
    const note = paired.length < 3
      ? `Only ${paired.length} ${paired.length === 1 ? 'area has' : 'areas have'} both figures: a correlation needs at least three.`
      : r === null || rho === null
        ? 'Spend per head or the need figure is the same in every area, so there is no correlation to give.'
        : `Across ${paired.length} ${level.plural.toLowerCase()}${parent ? ` in ${parent.name}` : ''}: Pearson r = ${r.toFixed(2)}, Spearman ρ = ${rho.toFixed(2)}. ${describe(rho, indicator.polarity)} This compares areas, not people (an ecological correlation), and says nothing of cause.`;
    return {
      build: buildRef(app.build),
      level: { key: level.key, label: level.label },
      within: parent && { level: parent.level, levelLabel: parent.levelLabel, code: parent.code, name: parent.name },
      need: { code: indicator.code, title: indicator.title, unit: indicator.unit, polarity: indicator.polarity, aggregation: indicator.aggregation, period: period.label },
      partner: filter.partner,
      service: filter.service,
      financialYear: filter.financialYear,
      populationYear,
      areas: rows,
      correlation: { areas: paired.length, pearson: r, spearman: rho, note },
      notes: [
        `Spend per head: spend placed in each area's data zones in ${filter.financialYear} ÷ its people in the ${populationYear} mid-year estimate (the nearest). Unallocated spend is left out.`,
        `Need: ${indicator.title}, ${period.label}, rolled up from data zones by the same rules as every other figure (suppressed values take no part in the correlation).`,
        ...(indicator.aggregation === 'sum' ? [`${indicator.code} is a count, which grows with an area's size: a rate or share is a fairer measure of need to set spend per head against.`] : []),
        ...nonNull(centroidSpendNote(await spendPlacedByCentroid(app.db, parent?.areaId ?? null, filter))),
      ],
    };
  });
}

const nonNull = <T>(value: T | null): T[] => (value === null ? [] : [value]);

const NO_SUMS: AreaSums = { members: 0, observed: 0, withheld: 0, missing: 0, numerator: null, denominator: null, coveredDenominator: null, value: null };

/** Plain words for a rank correlation, with the need indicator's polarity deciding what "more need" is. */
function describe(rho: number, polarity: string): string {
  const strength = Math.abs(rho) >= 0.7 ? 'strongly' : Math.abs(rho) >= 0.4 ? 'moderately' : Math.abs(rho) >= 0.2 ? 'weakly' : null;
  if (strength === null) return 'Spend per head shows little relation to this measure.';
  const higher = rho > 0 ? 'higher' : 'lower';
  if (polarity === 'neither') return `Spend per head is ${strength} ${higher} where this measure is higher.`;
  const follows = (rho > 0) === (polarity === 'higher_is_worse');
  return `Spend per head is ${strength} ${higher} where this measure is higher, so spend ${follows ? 'tends to follow' : 'tends to run against'} need.`;
}
