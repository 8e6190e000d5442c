import type { FastifyInstance } from 'fastify';
import { areasWithin } from '../queries/profileAreas.ts';
import { findIndicator, indicatorPeriods, sumsByArea } from '../queries/rollup.ts';
import { rollUpValue } from '../rollup/aggregate.ts';
import { similarAreas, type FeatureColumn } from '../rollup/similar.ts';
import { AreaParams } from '../schemas/areas.ts';
import { buildRef } from '../schemas/common.ts';
import { SimilarQuery, SimilarReply } from '../schemas/similar.ts';
import { reachOf, setName } from '../rollup/reach.ts';
import { analysisErrors, areaJson, requireArea, UnprocessableError, withZones } from './analysisContext.ts';

/**
 * What "alike" means: size, deprivation and age, from indicators every AreaLens build derives
 * (population estimates, SIMD ranks and SIMD indicators), so real and demo builds compare alike.
 * Any missing from a build are skipped and listed.
 */
export const SIMILARITY_INDICATORS = ['simd_most_deprived_20pc_pct', 'simd_income_deprived_pct', 'simd_employment_deprived_pct', 'pop_65plus_pct'] as const;

interface FeatureInfo extends FeatureColumn {
  title: string;
  unit: string;
  period: string | null;
  transform: 'log10' | 'none';
  /** areaId → the value before the transform. */
  raw: ReadonlyMap<number, number>;
}

const METHODS = [
  `Features: population (on a log10 scale, so doubling counts the same at any size) and, where the build has them, ${SIMILARITY_INDICATORS.join(', ')}, each in its latest period and rolled up from data zones like any figure.`,
  "Each feature is standardised to a z-score ((value − mean) ÷ sample standard deviation) across the level's areas that have every feature; distance is the Euclidean distance between z-score vectors, every feature weighted the same (the standardised distance of CIPFA's Nearest Neighbour Model, without its weights).",
  'A feature the area itself has no figure for, or on which all areas are equal, is skipped and listed.',
];

export async function similarRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: AreaParams; Querystring: SimilarQuery; Reply: SimilarReply }>('/areas/:level/:code/similar', {
    schema: {
      summary: 'The areas of the same level most like this one on population, deprivation and age: standardised Euclidean distance',
      params: AreaParams, querystring: SimilarQuery, response: { 200: SimilarReply, ...analysisErrors },
    },
  }, async (request) => {
    const area = await withZones(app, await requireArea(app, request.params.level, request.params.code));
    const level = area.levelRef;
    const areas = await areasWithin(app.db, level.key, null);
    if (areas.length < 2) throw new UnprocessableError(`${area.name} is the only area at the ${level.label} level in this build, so there is nothing to compare it with. Try a smaller level.`);

    const features: FeatureInfo[] = [];
    const skipped: { code: string; reason: string }[] = [];
    const populations = new Map(areas.filter((a) => (a.population ?? 0) > 0).map((a) => [a.areaId, a.population!]));
    features.push({
      code: 'population', title: 'Population (all ages)', unit: 'people', period: null, transform: 'log10', raw: populations,
      values: new Map([...populations].map(([id, people]) => [id, Math.log10(people)])),
    });
    for (const code of SIMILARITY_INDICATORS) {
      const indicator = await findIndicator(app.db, code);
      const reach = indicator && reachOf(level, indicator);
      if (indicator && !reach) {
        skipped.push({ code, reason: `published on ${setName(indicator.vintage)}, which do not make up ${level.plural.toLowerCase()}` });
        continue;
      }
      const latest = indicator && reach && (await indicatorPeriods(app.db, indicator.indicatorId, reach.vintage)).at(-1);
      if (!indicator || !reach || !latest) {
        skipped.push({ code, reason: 'not in this build' });
        continue;
      }
      const sums = await sumsByArea(app.db, indicator.indicatorId, latest.periodId, level.key, reach);
      const values = new Map<number, number>();
      for (const [areaId, areaSums] of sums) {
        const rolled = rollUpValue(indicator, areaSums, { nativeLevel: reach.base && level.key === indicator.vintage });
        if (!rolled.suppressed && rolled.value !== null) values.set(areaId, rolled.value);
      }
      features.push({ code, title: indicator.title, unit: indicator.unit, period: latest.label, transform: 'none', raw: values, values });
    }

    const result = similarAreas(area.areaId, areas.map((a) => a.areaId), features, request.query.limit);
    skipped.push(...result.dropped);
    const used = result.scales.map((s) => features.find((f) => f.code === s.code)!);
    if (used.length === 0) throw new UnprocessableError(`${area.name} has none of the figures areas are compared on (${skipped.map((s) => s.code).join(', ')}).`);
    const byId = new Map(areas.map((a) => [a.areaId, a]));
    return {
      build: buildRef(app.build),
      area: areaJson(area),
      features: used.map((f, i) => ({
        code: f.code, title: f.title, unit: f.unit, period: f.period, transform: f.transform,
        mean: result.scales[i]!.mean, sd: result.scales[i]!.sd, value: f.raw.get(area.areaId)!, z: result.subject.z[i]!,
      })),
      skipped,
      compared: result.compared,
      similar: result.neighbours.map((n) => {
        const other = byId.get(n.areaId)!;
        return {
          code: other.code, name: other.name, population: other.population, distance: n.distance,
          values: used.map((f, i) => ({ code: f.code, value: f.raw.get(n.areaId)!, z: n.z[i]! })),
        };
      }),
      methods: METHODS,
    };
  });
}
