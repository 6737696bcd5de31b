import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { RELAY_DEFAULTS } from './relay/options';
import type { RelaySettings } from './relay/options';
import { SIGNUP_MODES } from '../../src/protocol';
import type { SignupMode } from '../../src/protocol';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every default of the relay in one place; env vars and `createServer` options override them. */
export const DEFAULTS = {
  port: 8787,
  host: '0.0.0.0',
  dataDir: './data',
  staticDir: path.join(REPO_ROOT, 'dist'),
  logLevel: 'info',
  /** Largest accepted HTTP body, in bytes (1 MiB). */
  bodyLimit: 1024 * 1024,
  /** Sign-up / sign-in attempts per IP per window. */
  authRateLimit: { max: 20, timeWindowMs: 60_000 },
  /** Longest life of a share grant (redeem the link again after it). */
  tokenTtlSeconds: 30 * 24 * 60 * 60,
  /**
   * Member access tokens live an hour; the app trades its refresh token for a new pair when the
   * relay answers 401 (or closes a socket with 4401). A refresh token lives 30 days and each
   * refresh issues a new one, so a tablet can stay offline for up to 30 days and still resume
   * without a password; offline, the app never needs a token at all.
   */
  accessTokenTtlSeconds: 60 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 60 * 60,
  tokenIssuer: 'fieldbook',
  changesPageDefault: 200,
  changesPageMax: 1000,
  /** `GET /api/events` sends a comment this often (the client gives up on a stream silent for 90 s). */
  eventsHeartbeatMs: 25_000,
  /** Open `GET /api/events` streams per account (devices and tabs); one more is 429. */
  eventStreamsPerUser: 10,
  /** Failed share redemptions (404/410) per IP per window; more is 429. Successes never count. */
  redeemFailureLimit: { max: 10, timeWindowMs: 60_000 },
  /** How often recipients' sockets of expired links are looked for and closed (4410); DESIGN asks <= 5 s. */
  linkSweepMs: 2_000,
  /** A request's headers and body must arrive within this (DESIGN §5.1: 30 s); slower is cut with 408. */
  requestTimeoutMs: 30_000,
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: 10_000,
  /** Sign-up, sign-in and share redemption bodies are small: larger is 413 before any parsing. */
  smallBodyLimit: 16 * 1024,
  /** JSON bodies nested deeper than this are 400 `json_too_deep` (a run definition needs ~10). */
  jsonMaxDepth: 64,
  /** `TRUST_PROXY`: off by default, so `X-Forwarded-*` from the open network is ignored. */
  trustProxy: false,
  /** Per-account backoff on sign-in: after `freeFailures`, each failure doubles the wait from `baseMs` to `maxMs`. */
  loginBackoff: { freeFailures: 5, baseMs: 1_000, maxMs: 5 * 60_000 },
  /** Record writes acknowledged within this many ms share one `synchronous = FULL` commit (DESIGN §3: durable acks). */
  durableCommitMs: 10,
  /** Similar relay warnings and errors (same kind, client and reason) are written once per this many ms, then counted (`LOG_REPEAT_MS`). */
  logRepeatMs: 10_000,
} as const;

/** Files uploaded over tus (API.md "Files"); env `MAX_FILE_BYTES`, `FILE_TYPES`, `FILE_QUOTA_BYTES`. */
export const FILE_DEFAULTS = {
  /** Largest file (DESIGN §5.1: 25 MiB); over it `413 file_too_large`. */
  maxFileBytes: 25 * 1024 * 1024,
  /** Accepted `mime` values; another is `415 file_type_not_accepted`. The last is a signature's strokes (src/domain/evidence.ts). */
  fileTypes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'application/vnd.fieldbook.strokes+json'],
  /** Bytes of stored files one caller (member or share-link session) may have first uploaded; over it `413 file_quota_exceeded`. */
  quotaBytes: 1024 * 1024 * 1024,
  /** An unfinished upload older than this is removed by the sweep (its URL then answers 410/404). */
  uploadExpiryMs: 7 * 24 * 60 * 60 * 1000,
  /** How often expired partial uploads are looked for. */
  uploadSweepMs: 60 * 60 * 1000,
} as const;
export interface FileSettings {
  readonly maxFileBytes: number;
  readonly fileTypes: readonly string[];
  readonly quotaBytes: number;
  readonly uploadExpiryMs: number;
  readonly uploadSweepMs: number;
}

/** `FILE_TYPES`: comma-separated media types, e.g. `image/jpeg,application/pdf`. */
export function parseFileTypes(value: string | undefined): readonly string[] {
  if (value === undefined || value.trim() === '') return FILE_DEFAULTS.fileTypes;
  const types = value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  for (const type of types) if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type)) throw new Error(`FILE_TYPES: "${type}" is not a media type`);
  return types;
}

// The wire values of `GET /api/workspace`'s `signup` (src/protocol/auth.ts).
export { SIGNUP_MODES };
export type { SignupMode };

function signupFromEnv(value: string | undefined): SignupMode {
  if (value === undefined || value === '') return 'invite';
  if ((SIGNUP_MODES as readonly string[]).includes(value)) return value as SignupMode;
  throw new Error(`SIGNUP must be "invite" or "open", got "${value}"`);
}
/** Caps on what one caller may create over HTTP; over a cap is `429 quota_exceeded` (API.md "Quotas"). */
export const RECORD_QUOTA_DEFAULTS = {
  /** Instances an anonymous share-link session may create, in total. */
  instancesPerSession: 20,
  /** Forms one grant (session through one link) may submit per minute. */
  submissionsPerGrantPerMinute: 10,
  /** Instances a member may create per hour (all devices). */
  instancesPerMemberPerHour: 300,
} as const;
export type RecordQuotas = { readonly [K in keyof typeof RECORD_QUOTA_DEFAULTS]: number };

/** Fastify's `trustProxy`: hops to trust, `true` for all, or addresses / CIDRs (comma-separated). */
export type TrustProxy = boolean | number | string;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly staticDir: string;
  readonly logLevel: string;
  /** `SIGNUP=open`: anyone may sign up (demos). Default 'invite': after the first account an invite is needed. */
  readonly signup: SignupMode;
  /** `ACCESS_TOKEN_TTL` / `REFRESH_TOKEN_TTL`, in seconds. */
  readonly tokenLifetimes: { readonly accessSeconds: number; readonly refreshSeconds: number };
  /** Undefined: load or create the persisted secret under `dataDir`. */
  readonly secret: string | undefined;
  readonly bodyLimit: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly trustProxy: TrustProxy;
  readonly recordQuotas: RecordQuotas;
  /** `LOG_FORMAT`: undefined lets the terminal decide (pretty on a TTY, JSON otherwise). */
  readonly logFormat: LogFormat | undefined;
  /** Overrides of the websocket relay's defaults (`RELAY_DEFAULTS`) from the environment. */
  readonly relay: Partial<Pick<RelaySettings, 'maxRoomBytes' | 'budgets' | 'connections' | 'syncAnswerIntervalMs' | 'presence'>>;
  /** `LOG_REPEAT_MS`: 0 writes every line. */
  readonly logRepeatMs: number;
  /** `MAX_FILE_BYTES`, `FILE_TYPES`, `FILE_QUOTA_BYTES`. */
  readonly files: FileSettings;
}

export type LogFormat = 'json' | 'pretty';

function intFromEnv(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** `TRUST_PROXY`: unset/`false` off, `true` every hop, a number of hops, or a list of proxy addresses / CIDRs. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return DEFAULTS.trustProxy;
  if (text === 'true') return true;
  if (/^[0-9]+$/.test(text)) return Number(text);
  return text;
}

function logFormatFromEnv(value: string | undefined): LogFormat | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'json' || value === 'pretty') return value;
  throw new Error(`LOG_FORMAT must be "json" or "pretty", got "${value}"`);
}

/** Relay limits from the environment; unset variables keep `RELAY_DEFAULTS`. */
function relayFromEnv(env: NodeJS.ProcessEnv): Config['relay'] {
  const budgets = RELAY_DEFAULTS.budgets || { bytesPerSecond: 0, burstBytes: 0, cpuMsPerSecond: 0, burstCpuMs: 0 };
  const connections = RELAY_DEFAULTS.connections || { perAddress: 0, attemptsPerSecond: 0, attemptBurst: 0, total: 0 };
  const presence = RELAY_DEFAULTS.presence;
  return {
    // Each 0 turns that one limit off (connection-gate.ts).
    connections: {
      perAddress: intFromEnv(env.WS_MAX_PER_ADDRESS, connections.perAddress, 'WS_MAX_PER_ADDRESS'),
      attemptsPerSecond: intFromEnv(env.WS_ATTEMPTS_PER_SECOND, connections.attemptsPerSecond, 'WS_ATTEMPTS_PER_SECOND'),
      attemptBurst: intFromEnv(env.WS_ATTEMPT_BURST, connections.attemptBurst, 'WS_ATTEMPT_BURST'),
      total: intFromEnv(env.WS_MAX_CONNECTIONS, connections.total, 'WS_MAX_CONNECTIONS'),
    },
    maxRoomBytes: intFromEnv(env.MAX_ROOM_BYTES, RELAY_DEFAULTS.maxRoomBytes, 'MAX_ROOM_BYTES'),
    budgets: {
      bytesPerSecond: intFromEnv(env.WS_BYTES_PER_SECOND, budgets.bytesPerSecond, 'WS_BYTES_PER_SECOND'),
      burstBytes: intFromEnv(env.WS_BURST_BYTES, budgets.burstBytes, 'WS_BURST_BYTES'),
      cpuMsPerSecond: intFromEnv(env.WS_CPU_MS_PER_SECOND, budgets.cpuMsPerSecond, 'WS_CPU_MS_PER_SECOND'),
      burstCpuMs: intFromEnv(env.WS_BURST_CPU_MS, budgets.burstCpuMs, 'WS_BURST_CPU_MS'),
    },
    syncAnswerIntervalMs: intFromEnv(env.WS_SYNC_ANSWER_INTERVAL_MS, RELAY_DEFAULTS.syncAnswerIntervalMs, 'WS_SYNC_ANSWER_INTERVAL_MS'),
    presence: {
      perConnection: intFromEnv(env.WS_PRESENCE_PER_CONNECTION, presence.perConnection, 'WS_PRESENCE_PER_CONNECTION'),
      perRoom: intFromEnv(env.WS_PRESENCE_PER_ROOM, presence.perRoom, 'WS_PRESENCE_PER_ROOM'),
      maxStateBytes: intFromEnv(env.WS_PRESENCE_STATE_BYTES, presence.maxStateBytes, 'WS_PRESENCE_STATE_BYTES'),
      queryIntervalMs: intFromEnv(env.WS_PRESENCE_QUERY_INTERVAL_MS, presence.queryIntervalMs, 'WS_PRESENCE_QUERY_INTERVAL_MS'),
    },
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv(env.PORT, DEFAULTS.port, 'PORT'),
    host: env.HOST || DEFAULTS.host,
    dataDir: path.resolve(env.DATA_DIR || DEFAULTS.dataDir),
    staticDir: path.resolve(env.STATIC_DIR || DEFAULTS.staticDir),
    logLevel: env.LOG_LEVEL || DEFAULTS.logLevel,
    secret: env.SECRET || undefined,
    signup: signupFromEnv(env.SIGNUP),
    tokenLifetimes: {
      accessSeconds: Math.max(1, intFromEnv(env.ACCESS_TOKEN_TTL, DEFAULTS.accessTokenTtlSeconds, 'ACCESS_TOKEN_TTL')),
      refreshSeconds: Math.max(1, intFromEnv(env.REFRESH_TOKEN_TTL, DEFAULTS.refreshTokenTtlSeconds, 'REFRESH_TOKEN_TTL')),
    },
    bodyLimit: intFromEnv(env.BODY_LIMIT, DEFAULTS.bodyLimit, 'BODY_LIMIT'),
    requestTimeoutMs: intFromEnv(env.REQUEST_TIMEOUT_MS, DEFAULTS.requestTimeoutMs, 'REQUEST_TIMEOUT_MS'),
    headersTimeoutMs: intFromEnv(env.HEADERS_TIMEOUT_MS, DEFAULTS.headersTimeoutMs, 'HEADERS_TIMEOUT_MS'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    recordQuotas: {
      instancesPerSession: intFromEnv(env.QUOTA_INSTANCES_PER_SESSION, RECORD_QUOTA_DEFAULTS.instancesPerSession, 'QUOTA_INSTANCES_PER_SESSION'),
      submissionsPerGrantPerMinute: intFromEnv(
        env.QUOTA_SUBMISSIONS_PER_MINUTE,
        RECORD_QUOTA_DEFAULTS.submissionsPerGrantPerMinute,
        'QUOTA_SUBMISSIONS_PER_MINUTE',
      ),
      instancesPerMemberPerHour: intFromEnv(env.QUOTA_INSTANCES_PER_HOUR, RECORD_QUOTA_DEFAULTS.instancesPerMemberPerHour, 'QUOTA_INSTANCES_PER_HOUR'),
    },
    logFormat: logFormatFromEnv(env.LOG_FORMAT),
    // Unset: the relay's own default (RELAY_DEFAULTS.maxRoomBytes, 8 MiB); 0 turns the cap off.
    relay: relayFromEnv(env),
    logRepeatMs: intFromEnv(env.LOG_REPEAT_MS, DEFAULTS.logRepeatMs, 'LOG_REPEAT_MS'),
    files: {
      maxFileBytes: intFromEnv(env.MAX_FILE_BYTES, FILE_DEFAULTS.maxFileBytes, 'MAX_FILE_BYTES'),
      fileTypes: parseFileTypes(env.FILE_TYPES),
      quotaBytes: intFromEnv(env.FILE_QUOTA_BYTES, FILE_DEFAULTS.quotaBytes, 'FILE_QUOTA_BYTES'),
      uploadExpiryMs: FILE_DEFAULTS.uploadExpiryMs,
      uploadSweepMs: FILE_DEFAULTS.uploadSweepMs,
    },
  };
}
