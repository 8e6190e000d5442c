import type { FastifyInstance } from 'fastify';
import { listEtlRuns, listEtlWarnings } from '../queries/build.ts';
import { BuildReply } from '../schemas/build.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';

export async function buildRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Reply: BuildReply }>('/build', {
    schema: { summary: 'Which build this server reads: its id, label, sources and warnings', response: { 200: BuildReply, 500: ErrorBody } },
  }, async () => {
    const [runs, warnings] = await Promise.all([listEtlRuns(app.db), listEtlWarnings(app.db)]);
    const { createdAt, schemaVersion, etlSeconds, attributions } = app.build;
    return { build: buildRef(app.build), createdAt, schemaVersion, etlSeconds, attributions, runs, warnings };
  });
}
