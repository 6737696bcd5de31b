import { createContext, useContext } from 'react';
import type { User } from '../domain';
import { openUserData } from '../sync/user-data';
import type { UserData } from '../sync/user-data';
import type { Services } from './services';

export interface SignedIn {
  readonly user: User;
  /**
   * The person's device database and sync loops. For the runner: `data.instanceSync.attach(id, doc)`
   * once `openInstance` resolved, `data.instanceSync.detach(id)` before `closeInstance`
   * (see `InstanceSync` in src/sync/user-data.ts); sync state is in `data.syncStatus`.
   */
  readonly data: UserData;
}

export const SignedInContext = createContext<SignedIn | null>(null);

/** The signed-in person and their device database; only inside the signed-in layout. */
export function useSignedIn(): SignedIn {
  const value = useContext(SignedInContext);
  if (value === null) throw new Error('useSignedIn outside the signed-in layout');
  return value;
}

// One person's data is open at a time. Render may ask for it more than once (StrictMode),
// so it is cached by user id; it closes only once no layout has held it for a tick, and its
// database only once work still writing it (a run closing, a draft save: `data.work`) settled.
let current: { data: UserData; holders: number; unsubscribe: () => void } | null = null;

export function userDataFor(user: User, services: Services): UserData {
  if (current !== null && current.data.userId === user.id) return current.data;
  if (current !== null) {
    current.unsubscribe();
    current.data.close();
  }
  const { api, session } = services;
  const data = openUserData({
    userId: user.id,
    api,
    getToken: () => session.token(),
    // A refused token is refreshed; only a refused refresh keeps local data and asks to sign
    // in again (SignedInLayout's notice).
    onUnauthorized: () => void session.refresh(),
  });
  // A refreshed token, or signing in again after an expiry, brings a new token: sync resumes
  // (sockets closed with 4401 reconnect) without a reload.
  let lastToken = session.token();
  const unsubscribe = session.subscribe(() => {
    const { expired } = session.getState();
    const token = session.token();
    if (!expired && token !== null && token !== lastToken) data.resumeSession();
    lastToken = token;
  });
  current = { data, holders: 0, unsubscribe };
  return data;
}

/** Hold the data while a layout is mounted; returns the release. */
export function holdUserData(data: UserData): () => void {
  const entry = current;
  if (entry === null || entry.data !== data) return () => undefined;
  entry.holders++;
  return () => {
    entry.holders--;
    setTimeout(() => {
      if (entry.holders === 0 && current === entry) {
        entry.unsubscribe();
        entry.data.close();
        current = null;
      }
    }, 0);
  };
}
