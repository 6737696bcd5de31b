import { API_ROUTES, apiErrorSchema, apiPath } from '../protocol';
import type { ShareLinkId } from '../domain';
import { ApiRequestError, OfflineError } from '../sync/api-client';
import type { RevokeRequest } from './share-links';

export interface RevokeRequestOptions {
  /** The member's token (`Authorization: Bearer`). */
  readonly getToken: () => string | null;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
}

export const revokePath = (linkId: ShareLinkId): string => apiPath(API_ROUTES.revokeShareLink.path, { id: linkId });

/**
 * `POST /api/share-links/:id/revoke` with an empty JSON object as its body (the relay takes JSON
 * bodies only). Throws OfflineError or ApiRequestError like the api client, so the caller can
 * fall back on the outbox PUT that carries `revokedAt`.
 */
export function createRevokeRequest(options: RevokeRequestOptions): RevokeRequest {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return async (linkId) => {
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
    const token = options.getToken();
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl ?? ''}${revokePath(linkId)}`, { method: API_ROUTES.revokeShareLink.method, headers, body: '{}', credentials: 'omit', cache: 'no-store' });
    } catch {
      throw new OfflineError();
    }
    if (response.ok) return;
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
    const parsed = apiErrorSchema.safeParse(json);
    if (parsed.success) throw new ApiRequestError(response.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiRequestError(response.status, 'http_error', `The relay answered ${response.status}`);
  };
}
