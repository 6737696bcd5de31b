import { describe, expect, it } from 'vitest';
import { createDatabaseHolds } from './database-holds';

describe('pending work', () => {
  it('is idle at once when nothing holds it', async () => {
    const work = createDatabaseHolds();
    await expect(work.idle()).resolves.toBeUndefined();
    expect(work.size).toBe(0);
  });

  it('becomes idle only after every hold is released and every tracked promise settled', async () => {
    const work = createDatabaseHolds();
    const release = work.hold();
    let fail: (e: Error) => void = () => undefined;
    const tracked = work.track(new Promise<void>((_, reject) => (fail = reject)));
    let trackedSettled = false;
    tracked.catch(() => (trackedSettled = true));
    // What idle saw when it resolved: an idle that came before the tracked promise settled is a bug.
    const idleAfterTracked = work.idle().then(() => trackedSettled);

    release();
    release(); // a second call does nothing
    expect(work.size).toBe(1);

    fail(new Error('write failed'));
    expect(await idleAfterTracked).toBe(true);
    expect(work.size).toBe(0);
  });
});
