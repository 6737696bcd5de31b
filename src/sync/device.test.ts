import { afterEach, describe, expect, it, vi } from 'vitest';
import { deviceId, loadDeviceId, resetDeviceIdForTests } from './device';
import { DEVICE_STORAGE_KEY } from '../protocol';

const memoryStorage = (initial: Record<string, string> = {}) => {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
};

const blocked = {
  getItem: (): string | null => {
    throw new DOMException('blocked', 'SecurityError');
  },
  setItem: (): void => {
    throw new DOMException('blocked', 'SecurityError');
  },
};

afterEach(() => {
  vi.unstubAllGlobals();
  resetDeviceIdForTests();
});

describe('device id', () => {
  it('keeps a stored valid id and replaces a missing or malformed one', () => {
    expect(loadDeviceId(memoryStorage({ [DEVICE_STORAGE_KEY]: 'abcdef0123456789abcdef01' }))).toBe('abcdef0123456789abcdef01');
    for (const bad of ['', 'short', 'has space in it', 'x'.repeat(65)]) {
      const storage = memoryStorage({ [DEVICE_STORAGE_KEY]: bad });
      const id = loadDeviceId(storage);
      expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(storage.data.get(DEVICE_STORAGE_KEY)).toBe(id);
    }
  });

  it('returns one id per page even where storage is blocked', () => {
    vi.stubGlobal('localStorage', blocked);
    const first = deviceId();
    expect(first).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(deviceId()).toBe(first);
    expect(loadDeviceId(blocked)).not.toBe(loadDeviceId(blocked)); // unmemoised: why deviceId memoises
  });

  it('is stored and reused across pages', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const first = deviceId();
    resetDeviceIdForTests(); // a new page
    expect(deviceId()).toBe(first);
    expect(storage.data.get(DEVICE_STORAGE_KEY)).toBe(first);
  });
});
