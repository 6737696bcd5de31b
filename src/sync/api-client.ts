import { z } from 'zod';
import { apiErrorSchema, authResponseSchema, changesResponseSchema, userSchema } from '../domain';
import type { AuthResponse, ChangesResponse, LoginRequest, SignupRequest, User } from '../domain';

/** The relay answered with an error body (or a body that did not match the contract). */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  readonly status: number;
  readonly code: string;
  readonly issues: readonly { path: string; message: string }[];

  constructor(status: number, code: string, message: string, issues: readonly { path: string; message: string }[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** The relay could not be reached at all (no network, DNS, relay down behind a proxy). */
export class OfflineError extends Error {
  override readonly name = 'OfflineError';
  constructor(message = 'The relay cannot be reached') {
    super(message);
  }
}

export const workspaceResponseSchema = z.object({ hasUsers: z.boolean() });
export type WorkspaceResponse = z.infer<typeof workspaceResponseSchema>;
const meResponseSchema = z.object({ user: userSchema });

export interface ApiClientOptions {
  /** Prefix for every path; '' means the page's own origin. */
  readonly baseUrl?: string;
  /** The member token (or share grant) to send as `Authorization: Bearer`. */
  readonly getToken: () => string | null;
  /** Called when the relay refuses a token we sent (401): the cached session has expired. */
  readonly onUnauthorized?: () => void;
  readonly fetch?: typeof fetch;
}

interface RequestOptions<T> {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly body?: unknown;
  readonly schema: z.ZodType<T>;
  readonly auth: boolean;
  readonly signal?: AbortSignal;
}

// Proxies answer these without a JSON body when the relay behind them is down.
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

export interface ApiClient {
  workspace(): Promise<WorkspaceResponse>;
  signup(body: SignupRequest): Promise<AuthResponse>;
  login(body: LoginRequest): Promise<AuthResponse>;
  me(): Promise<User>;
  changes(query: { since?: string; limit?: number }, signal?: AbortSignal): Promise<ChangesResponse>;
  /**
   * An idempotent record write (`PUT /api/documents/:id`, `/api/instances/:id`, ...). The answer
   * (`{value}`, the record as stored) is returned unparsed: the change feed brings the stored
   * record back through the puller, which parses it once.
   */
  put(path: string, body: unknown, signal?: AbortSignal): Promise<unknown>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request<T>(path: string, opts: RequestOptions<T>): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = opts.auth ? options.getToken() : null;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    const init: RequestInit = { method: opts.method ?? 'GET', headers, credentials: 'omit', cache: 'no-store' };
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(opts.body);
    }
    if (opts.signal) init.signal = opts.signal;

    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, init);
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new OfflineError();
    }

    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }

    if (!response.ok) {
      const parsed = apiErrorSchema.safeParse(json);
      if (!parsed.success && UNREACHABLE_STATUSES.has(response.status)) throw new OfflineError();
      if (response.status === 401 && token !== null) options.onUnauthorized?.();
      if (parsed.success) {
        const { code, message, issues } = parsed.data.error;
        throw new ApiRequestError(response.status, code, message, issues ?? []);
      }
      throw new ApiRequestError(response.status, 'http_error', `The relay answered ${response.status}`);
    }

    const parsed = opts.schema.safeParse(json);
    if (!parsed.success) throw new ApiRequestError(response.status, 'bad_response', `Unexpected answer from ${path}`);
    return parsed.data;
  }

  return {
    workspace: () => request('/api/workspace', { schema: workspaceResponseSchema, auth: false }),
    signup: (body) => request('/api/auth/signup', { method: 'POST', body, schema: authResponseSchema, auth: false }),
    login: (body) => request('/api/auth/login', { method: 'POST', body, schema: authResponseSchema, auth: false }),
    me: async () => (await request('/api/me', { schema: meResponseSchema, auth: true })).user,
    changes: (query, signal) => {
      const params = new URLSearchParams();
      if (query.since !== undefined) params.set('since', query.since);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const qs = params.toString();
      return request(`/api/changes${qs ? `?${qs}` : ''}`, { schema: changesResponseSchema, auth: true, ...(signal ? { signal } : {}) });
    },
    put: (path, body, signal) => request(path, { method: 'PUT', body, schema: z.unknown(), auth: true, ...(signal ? { signal } : {}) }),
  };
}

export const isOfflineError = (error: unknown): error is OfflineError => error instanceof OfflineError;
export const isApiRequestError = (error: unknown): error is ApiRequestError => error instanceof ApiRequestError;
