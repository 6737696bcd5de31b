import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ERROR_CODES, describeIssues } from '../../src/domain';
import type { ErrorCode } from '../../src/domain';

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

const FASTIFY_ERRORS: Readonly<Record<string, [number, ErrorCode, string]>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, ERROR_CODES.badJson, 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, ERROR_CODES.badJson, 'The request body is empty but declared as JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, ERROR_CODES.tooLarge, 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, ERROR_CODES.unsupportedMediaType, 'Send the body as application/json'],
};

const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: ERROR_CODES.badRequest,
  401: ERROR_CODES.unauthenticated,
  403: ERROR_CODES.forbidden,
  404: ERROR_CODES.notFound,
  409: ERROR_CODES.conflict,
  410: ERROR_CODES.gone,
  413: ERROR_CODES.tooLarge,
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

/** Every error leaves as `{error: {code, message, issues?}}`; a 5xx never carries internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError | HttpError>((error, request, reply) => {
    const http = toHttpError(error);
    if (http.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: http.code, statusCode: http.statusCode }, http.message);
    if (http.headers) void reply.headers(http.headers);
    const body = { code: http.code, message: http.message, ...(http.issues ? { issues: http.issues } : {}) };
    return reply.code(http.statusCode).send({ error: body });
  });
}
