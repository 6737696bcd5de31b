/**
 * The app's own api client and session store against a real relay (issue 15 item 12): an
 * expired access token is refreshed and the request sent again without the user noticing; a
 * signed-out user's session ends but the cached identity stays; offline nothing is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, isOfflineError } from './api-client';
import type { ApiClient } from './api-client';
import { createSessionStore } from './session';
import type { SessionStore } from './session';
import { startTestServer } from '../../sync-server/test/helpers/test-server';
import type { TestServer } from '../../sync-server/test/helpers/test-server';
import { SESSION_STORAGE_KEY } from '../protocol';

const HOUR_MS = 60 * 60 * 1000;
let relay: TestServer | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

function memoryStorage() {
  const data = new Map<string, string>();
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
}

function device(baseUrl: string): { api: ApiClient; session: SessionStore; storage: ReturnType<typeof memoryStorage>; refused: () => number } {
  const storage = memoryStorage();
  let refused = 0;
  const session: SessionStore = createSessionStore({ storage, api: () => api });
  const api: ApiClient = createApiClient({
    baseUrl,
    getToken: () => session.token(),
    onUnauthorized: () => {
      refused++;
      return session.refresh();
    },
  });
  return { api, session, storage, refused: () => refused };
}

describe('the app refreshes its access token', () => {
  it('sends a request again with a refreshed token once the old one expired, and keeps the new pair', async () => {
    let clock = Date.now();
    relay = await startTestServer({ now: () => clock });
    await relay.signup('admin@site.example', 'Admin');
    const { code } = await relay.invite();
    const tablet = device(relay.url);
    await tablet.session.signUp({ email: 'crew@site.example', password: 'correct horse battery', name: 'Crew', invite: code });
    const first = tablet.session.token();

    clock += HOUR_MS + 1000;
    expect((await tablet.api.me()).email).toBe('crew@site.example');
    expect(tablet.refused()).toBe(1);
    expect(tablet.session.token()).not.toBe(first);
    expect(tablet.session.getState().expired).toBe(false);
    expect(JSON.parse(tablet.storage.data.get(SESSION_STORAGE_KEY) ?? '{}')).toMatchObject({ token: tablet.session.token(), refreshToken: expect.any(String) as string });
  });

  it('ends the session when an admin signed the user out, keeping the cached identity', async () => {
    relay = await startTestServer();
    const admin = await relay.signup('admin@site.example', 'Admin');
    const crew = await relay.signup('crew@site.example', 'Crew');
    const tablet = device(relay.url);
    await tablet.session.signIn({ email: 'crew@site.example', password: 'correct horse battery' });
    expect((await relay.request('POST', `/api/users/${crew.user.id}/sign-out`, { token: admin.token })).status).toBe(200);

    await expect(tablet.api.me()).rejects.toMatchObject({ status: 401 });
    expect(tablet.session.getState()).toMatchObject({ expired: true, session: { user: { email: 'crew@site.example' } } });
    expect(tablet.storage.data.has(SESSION_STORAGE_KEY)).toBe(true);
  });

  it('offline, a refresh fails quietly: the session is neither ended nor changed', async () => {
    relay = await startTestServer();
    await relay.signup('admin@site.example', 'Admin');
    const tablet = device(relay.url);
    await tablet.session.signIn({ email: 'admin@site.example', password: 'correct horse battery' });
    const token = tablet.session.token();
    await relay.close();
    relay = undefined;
    expect(await tablet.session.refresh()).toBe(false);
    await expect(tablet.api.me()).rejects.toSatisfy(isOfflineError);
    expect(tablet.session.getState()).toMatchObject({ expired: false, session: { token } });
  });
});
