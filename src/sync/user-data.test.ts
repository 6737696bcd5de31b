import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { UserId } from '../domain';
import type { ApiClient } from './api-client';
import { openUserData } from './user-data';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const api = {} as ApiClient; // never called: the loops are not started

describe('user data', () => {
  it('closes its database only after held work (a closing run, a draft save) has settled', async () => {
    const data = openUserData({ userId: crypto.randomUUID() as UserId, api });
    await data.db.open();
    let finish: () => void = () => undefined;
    const lastWrite = data.work.track(new Promise<void>((resolve) => (finish = resolve)).then(() => data.db.kv.put({ key: 'draft', value: 'x' })));
    data.close();
    await tick();
    expect(data.db.isOpen()).toBe(true);
    finish();
    await lastWrite;
    await tick();
    expect(data.db.isOpen()).toBe(false);
  });
});
