import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../httpErrors.ts';
import { zoneFactsIfReady } from '../queries/zoneFacts.ts';
import { CUSTOM_AREA_VINTAGE } from '../rollup/reach.ts';
import { ErrorBody } from '../schemas/common.ts';

const HealthReply = Type.Object({
  status: Type.Literal('ok'),
  build: Type.String(),
  customAreas: Type.Object({
    facts: Type.Union([Type.Literal('loading'), Type.Literal('ready')], { description: 'Whether custom areas are summed from the zone-major facts in memory yet (until then, in SQL)' }),
    bytes: Type.Union([Type.Integer(), Type.Null()], { description: 'Memory the facts take' }),
    seconds: Type.Union([Type.Number(), Type.Null()], { description: 'How long they took to load' }),
  }),
});
type HealthReply = Static<typeof HealthReply>;

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Reply: HealthReply }>('/health', {
    schema: { summary: 'Whether the server can read its database', response: { 200: HealthReply, 503: ErrorBody } },
  }, async (request) => {
    try {
      await app.db.query('SELECT count(*) FROM build');
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      throw new HttpError(503, 'The database is not answering; the server log says why.');
    }
    const facts = zoneFactsIfReady(app.db, CUSTOM_AREA_VINTAGE);
    return { status: 'ok', build: app.build.id, customAreas: { facts: facts ? 'ready' : 'loading', bytes: facts?.bytes ?? null, seconds: facts?.seconds ?? null } };
  });
}
