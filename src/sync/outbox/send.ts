import type { OutboxError } from '../../db';
import type { ApiClient } from '../api-client';
import { isApiRequestError, isOfflineError } from '../api-client';
import type { Platform } from '../platform';

/** What one PUT to the relay came to. */
export type SendOutcome =
  | { readonly kind: 'stored' }
  /** The relay's final word (O4): the entry is kept as failed and shown. */
  | { readonly kind: 'refused'; readonly error: OutboxError }
  /** Worth trying again later (O3): the queue is intact, the flush stops and backs off. */
  | { readonly kind: 'transient'; readonly error: TransientError };

export interface TransientError {
  readonly code: string;
  readonly message: string;
}

/** 401 (sign in again), 408 (timeout) and 429 (slow down) are worth retrying; other 4xx are the relay's final word. */
export const isRejection = (status: number): boolean => status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;

export interface SendOptions {
  readonly api: Pick<ApiClient, 'put'>;
  readonly platform: Platform;
  /** A request that has not answered by then is abandoned and retried later (idempotent). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** PUT `value` on `path`: one idempotent request, abandoned after `timeoutMs` or on `signal`. */
export async function sendValue(path: string, value: unknown, options: SendOptions): Promise<SendOutcome> {
  const timeout = new AbortController();
  const onAbort = (): void => timeout.abort();
  options.signal.addEventListener('abort', onAbort);
  const timer = options.platform.setTimer(() => timeout.abort(), options.timeoutMs);
  try {
    await options.api.put(path, value, timeout.signal);
    return { kind: 'stored' };
  } catch (error) {
    if (isApiRequestError(error) && isRejection(error.status)) {
      return { kind: 'refused', error: { status: error.status, code: error.code, message: error.message } };
    }
    return { kind: 'transient', error: describeTransient(error) };
  } finally {
    options.platform.clearTimer(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

export function describeTransient(error: unknown): TransientError {
  if (isOfflineError(error)) return { code: 'unreachable', message: error.message };
  if (isApiRequestError(error)) return { code: error.code, message: error.message };
  if (error instanceof DOMException && error.name === 'AbortError') return { code: 'timeout', message: 'The relay did not answer in time' };
  return { code: 'client', message: error instanceof Error ? error.message : String(error) };
}
