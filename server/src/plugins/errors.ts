import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { QueryError } from '../db.ts';
import { HttpError } from '../httpErrors.ts';

/** Where a value failed validation (fastify's SchemaErrorDataVar, which its root module does not export). */
type SchemaErrorDataVar = 'body' | 'headers' | 'params' | 'querystring';

const PLACES: Record<SchemaErrorDataVar, string> = { querystring: 'query parameter', params: 'path parameter', body: 'body field', headers: 'header' };

/** Turns schema failures into one sentence naming the parameter: `query parameter "limit" must be <= 100`. */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  const sentences = errors.map((error) => {
    const name = error.instancePath.replace(/^\//, '').replaceAll('/', '.') || (error.params as { missingProperty?: string }).missingProperty;
    return name ? `${PLACES[dataVar]} "${name}" ${error.message}` : `${dataVar} ${error.message}`;
  });
  return new Error(sentences.join('; '));
}

/** A 4xx is the client's to fix, so its message is theirs to read; anything else is ours. */
function clientStatus(error: Error): number | null {
  const status = error instanceof HttpError ? error.statusCode : (error as FastifyError).statusCode;
  return typeof status === 'number' && ((status >= 400 && status < 500) || error instanceof HttpError) ? status : null;
}

/**
 * The one error handler: every failure answers `{ error, message }`. Client errors say what to fix;
 * server errors are logged with their context (the SQL and its values for a failed query) and
 * answered with only a request id to quote.
 */
export function registerErrorHandling(app: FastifyInstance, apiRoutes: () => string[]): void {
  app.setErrorHandler((error: Error, request, reply) => {
    const status = clientStatus(error);
    if (status !== null) {
      request.log.info({ status, message: error.message }, 'client error');
      return reply.status(status).send({ error: STATUS_CODES[status] ?? 'Error', message: error.message });
    }
    const context = error instanceof QueryError ? { sql: error.sql, params: error.params } : {};
    request.log.error({ err: error, url: request.url, ...context }, 'request failed');
    return reply.status(500).send({
      error: 'Internal Server Error',
      message: `The server could not answer this request; the error is logged under request id ${request.id}.`,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!.slice(0, 200);
    return reply.status(404).send({
      error: 'Not Found',
      message: `Nothing at ${request.method} ${path}. The API answers: ${apiRoutes().join(', ')}.`,
    });
  });
}

/**
 * Errors Fastify answers while routing, before any hook or the error handler runs: a path that is
 * not valid percent-encoding (`/areas/%E0%A4%A`), or a path segment longer than maxParamLength.
 * Pass as Fastify's `frameworkErrors` option: the same `{ error, message }`, and the headers every
 * other response carries.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const app = request.server;
  if (app.hasDecorator('applySecurityHeaders')) app.applySecurityHeaders(request, reply);
  if (app.build) reply.header('x-arealens-build', app.build.id);
  const path = JSON.stringify(request.url.split('?', 1)[0]!.slice(0, 200));
  const messages: Record<string, string> = {
    FST_ERR_BAD_URL: `The path ${path} is not valid percent-encoding: each "%" must start a UTF-8 byte written as two hex digits (write a literal "%" as %25).`,
    FST_ERR_MAX_PARAM_LENGTH: `A part of the path ${path} is longer than ${app.initialConfig.maxParamLength ?? 100} characters; no level, code or indicator is that long.`,
  };
  const status = clientStatus(error);
  if (status !== null) {
    request.log.info({ status, code: error.code }, 'client error');
    reply.status(status).send({ error: STATUS_CODES[status] ?? 'Error', message: messages[error.code] ?? error.message });
    return;
  }
  request.log.error({ err: error, url: request.url }, 'request failed');
  reply.status(500).send({
    error: 'Internal Server Error',
    message: `The server could not answer this request; the error is logged under request id ${request.id}.`,
  });
}
