import type { FastifyInstance } from 'fastify';
import { badRequest } from '../httpErrors.ts';
import { listIndicators, listThemes } from '../queries/indicators.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { IndicatorQuery, IndicatorsReply } from '../schemas/indicators.ts';

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
}
