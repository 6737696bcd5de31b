import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError, createApiClient, OfflineError } from './api-client';

const user = { id: '0b5a6c9e-1d2f-4a3b-8c7d-6e5f4a3b2c1d', email: 'ada@example.com', name: 'Ada', role: 'admin', createdAt: 1 };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function client(respond: (url: string, init: RequestInit) => Response | Promise<Response>, token: string | null = 'tok') {
  const calls: { url: string; init: RequestInit }[] = [];
  const onUnauthorized = vi.fn();
  const api = createApiClient({
    getToken: () => token,
    onUnauthorized,
    fetch: (input, init = {}) => {
      const url = input instanceof Request ? input.url : String(input);
      calls.push({ url, init });
      return Promise.resolve(respond(url, init));
    },
  });
  return { api, calls, onUnauthorized };
}

describe('api client', () => {
  it('sends the token as a Bearer header and never in the URL', async () => {
    const { api, calls } = client(() => json(200, { changes: [], cursor: 'c1', hasMore: false }), 'secret-token');
    await api.changes({ since: 'c0', limit: 50 });
    expect(calls[0]?.url).toBe('/api/changes?since=c0&limit=50');
    expect(calls[0]?.url).not.toContain('secret-token');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer secret-token');
  });

  it('parses responses with the domain schemas', async () => {
    const { api } = client(() => json(201, { token: 't', user }));
    const session = await api.signup({ email: 'ada@example.com', password: 'long enough', name: 'Ada' });
    expect(session.user.email).toBe('ada@example.com');
  });

  it('rejects a 2xx body that does not match the contract', async () => {
    const { api } = client(() => json(200, { changes: 'nope' }));
    await expect(api.changes({})).rejects.toMatchObject({ name: 'ApiRequestError', code: 'bad_response' });
  });

  it('turns an error body into ApiRequestError with status, code and issues', async () => {
    const { api } = client(() =>
      json(400, { error: { code: 'invalid_request', message: 'bad', issues: [{ path: 'email', message: 'invalid email' }] } }),
    );
    const error = await api.signup({ email: 'x', password: 'y', name: 'z' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', issues: [{ path: 'email', message: 'invalid email' }] });
  });

  it('reports a network failure as OfflineError', async () => {
    const { api } = client(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.workspace()).rejects.toBeInstanceOf(OfflineError);
  });

  it('reports a proxy 502 without an error body as OfflineError', async () => {
    const { api } = client(() => new Response('Bad gateway', { status: 502 }));
    await expect(api.workspace()).rejects.toBeInstanceOf(OfflineError);
  });

  it('signals an expired session on a 401 to a request that carried a token', async () => {
    const { api, onUnauthorized } = client(() => json(401, { error: { code: 'unauthenticated', message: 'expired' } }));
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('does not treat bad credentials at login as an expired session', async () => {
    const { api, onUnauthorized } = client(() => json(401, { error: { code: 'bad_credentials', message: 'no' } }));
    await expect(api.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ code: 'bad_credentials' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });
});
