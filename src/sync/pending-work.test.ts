import { describe, expect, it } from 'vitest';
import { createPendingWork } from './pending-work';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('pending work', () => {
  it('is idle at once when nothing holds it', async () => {
    const work = createPendingWork();
    await expect(work.idle()).resolves.toBeUndefined();
    expect(work.size).toBe(0);
  });

  it('becomes idle only after every hold is released and every tracked promise settled', async () => {
    const work = createPendingWork();
    const release = work.hold();
    let fail: (e: Error) => void = () => undefined;
    const tracked = work.track(new Promise<void>((_, reject) => (fail = reject)));
    tracked.catch(() => undefined);
    let idle = false;
    void work.idle().then(() => (idle = true));

    release();
    release(); // a second call does nothing
    await tick();
    expect(idle).toBe(false);
    expect(work.size).toBe(1);

    fail(new Error('write failed'));
    await tick();
    expect(idle).toBe(true);
    expect(work.size).toBe(0);
  });
});
