import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../httpErrors.ts';
import { listIndicators, listThemes } from '../queries/indicators.ts';
import { indicatorByCode } from '../rollup/catalogue.ts';
import { levelsReached, reachNote } from '../rollup/reach.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { IndicatorParams, IndicatorQuery, IndicatorReply, IndicatorsReply } from '../schemas/indicators.ts';

export async function indicatorRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: IndicatorQuery; Reply: IndicatorsReply }>('/indicators', {
    schema: {
      summary: 'The indicator catalogue with metadata and the periods each has',
      querystring: IndicatorQuery,
      response: { 200: IndicatorsReply, 400: ErrorBody, 500: ErrorBody },
    },
  }, async (request) => {
    const { q = '', theme } = request.query;
    const themes = await listThemes(app.db);
    if (theme !== undefined && !themes.some((t) => t.key === theme)) {
      throw badRequest(`Unknown theme "${theme}". Themes: ${themes.map((t) => t.key).join(', ')}.`);
    }
    const indicators = await listIndicators(app.db, { q: q.trim(), theme: theme ?? null });
    return { build: buildRef(app.build), themes, indicators };
  });

  app.get<{ Params: IndicatorParams; Reply: IndicatorReply }>('/indicators/:indicator', {
    schema: {
      summary: "One indicator's metadata: definition, source, publisher, licence, periods, revisions and the levels it can be shown at",
      params: IndicatorParams,
      response: { 200: IndicatorReply, 400: ErrorBody, 404: ErrorBody, 500: ErrorBody },
    },
  }, async (request) => {
    const [indicator] = await listIndicators(app.db, { q: '', theme: null, code: request.params.indicator });
    if (!indicator) throw notFound(`No indicator "${request.params.indicator}" in this build. The catalogue is at /api/v1/indicators.`);
    const ref = await indicatorByCode(app.db, indicator.code);
    const reaches = { vintage: indicator.vintage, convertedTo: ref?.convertedTo ?? null, aggregation: indicator.aggregation };
    const levels = levelsReached(app.levels, reaches).map((l) => l.key);
    return { build: buildRef(app.build), indicator, levels, levelsNote: reachNote(reaches, app.levels) };
  });
}
