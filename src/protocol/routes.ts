/**
 * Every HTTP route of the relay (DESIGN §5, §5.1; sync-server/API.md "Routes"), by method and
 * Fastify-style path pattern. The relay registers these patterns; clients fill them in with
 * `apiPath`, so both sides spell each route once.
 */
export const API_ROUTES = {
  health: { method: 'GET', path: '/healthz' },
  workspace: { method: 'GET', path: '/api/workspace' },
  signup: { method: 'POST', path: '/api/auth/signup' },
  login: { method: 'POST', path: '/api/auth/login' },
  refresh: { method: 'POST', path: '/api/auth/refresh' },
  me: { method: 'GET', path: '/api/me' },
  createInvite: { method: 'POST', path: '/api/invites' },
  listInvites: { method: 'GET', path: '/api/invites' },
  revokeInvite: { method: 'POST', path: '/api/invites/:id/revoke' },
  listUsers: { method: 'GET', path: '/api/users' },
  signOutUser: { method: 'POST', path: '/api/users/:id/sign-out' },
  members: { method: 'GET', path: '/api/members' },
  putDocument: { method: 'PUT', path: '/api/documents/:id' },
  putVersion: { method: 'PUT', path: '/api/documents/:id/versions/:versionId' },
  putInstance: { method: 'PUT', path: '/api/instances/:id' },
  getInstance: { method: 'GET', path: '/api/instances/:id' },
  putActivity: { method: 'PUT', path: '/api/activity/:id' },
  putShareLink: { method: 'PUT', path: '/api/share-links/:id' },
  revokeShareLink: { method: 'POST', path: '/api/share-links/:id/revoke' },
  redeem: { method: 'POST', path: '/api/shares/redeem' },
  changes: { method: 'GET', path: '/api/changes' },
  events: { method: 'GET', path: '/api/events' },
  // Files (tus 1.0.0 at /api/files; API.md "Files").
  createUpload: { method: 'POST', path: '/api/files' },
  headUpload: { method: 'HEAD', path: '/api/files/:id' },
  patchUpload: { method: 'PATCH', path: '/api/files/:id' },
  deleteUpload: { method: 'DELETE', path: '/api/files/:id' },
  headBlob: { method: 'HEAD', path: '/api/blobs/:sha256' },
  getBlob: { method: 'GET', path: '/api/blobs/:sha256' },
  putBlobRef: { method: 'PUT', path: '/api/blobs/:sha256/refs/:instanceId' },
} as const;
export type ApiRoute = (typeof API_ROUTES)[keyof typeof API_ROUTES];

/** The `:name` parameters of a path pattern, as a union of names (never for a path without any). */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/**
 * A route's path with each `:param` filled in, URI-encoded (ids are UUIDs, but a path is never
 * built from text that could add a segment). `apiPath('/api/invites/:id/revoke', {id})`.
 */
export function apiPath<P extends string>(pattern: P, ...[params]: [PathParams<P>] extends [never] ? [] : [Record<PathParams<P>, string>]): string {
  if (params === undefined) return pattern;
  const values: Record<string, string> = params;
  return pattern.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`apiPath: no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}
