import { ORIGINALS_ON_WIFI_KEY } from '../protocol';

type SettingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStorage(): SettingStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The device's "originals on Wi-Fi only" choice (issue 11): thumbnails always go, full-size
 * photos and files wait for Wi-Fi where the browser can tell the connection (elsewhere they go
 * on any). Kept per browser profile; blocked storage reads as off.
 */
export function originalsOnWifiOnly(storage: SettingStorage | undefined = defaultStorage()): boolean {
  try {
    return storage?.getItem(ORIGINALS_ON_WIFI_KEY) === '1';
  } catch {
    return false;
  }
}

export function setOriginalsOnWifiOnly(on: boolean, storage: SettingStorage | undefined = defaultStorage()): void {
  try {
    if (on) storage?.setItem(ORIGINALS_ON_WIFI_KEY, '1');
    else storage?.removeItem(ORIGINALS_ON_WIFI_KEY);
  } catch {
    // Storage blocked: the choice lasts for this page only (it reads as off next time).
  }
}

/** Whether this browser reports the connection type at all (`navigator.connection.type`). */
export function connectionTypeKnown(): boolean {
  const connection = (globalThis.navigator as (Navigator & { connection?: { type?: unknown } }) | undefined)?.connection;
  return typeof connection?.type === 'string';
}
