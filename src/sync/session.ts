import { z } from 'zod';
import { userSchema } from '../domain';
import type { User } from '../domain';
import { createValueStore } from '../domain/value-store';
import type { LoginRequest, SignupRequest } from '../protocol';
import { isApiRequestError } from './api-client';
import type { ApiClient } from './api-client';
import { SESSION_STORAGE_KEY } from '../protocol';



/**
 * `token`: the short-lived access token (an hour). `refreshToken` (30 days, renewed on every
 * refresh) gets a new pair when the relay refuses the access token; sessions cached before
 * refresh tokens existed have none and sign in again when their token expires.
 */
export const storedSessionSchema = z.object({ token: z.string().min(1), refreshToken: z.string().min(1).optional(), user: userSchema });
export type Session = z.infer<typeof storedSessionSchema>;

export interface SessionState {
  readonly session: Session | null;
  /**
   * The relay refused the cached token (401). Local data stays usable; the user is asked
   * to sign in again so syncing can resume. Never causes local data to be wiped.
   */
  readonly expired: boolean;
}

/** One IndexedDB database per person, so two people sharing a tablet never mix data (src/protocol/storage-names.ts). */

export interface SessionStore {
  readonly getState: () => SessionState;
  readonly subscribe: (listener: () => void) => () => void;
  /** The token to send to the relay, or null when signed out. */
  readonly token: () => string | null;
  readonly signIn: (credentials: LoginRequest) => Promise<Session>;
  readonly signUp: (details: SignupRequest) => Promise<Session>;
  /** Forget the cached identity. The person's database stays on the device. */
  readonly signOut: () => void;
  readonly markExpired: () => void;
  /**
   * The relay refused the access token (401 or a 4401 close): trade the refresh token for a new
   * pair. True once a new token is stored. Offline it answers false and keeps the session as it
   * is (the app goes on working from the cached identity); a refused refresh token marks the
   * session expired. Concurrent calls share one request.
   */
  readonly refresh: () => Promise<boolean>;
}

type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function readStoredSession(storage: SessionStorage): Session | null {
  let raw: string | null;
  try {
    raw = storage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed = storedSessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The session store needs the api client (to sign in) and the api client needs the
 * session's token, so the client is handed in lazily.
 */
export function createSessionStore(options: { storage?: SessionStorage; api: () => ApiClient }): SessionStore {
  const storage = options.storage ?? window.localStorage;
  const current = createValueStore<SessionState>({ session: readStoredSession(storage), expired: false });
  const set = (next: SessionState): void => current.set(next);

  let refreshing: Promise<boolean> | null = null;
  const markExpired = (): void => {
    const { session, expired } = current.get();
    if (session !== null && !expired) set({ session, expired: true });
  };

  const store = (session: Session): Session => {
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    set({ session, expired: false });
    return session;
  };

  return {
    getState: () => current.get(),
    subscribe: (listener) => current.subscribe(() => listener()),
    token: () => current.get().session?.token ?? null,
    signIn: async (credentials) => store(await options.api().login(credentials)),
    signUp: async (details) => store(await options.api().signup(details)),
    signOut() {
      storage.removeItem(SESSION_STORAGE_KEY);
      set({ session: null, expired: false });
    },
    markExpired,
    refresh() {
      refreshing ??= (async () => {
        const session = current.get().session;
        if (session === null) return false;
        if (session.refreshToken === undefined) {
          markExpired();
          return false;
        }
        try {
          const renewed = await options.api().refresh(session.refreshToken);
          // Signed out (or in as someone else) meanwhile: that choice stands.
          if (current.get().session?.user.id !== session.user.id) return false;
          store(renewed);
          return true;
        } catch (error) {
          if (isApiRequestError(error) && error.status === 401) markExpired();
          return false;
        }
      })().finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
  };
}

export type { User };
