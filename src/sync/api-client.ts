import { z } from 'zod';
import type { Invite, Member, User } from '../domain';
import {
  API_ROUTES,
  apiErrorSchema,
  apiPath,
  authResponseSchema,
  changesResponseSchema,
  createInviteResponseSchema,
  instanceResponseSchema,
  inviteListResponseSchema,
  meResponseSchema,
  membersResponseSchema,
  revokeInviteResponseSchema,
  signOutResponseSchema,
  userListResponseSchema,
  workspaceResponseSchema,
} from '../protocol';
import type { AuthResponse, ChangesResponse, CreateInviteRequest, CreateInviteResponse, InstanceResponse, Issue, LoginRequest, SignupRequest, WorkspaceResponse } from '../protocol';

export type { InstanceResponse, WorkspaceResponse };

/** The relay answered with an error body (or a body that did not match the contract). */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  readonly status: number;
  readonly code: string;
  readonly issues: readonly Issue[];

  constructor(status: number, code: string, message: string, issues: readonly Issue[] = []) {
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

export interface ApiClientOptions {
  /** Prefix for every path; '' means the page's own origin. */
  readonly baseUrl?: string;
  /** The member token (or share grant) to send as `Authorization: Bearer`. */
  readonly getToken: () => string | null;
  /**
   * Called when the relay refuses a token we sent (401). It may renew the token (a refresh)
   * and resolve true: the request is then sent once more with the new token. False, or no
   * answer: the 401 stands.
   */
  readonly onUnauthorized?: () => void | Promise<boolean>;
  readonly fetch?: typeof fetch;
}

interface RequestOptions<T> {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly body?: unknown;
  readonly schema: z.ZodType<T>;
  readonly auth: boolean;
  readonly signal?: AbortSignal;
  /** Internal: this is the retry after a renewed token, so a second 401 is final. */
  readonly retried?: boolean;
}

// Proxies answer these without a JSON body when the relay behind them is down.
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);

export interface ApiClient {
  workspace(): Promise<WorkspaceResponse>;
  signup(body: SignupRequest): Promise<AuthResponse>;
  login(body: LoginRequest): Promise<AuthResponse>;
  me(): Promise<User>;
  /** A refresh token for a new access + refresh pair (401 once it expired or the user was signed out). */
  refresh(refreshToken: string): Promise<AuthResponse>;
  createInvite(body: CreateInviteRequest): Promise<CreateInviteResponse>;
  listInvites(): Promise<Invite[]>;
  revokeInvite(id: string): Promise<Invite>;
  listUsers(): Promise<User[]>;
  /** Admin: sign this user out on every device. */
  signOutUser(id: string): Promise<void>;
  /** Everyone in the workspace by name, for saying who did what. */
  listMembers(): Promise<Member[]>;
  /** A run the caller may read (owner, admin, its link's creator) with its pinned version: 403 / 404 otherwise. */
  getInstance(id: string): Promise<InstanceResponse>;
  changes(query: { since?: string; limit?: number }, signal?: AbortSignal): Promise<ChangesResponse>;
  /**
   * An idempotent record write (`PUT /api/documents/:id`, `/api/instances/:id`, ...). The answer
   * (`{value}`, the record as stored) is returned unparsed: the change feed brings the stored
   * record back through the puller, which parses it once.
   */
  put(path: string, body: unknown, signal?: AbortSignal): Promise<unknown>;
  /**
   * A stored file's bytes and type (`GET /api/blobs/:sha256`), or null when the caller may not
   * read it or the relay does not have it (one 404 for both, API.md "Files").
   */
  blob(sha256: string): Promise<{ readonly bytes: ArrayBuffer; readonly mime: string } | null>;
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
      if (response.status === 401 && token !== null) {
        const renewed = await options.onUnauthorized?.();
        if (renewed === true && opts.retried !== true && options.getToken() !== token) return request(path, { ...opts, retried: true });
      }
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

  // Method and path from the route table the relay registers (src/protocol/routes.ts).
  const R = API_ROUTES;
  return {
    workspace: () => request(R.workspace.path, { method: R.workspace.method, schema: workspaceResponseSchema, auth: false }),
    signup: (body) => request(R.signup.path, { method: R.signup.method, body, schema: authResponseSchema, auth: false }),
    login: (body) => request(R.login.path, { method: R.login.method, body, schema: authResponseSchema, auth: false }),
    me: async () => (await request(R.me.path, { method: R.me.method, schema: meResponseSchema, auth: true })).user,
    refresh: (refreshToken) => request(R.refresh.path, { method: R.refresh.method, body: { refreshToken }, schema: authResponseSchema, auth: false }),
    createInvite: (body) => request(R.createInvite.path, { method: R.createInvite.method, body, schema: createInviteResponseSchema, auth: true }),
    listInvites: async () => (await request(R.listInvites.path, { method: R.listInvites.method, schema: inviteListResponseSchema, auth: true })).invites,
    revokeInvite: async (id) =>
      (await request(apiPath(R.revokeInvite.path, { id }), { method: R.revokeInvite.method, schema: revokeInviteResponseSchema, auth: true })).invite,
    listUsers: async () => (await request(R.listUsers.path, { method: R.listUsers.method, schema: userListResponseSchema, auth: true })).users,
    signOutUser: async (id) => {
      await request(apiPath(R.signOutUser.path, { id }), { method: R.signOutUser.method, schema: signOutResponseSchema, auth: true });
    },
    listMembers: async () => (await request(R.members.path, { method: R.members.method, schema: membersResponseSchema, auth: true })).members,
    getInstance: (id) => request(apiPath(R.getInstance.path, { id }), { method: R.getInstance.method, schema: instanceResponseSchema, auth: true }),
    changes: (query, signal) => {
      const params = new URLSearchParams();
      if (query.since !== undefined) params.set('since', query.since);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const qs = params.toString();
      return request(`${R.changes.path}${qs ? `?${qs}` : ''}`, { method: R.changes.method, schema: changesResponseSchema, auth: true, ...(signal ? { signal } : {}) });
    },
    put: (path, body, signal) => request(path, { method: 'PUT', body, schema: z.unknown(), auth: true, ...(signal ? { signal } : {}) }),
    blob: async (sha256) => {
      const token = options.getToken();
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${apiPath(R.getBlob.path, { sha256 })}`, {
          headers: token === null ? {} : { Authorization: `Bearer ${token}` },
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        throw new OfflineError();
      }
      if (response.status === 404) return null;
      if (UNREACHABLE_STATUSES.has(response.status)) throw new OfflineError();
      if (!response.ok) throw new ApiRequestError(response.status, 'http_error', `The relay answered ${response.status}`);
      return { bytes: await response.arrayBuffer(), mime: response.headers.get('content-type')?.split(';')[0]?.trim() ?? 'application/octet-stream' };
    },
  };
}

export const isOfflineError = (error: unknown): error is OfflineError => error instanceof OfflineError;
export const isApiRequestError = (error: unknown): error is ApiRequestError => error instanceof ApiRequestError;
