import { DEVICE_STORAGE_KEY } from '../protocol';

/** localStorage key of this device's stable id (one per browser profile, shared by its users). */

/**
 * A stored id is kept when it is a valid completion device id (`[A-Za-z0-9_-]`, at most 64,
 * completion SPEC R8) of at least 8 characters: every id this app ever made is 24–32 hex
 * characters; anything shorter was not made here and is replaced.
 */
const STORED_ID = /^[A-Za-z0-9_-]{8,64}$/;

type DeviceStorage = Pick<Storage, 'getItem' | 'setItem'>;

function randomId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

function defaultStorage(): DeviceStorage | undefined {
  try {
    // Reading `localStorage` itself throws where storage is blocked (sandboxed frames, some private modes).
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * Read this device's id from `storage`, or make one and try to store it. Never throws: with
 * storage blocked or full the new id is returned unstored.
 */
export function loadDeviceId(storage: DeviceStorage | undefined): string {
  try {
    const stored = storage?.getItem(DEVICE_STORAGE_KEY);
    if (typeof stored === 'string' && STORED_ID.test(stored)) return stored;
  } catch {
    // storage blocked: make one below
  }
  const made = randomId();
  try {
    storage?.setItem(DEVICE_STORAGE_KEY, made);
  } catch {
    // not stored: it still lasts for this page's lifetime (memoised by deviceId)
  }
  return made;
}

let memo: string | null = null;

/**
 * This device's id: made once, kept in localStorage, and memoised for the page's lifetime, so
 * every caller gets the same id even where storage is blocked (private mode). Completion
 * entries and awareness carry it so two tablets of one crew can be told apart (completion
 * SPEC R1).
 */
export function deviceId(): string {
  memo ??= loadDeviceId(defaultStorage());
  return memo;
}

/** Test seam: forget the memoised id. */
export function resetDeviceIdForTests(): void {
  memo = null;
}
