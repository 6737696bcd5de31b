import { createContext, useContext } from 'react';
import type { User } from '../domain';
import type { ApiClient } from '../sync/api-client';
import { openUserData } from '../sync/user-data';
import type { UserData } from '../sync/user-data';

export interface SignedIn {
  readonly user: User;
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
// so it is cached by user id; it closes only once no layout has held it for a tick.
let current: { data: UserData; holders: number } | null = null;

export function userDataFor(user: User, api: ApiClient): UserData {
  if (current !== null && current.data.userId === user.id) return current.data;
  current?.data.close();
  current = { data: openUserData({ userId: user.id, api }), holders: 0 };
  return current.data;
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
        entry.data.close();
        current = null;
      }
    }, 0);
  };
}
