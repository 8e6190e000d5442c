import type { FastifyInstance, FastifyReply } from 'fastify';
import { badRequest } from '../httpErrors.ts';
import { buildRef, ErrorBody } from '../schemas/common.ts';
import { TABLE_FORMATS, TablesBody, TablesJsonReply, TablesPostQuery, TablesQuery, type TableFormat } from '../schemas/tables.ts';
import { arrowBytes } from '../tables/arrow.ts';
import { COLUMNS } from '../tables/columns.ts';
import { computeTable } from '../tables/compute.ts';
import { csvStream } from '../tables/csv.ts';
import { tableFileName } from '../tables/fileName.ts';
import { tableLimits } from '../tables/limits.ts';
import { planTable, type TableRequest } from '../tables/plan.ts';
import { xlsxStream } from '../tables/xlsx.ts';

const errors = { 400: ErrorBody, 413: ErrorBody, 500: ErrorBody };

const CONTENT_TYPES: Record<TableFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  arrow: 'application/vnd.apache.arrow.stream',
};
/** `.arrows` is the registered extension of the Arrow IPC stream format. */
const EXTENSIONS: Record<TableFormat, string> = { json: 'json', csv: 'csv', xlsx: 'xlsx', arrow: 'arrows' };

const splitList = (text: string | undefined): string[] | null => (text === undefined ? null : text.split(',').map((s) => s.trim()).filter((s) => s !== ''));

function formatOf(given: string | undefined): TableFormat {
  const format = (given ?? 'json').toLowerCase();
  if (!(TABLE_FORMATS as readonly string[]).includes(format)) throw badRequest(`Unknown format "${given}". Formats: ${TABLE_FORMATS.join(', ')}.`);
  return format as TableFormat;
}

const SUMMARY = 'Advanced tables: areas × indicators × periods in long format, one row per cell, as JSON, CSV, XLSX or Arrow';

export async function tableRoutes(app: FastifyInstance): Promise<void> {
  const limits = tableLimits();

  const answer = async (request: TableRequest, format: TableFormat, reply: FastifyReply) => {
    const plan = await planTable(app.db, app.levels, request, limits);
    const table = await computeTable(app.db, app.build, app.levels, plan);
    const fileName = tableFileName(plan, app.build.id, EXTENSIONS[format]);
    reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('x-arealens-table-rows', String(plan.rowCount));
    switch (format) {
      case 'csv':
        return reply.send(csvStream(table.rows()));
      case 'xlsx':
        return reply.send(xlsxStream(table.rows(), plan, app.build));
      case 'arrow':
        return reply.send(Buffer.from(arrowBytes(table.rows(), {
          build_id: app.build.id, build_label: app.build.label, synthetic: String(app.build.synthetic), level: plan.level.key,
        })));
      case 'json': {
        const rows = Array.from(table.rows(), (row) => COLUMNS.map((c) => row[c.name]));
        const body: TablesJsonReply = { build: buildRef(app.build), columns: [...COLUMNS], rows, truncated: false };
        // Sent as bytes, not an object: the shared JSON response cache would replay a table without
        // its Content-Disposition, and a download of millions of cells does not belong in it.
        return reply.send(Buffer.from(JSON.stringify(body)));
      }
    }
  };

  app.get<{ Querystring: TablesQuery }>('/tables', {
    schema: { summary: SUMMARY, querystring: TablesQuery, response: { 200: TablesJsonReply, ...errors } },
  }, async (request, reply) => {
    const { query } = request;
    const format = formatOf(query.format);
    return answer({ level: query.level, areas: splitList(query.areas), indicators: splitList(query.indicators) ?? [], periods: splitList(query.periods) }, format, reply);
  });

  const bodyFields = Object.keys(TablesBody.properties);
  app.post<{ Querystring: TablesPostQuery; Body: TablesBody }>('/tables', {
    schema: { summary: `${SUMMARY} (the same request as a JSON body, for long lists)`, querystring: TablesPostQuery, body: TablesBody, response: { 200: TablesJsonReply, ...errors } },
    // Fastify's validator drops unknown fields silently; a misspelt "period" would then give every period.
    preValidation: async (request) => {
      const body = request.body;
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const unknown = Object.keys(body).filter((k) => !bodyFields.includes(k));
        if (unknown.length > 0) throw badRequest(`Unknown body field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}. Fields: ${bodyFields.join(', ')}.`);
      }
    },
  }, async (request, reply) => {
    const { body } = request;
    const format = formatOf(body.format ?? request.query.format);
    const trim = (list: string[] | undefined) => (list === undefined ? null : list.map((s) => s.trim()).filter((s) => s !== ''));
    return answer({ level: body.level, areas: trim(body.areas), indicators: trim(body.indicators) ?? [], periods: trim(body.periods) }, format, reply);
  });
}
