import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { UserId } from '../domain';
import type { ApiClient } from './api-client';
import { openUserData } from './user-data';

const api = {} as ApiClient; // never called: the loops are not started

describe('user data', () => {
  it('closes its database only after held work (a closing run, a draft save) has settled', async () => {
    const data = openUserData({ userId: crypto.randomUUID() as UserId, api });
    await data.db.open();
    let finish: () => void = () => undefined;
    const lastWrite = data.work.track(new Promise<void>((resolve) => (finish = resolve)).then(() => data.db.kv.put({ key: 'draft', value: 'x' })));
    data.close();
    // Everything close() started itself (the provider manager's stop) has settled: only the
    // held write is left, and it keeps the database open.
    await expect.poll(() => data.work.size).toBe(1);
    expect(data.db.isOpen()).toBe(true);
    finish();
    // The write lands (a closed Dexie database would refuse it), then the database closes.
    await lastWrite;
    await expect.poll(() => data.db.isOpen()).toBe(false);
  });
});
