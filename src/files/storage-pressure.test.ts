import { afterEach, describe, expect, it } from 'vitest';
import { keepFilesOnDevice, resetKeepFilesAsked, storageLevel, storageMessage } from './storage-pressure';

afterEach(resetKeepFilesAsked);

const at = (usage: number, quota = 1000) => () => Promise.resolve({ usage, quota });

describe('storage pressure', () => {
  it('is ok below 80 %, warns from 80 % and refuses from 95 %, and says so in words', async () => {
    expect((await storageLevel(at(799))).level).toBe('ok');
    expect(storageMessage(await storageLevel(at(799)))).toBeUndefined();
    expect((await storageLevel(at(800))).level).toBe('warn');
    expect(storageMessage(await storageLevel(at(830)))).toBe("This device's storage for Fieldbook is 83 % full. New photos are still kept; at 95 % they are refused.");
    expect((await storageLevel(at(950))).level).toBe('full');
    expect(storageMessage(await storageLevel(at(961)))).toMatch(/^This device's storage for Fieldbook is 96 % full, so no new photo or file is taken: what is already kept stays safe\./);
  });

  it('is unknown (and never refuses) when the browser cannot tell or the estimate fails', async () => {
    expect((await storageLevel(undefined)).level).toBe('unknown');
    expect((await storageLevel(at(5, 0))).level).toBe('unknown');
    expect((await storageLevel(() => Promise.reject(new Error('no')))).level).toBe('unknown');
  });

  it('asks the browser to keep the data once per page, and not when it already does', async () => {
    let asks = 0;
    const storage = { persisted: () => Promise.resolve(false), persist: () => Promise.resolve((asks++, true)) };
    expect(await keepFilesOnDevice(storage)).toBe(true);
    expect(await keepFilesOnDevice(storage)).toBe(false);
    expect(asks).toBe(1);
    resetKeepFilesAsked();
    expect(await keepFilesOnDevice({ persisted: () => Promise.resolve(true), persist: () => Promise.resolve((asks++, true)) })).toBe(true);
    expect(asks).toBe(1);
  });
});
