import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { anInstance, closeTestDbs, freshDb } from '../db/test-support';
import type { UserId } from '../domain';
import { addRefs, getFile, markRefOnRelay, markUploaded, putFile, readFile } from '../files';
import { cleanUpOldOriginals } from './file-sync';

afterEach(closeTestDbs);

const DAY = 24 * 60 * 60 * 1000;
const userId = '0b7c1f1e-1111-4111-8111-111111111111' as UserId;

describe('cleanUpOldOriginals', () => {
  it('drops an old original on the relay that only finished runs refer to, and keeps one an open run still shows', async () => {
    const db = freshDb();
    const open = anInstance({ userId, status: 'in_progress' });
    const done = anInstance({ userId, status: 'completed' });
    await db.instances.bulkPut([open, done] as never[]);
    const put = async (text: string, instanceId: string): Promise<string> => {
      const row = await putFile(db, new TextEncoder().encode(text), { mime: 'image/jpeg', role: 'original', capturedAt: 0, now: 0 });
      await addRefs(db, instanceId, [row.sha256], 0);
      await markUploaded(db, row.sha256, 0);
      await markRefOnRelay(db, instanceId, row.sha256);
      return row.sha256;
    };
    const kept = await put('photo of an open run', open.id);
    const dropped = await put('photo of a finished run', done.id);
    expect(await cleanUpOldOriginals(db, 40 * DAY)).toBe(1);
    expect(await readFile(db, kept)).toBeDefined();
    expect(await readFile(db, dropped)).toBeUndefined();
    // The row stays (the doc still names it; a reader fetches it from the relay again).
    expect((await getFile(db, dropped))?.evictedAt).toBe(40 * DAY);
  });
});
