import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ERROR_CODES, describeIssues } from '../../src/protocol';
import type { ErrorCode } from '../../src/protocol';

export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** A refusal with a named reason; the error handler turns it into `{error: {code, message, issues?}}`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: readonly Issue[],
    /** Response headers to send with the error (e.g. `Retry-After`). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Parse request input once, where it enters; schema violations become 422 with per-path issues. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(422, ERROR_CODES.invalid, `The ${what} is not valid`, describeIssues(result.error));
  return result.data;
}

/** Fastify's own refusals by its error code, as status, API code and message. */
export const FASTIFY_ERRORS: Readonly<Record<string, [number, ErrorCode, string]>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, ERROR_CODES.badJson, 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, ERROR_CODES.badJson, 'The request body is empty but declared as JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, ERROR_CODES.tooLarge, 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, ERROR_CODES.unsupportedMediaType, 'Send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, ERROR_CODES.badRequest, 'The request body does not match its Content-Length'],
  FST_ERR_BAD_URL: [400, ERROR_CODES.badRequest, 'The URL is not valid (bad percent-encoding)'],
  FST_ERR_MAX_PARAM_LENGTH: [414, ERROR_CODES.uriTooLong, 'A path parameter of the URL is too long'],
};

/** The API code of any other 4xx Fastify raises, by status. */
export const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: ERROR_CODES.badRequest,
  401: ERROR_CODES.unauthenticated,
  403: ERROR_CODES.forbidden,
  404: ERROR_CODES.notFound,
  409: ERROR_CODES.conflict,
  410: ERROR_CODES.gone,
  408: ERROR_CODES.requestTimeout,
  413: ERROR_CODES.tooLarge,
  414: ERROR_CODES.uriTooLong,
  415: ERROR_CODES.unsupportedMediaType,
  429: ERROR_CODES.rateLimited,
};

function toHttpError(error: FastifyError | HttpError): HttpError {
  if (error instanceof HttpError) return error;
  const known = FASTIFY_ERRORS[error.code];
  if (known) return new HttpError(...known);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new HttpError(status, BY_STATUS[status] ?? ERROR_CODES.badRequest, error.message);
  return new HttpError(500, ERROR_CODES.internal, 'Internal server error');
}

/** Log the error once (5xx with its stack, 4xx as one info line) and send it as `{error}`. */
function sendError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const http = toHttpError(error);
  if (http.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: http.code, statusCode: http.statusCode }, http.message);
  if (http.headers) void reply.headers(http.headers);
  const body = { code: http.code, message: http.message, ...(http.issues ? { issues: http.issues } : {}) };
  return reply.code(http.statusCode).send({ error: body });
}

/** Every error leaves as `{error: {code, message, issues?}}`; a 5xx never carries internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError | HttpError>((error, request, reply) => sendError(error, request, reply));
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a URL with bad
 * percent-encoding, a path parameter over `maxParamLength`) take the same shape and log line.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendError(error, request, reply);
}

/** What Node's HTTP parser refused, before Fastify saw a request: status, code, message. */
export function describeClientError(code: string | undefined): [number, ErrorCode, string] {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, ERROR_CODES.requestTimeout, 'The request did not arrive in time'];
  if (code === 'HPE_HEADER_OVERFLOW') return [431, ERROR_CODES.headersTooLarge, 'The request headers are too large'];
  if (code === 'HPE_INVALID_CONTENT_LENGTH' || code === 'HPE_UNEXPECTED_CONTENT_LENGTH') {
    return [400, ERROR_CODES.badRequest, 'The Content-Length header is not valid'];
  }
  return [400, ERROR_CODES.badRequest, 'The request is not valid HTTP'];
}

/**
 * Fastify's `clientErrorHandler` (Node's `clientError`: malformed request line or headers, bad
 * Content-Length, header or body timeout): answer in the API's shape, log one line, close.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = describeClientError(error.code);
  this.log.info({ code, statusCode: status, parserCode: error.code, remoteAddress: socket.remoteAddress }, message);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-content-type-options: nosniff\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  );
}
