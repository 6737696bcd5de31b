import type { FastifyRequest } from 'fastify';

export interface LogDestination {
  write(line: string): void;
}

/**
 * `true`: info level to stdout; `false`: silent; an object picks the level and/or destination,
 * and `pretty` prints human-readable lines through pino-pretty (stdout only; see `wantsPrettyLogs`).
 */
export type LoggerOption = boolean | { readonly level?: string; readonly stream?: LogDestination; readonly pretty?: boolean };

/**
 * Pretty lines for a person at a terminal, JSON for everything else (files, pipes, journald, log
 * shippers). `LOG_FORMAT` (`json` | `pretty`) overrides the guess.
 */
export function wantsPrettyLogs(format: 'json' | 'pretty' | undefined, stdoutIsTTY: boolean): boolean {
  return format === undefined ? stdoutIsTTY : format === 'pretty';
}

/** pino's own transport to pino-pretty (a worker thread), writing to stdout. */
const PRETTY_TRANSPORT = {
  target: 'pino-pretty',
  options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: 1 },
} as const;

/** Credentials never reach the log: headers, bodies and tokens in query strings are redacted. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  'grant',
  'secret',
  'sessionSecret',
  '*.password',
  '*.token',
  '*.grant',
  '*.secret',
  '*.sessionSecret',
  '*.passwordHash',
];

/** Hide the value of credential-bearing query parameters (`?token=` on the websocket). */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|grant|access_token)=)[^&#]*/gi, '$1[redacted]');
}

export function loggerOptions(option: LoggerOption | undefined): false | Record<string, unknown> {
  if (option === undefined || option === false) return false;
  const { level = 'info', stream, pretty = false } = option === true ? {} : option;
  return {
    level,
    ...(stream ? { stream } : pretty ? { transport: PRETTY_TRANSPORT } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}
