/**
 * Storage pressure (issue 11): evidence is the biggest thing a device keeps, so before a
 * capture the app looks at how full the browser's storage is. At 80 % it warns; at 95 % it
 * refuses new captures with an explanation, so what is already kept stays safe. It never
 * offers to free space: anything here may not be on the relay yet.
 */
export const STORAGE_WARN_AT = 0.8;
export const STORAGE_REFUSE_AT = 0.95;

export interface StorageLevel {
  readonly level: 'ok' | 'warn' | 'full' | 'unknown';
  readonly usage: number;
  readonly quota: number;
}

type Estimate = () => Promise<{ usage?: number; quota?: number }>;

const browserEstimate = (): Estimate | undefined =>
  typeof navigator !== 'undefined' && typeof navigator.storage?.estimate === 'function' ? () => navigator.storage.estimate() : undefined;

export async function storageLevel(estimate: Estimate | undefined = browserEstimate()): Promise<StorageLevel> {
  if (estimate === undefined) return { level: 'unknown', usage: 0, quota: 0 };
  try {
    const { usage = 0, quota = 0 } = await estimate();
    if (quota <= 0) return { level: 'unknown', usage, quota };
    const share = usage / quota;
    return { level: share >= STORAGE_REFUSE_AT ? 'full' : share >= STORAGE_WARN_AT ? 'warn' : 'ok', usage, quota };
  } catch {
    return { level: 'unknown', usage: 0, quota: 0 };
  }
}

const percentOf = (s: StorageLevel): string => `${Math.floor((100 * s.usage) / Math.max(1, s.quota))} %`;

/** What the capture control says; undefined when there is nothing to say. */
export function storageMessage(s: StorageLevel): string | undefined {
  if (s.level === 'full')
    return `This device's storage for Fieldbook is ${percentOf(s)} full, so no new photo or file is taken: what is already kept stays safe. Let what is waiting reach the relay (Sync), or free space in other apps.`;
  if (s.level === 'warn') return `This device's storage for Fieldbook is ${percentOf(s)} full. New photos are still kept; at 95 % they are refused.`;
  return undefined;
}

let asked = false;

/**
 * Ask the browser once per page to keep Fieldbook's data (`navigator.storage.persist()`), when
 * the first file is stored: evicted evidence cannot be taken again.
 */
export async function keepFilesOnDevice(storage: Pick<StorageManager, 'persist' | 'persisted'> | undefined = typeof navigator === 'undefined' ? undefined : navigator.storage): Promise<boolean> {
  if (asked || storage === undefined || typeof storage.persist !== 'function') return false;
  asked = true;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return false;
  }
}

/** For tests: forget that this page already asked. */
export const resetKeepFilesAsked = (): void => {
  asked = false;
};
