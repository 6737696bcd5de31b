import { describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client';
import { createSessionStore, readStoredSession } from './session';
import type { UserId } from '../domain';
import { databaseNameFor, SESSION_STORAGE_KEY } from '../protocol';

const user = { id: '0b5a6c9e-1d2f-4a3b-8c7d-6e5f4a3b2c1d', email: 'ada@example.com', name: 'Ada', role: 'admin' as const, createdAt: 1 };

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

const api = { login: () => Promise.resolve({ token: 'tok', user }), signup: () => Promise.resolve({ token: 'tok2', user }) } as unknown as ApiClient;

describe('session', () => {
  it('reads a cached identity so the app opens offline', () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify({ token: 't', user }) });
    expect(createSessionStore({ storage, api: () => api }).getState().session?.user.email).toBe('ada@example.com');
  });

  it('treats a corrupt or outdated cached identity as signed out', () => {
    expect(readStoredSession(memoryStorage({ [SESSION_STORAGE_KEY]: '{not json' }))).toBeNull();
    expect(readStoredSession(memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify({ token: 't', user: { id: 'x' } }) }))).toBeNull();
  });

  it('stores the identity on sign-in and forgets it on sign-out', async () => {
    const storage = memoryStorage();
    const store = createSessionStore({ storage, api: () => api });
    await store.signIn({ email: 'ada@example.com', password: 'pw' });
    expect(store.token()).toBe('tok');
    expect(JSON.parse(storage.data.get(SESSION_STORAGE_KEY) ?? '{}')).toMatchObject({ token: 'tok' });
    store.signOut();
    expect(store.getState().session).toBeNull();
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false);
  });

  it('marks an expired token without dropping the cached identity', () => {
    const storage = memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify({ token: 't', user }) });
    const store = createSessionStore({ storage, api: () => api });
    store.markExpired();
    expect(store.getState()).toMatchObject({ expired: true, session: { token: 't' } });
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(true);
  });

  it('gives each person a database of their own', () => {
    expect(databaseNameFor(user.id as UserId)).toBe(`fieldbook-${user.id}`);
  });
});
