import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../httpErrors.ts';
import { ErrorBody } from '../schemas/common.ts';

const HealthReply = Type.Object({ status: Type.Literal('ok'), build: Type.String() });
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
    return { status: 'ok', build: app.build.id };
  });
}
