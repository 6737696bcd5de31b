/**
 * Repeated log lines, once per interval (SPEC R16): a hostile client reconnecting with a bad
 * token, or sending bad frames on socket after socket, must not write a line per attempt. Lines
 * are "similar" when their level, message and the fields that say who and why (room, principal,
 * address, code, reason) match. The first is written; the rest of the interval is counted, and
 * once it ends one line says how many were suppressed. `debug` lines pass through: they are
 * opt-in diagnostics.
 */
import type { RelayLogger } from './options';

export interface RepeatLimitedLogger extends RelayLogger {
  /** Write the pending "suppressed" lines now and stop the timer. */
  stop(): void;
}

export interface RepeatLimitOptions {
  /** One line per similar kind per this many ms. */
  readonly intervalMs: number;
  /** Kinds tracked at once; past it, lines are grouped by level and message only (memory stays bounded). */
  readonly maxKinds?: number;
  readonly now?: () => number;
}

type Level = 'info' | 'warn' | 'error';

interface Window {
  readonly level: Level;
  readonly message: string;
  readonly endsAt: number;
  fields: object;
  suppressed: number;
}

const IDENTITY_FIELDS = ['room', 'principal', 'address', 'code', 'reason'] as const;
const DEFAULT_MAX_KINDS = 1_000;

function kindOf(level: Level, message: string, fields: object): string {
  const values = fields as Record<string, unknown>;
  // JSON keeps field boundaries unambiguous whatever the values hold.
  return JSON.stringify([level, message, ...IDENTITY_FIELDS.map((name) => values[name] ?? null)]);
}

export function limitRepeatedLines(logger: RelayLogger, options: RepeatLimitOptions): RepeatLimitedLogger {
  const { intervalMs, maxKinds = DEFAULT_MAX_KINDS, now = Date.now } = options;
  const windows = new Map<string, Window>();
  let timer: NodeJS.Timeout | undefined;

  const flush = (all: boolean): void => {
    const at = now();
    for (const [kind, window] of windows) {
      if (!all && window.endsAt > at) continue;
      windows.delete(kind);
      if (window.suppressed > 0) {
        logger[window.level]({ ...window.fields, suppressed: window.suppressed }, `${window.message} (suppressed ${window.suppressed} similar)`);
      }
    }
    if (windows.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  const write = (level: Level) => (fields: object, message: string): void => {
    if (intervalMs <= 0) return logger[level](fields, message);
    let kind = kindOf(level, message, fields);
    if (!windows.has(kind) && windows.size >= maxKinds) kind = JSON.stringify([level, message]);
    const window = windows.get(kind);
    if (window) {
      window.suppressed++;
      window.fields = fields;
      return;
    }
    windows.set(kind, { level, message, endsAt: now() + intervalMs, fields, suppressed: 0 });
    logger[level](fields, message);
    if (!timer) {
      timer = setInterval(() => flush(false), intervalMs);
      timer.unref();
    }
  };

  return {
    ...(logger.debug ? { debug: logger.debug.bind(logger) } : {}),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    stop: () => flush(true),
  };
}
