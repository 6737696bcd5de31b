import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kvDelete, kvGet, kvSet } from './kv';
import { closeTestDbs, freshDb } from './test-support';

afterEach(closeTestDbs);

const identity = z.object({ userId: z.string(), name: z.string() });

describe('kv', () => {
  it('round-trips a value through its schema', async () => {
    const db = freshDb();
    await kvSet(db, 'identity', { userId: 'u1', name: 'Ana' });
    expect(await kvGet(db, 'identity', identity)).toEqual({ userId: 'u1', name: 'Ana' });
  });

  it('reads a missing key, and a stored value that no longer fits its schema, as absent', async () => {
    const db = freshDb();
    expect(await kvGet(db, 'identity', identity)).toBeUndefined();
    await kvSet(db, 'identity', { userId: 42 });
    expect(await kvGet(db, 'identity', identity)).toBeUndefined();
  });

  it('deletes a key', async () => {
    const db = freshDb();
    await kvSet(db, 'flag', true);
    await kvDelete(db, 'flag');
    expect(await kvGet(db, 'flag', z.boolean())).toBeUndefined();
  });
});
