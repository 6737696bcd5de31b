import { describe, expect, it } from 'vitest';
import { originalsOnWifiOnly, setOriginalsOnWifiOnly } from './wifi-setting';

function memory(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('originals on Wi-Fi only', () => {
  it('is off until chosen, kept when chosen, and off again when cleared', () => {
    const storage = memory();
    expect(originalsOnWifiOnly(storage)).toBe(false);
    setOriginalsOnWifiOnly(true, storage);
    expect(originalsOnWifiOnly(storage)).toBe(true);
    setOriginalsOnWifiOnly(false, storage);
    expect(originalsOnWifiOnly(storage)).toBe(false);
    expect(storage.map.size).toBe(0);
  });

  it('reads as off when storage is blocked, and choosing does not throw', () => {
    const blocked = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('blocked'); }, removeItem: () => { throw new Error('blocked'); } };
    expect(originalsOnWifiOnly(blocked)).toBe(false);
    expect(() => setOriginalsOnWifiOnly(true, blocked)).not.toThrow();
  });
});
