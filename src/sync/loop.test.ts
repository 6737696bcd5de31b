import { describe, expect, it } from 'vitest';
import { createLoop } from './loop';
import type { LoopTrigger, RunOutcome } from './loop';
import { manualPlatform } from './test-platform';

/** Let every promise continuation queued so far run (one macrotask turn; no clock involved). */
const drainMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A run the test settles by hand: each call waits until `settle(outcome)`. */
function controlledRun() {
  const calls: { trigger: string; signal: AbortSignal }[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const waiting: ((outcome: RunOutcome) => void)[] = [];
  return {
    calls,
    get maxConcurrent() {
      return maxConcurrent;
    },
    run(signal: AbortSignal, trigger: string): Promise<RunOutcome> {
      calls.push({ trigger, signal });
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      return new Promise<RunOutcome>((resolve) => {
        const finish = (outcome: RunOutcome): void => {
          concurrent -= 1;
          resolve(outcome);
        };
        waiting.push(finish);
        signal.addEventListener('abort', () => finish('idle'));
      });
    },
    /** Settle the oldest run still going. */
    async settle(outcome: RunOutcome): Promise<void> {
      await Promise.resolve();
      const next = waiting.shift();
      if (next === undefined) throw new Error('no run is going');
      next(outcome);
      await drainMicrotasks();
    },
  };
}

const URGENT = new Set<LoopTrigger>(['manual', 'online', 'retry']);

describe('sync loop', () => {
  it('L1: runs one at a time; a trigger during a run joins it and runs once more after it', async () => {
    const r = controlledRun();
    const loop = createLoop({ run: (s, t) => r.run(s, t), platform: manualPlatform() });
    const first = loop.trigger('manual');
    const joined = loop.trigger('timer');
    expect(joined).toBe(first);
    await r.settle('done');
    expect(r.calls.map((c) => c.trigger)).toEqual(['manual', 'timer']);
    await r.settle('done');
    await first;
    expect(r.maxConcurrent).toBe(1);
  });

  it('L1: without rerun, a trigger during a run only joins it', async () => {
    const r = controlledRun();
    const loop = createLoop({ run: (s, t) => r.run(s, t), platform: manualPlatform(), rerun: false });
    const first = loop.trigger('start');
    void loop.trigger('online');
    await r.settle('done');
    await first;
    expect(r.calls.map((c) => c.trigger)).toEqual(['start']);
  });

  it('L2: a failed run retries after a growing, capped backoff; a run that works resets it', async () => {
    const r = controlledRun();
    const platform = manualPlatform();
    const waits: number[] = [];
    const loop = createLoop({
      run: (s, t) => r.run(s, t),
      platform,
      backoff: { baseMs: 1_000, maxMs: 4_000, random: () => 1 },
      onWaiting: ({ retryAt }) => waits.push(retryAt - platform.now()),
    });
    void loop.trigger('manual');
    for (let i = 0; i < 4; i++) {
      await r.settle('failed');
      expect(loop.state).toBe('waiting');
      platform.fireAtLeast(0);
    }
    await r.settle('done');
    expect(waits).toEqual([1_000, 2_000, 4_000, 4_000]);
    expect(r.calls.map((c) => c.trigger)).toEqual(['manual', 'retry', 'retry', 'retry', 'retry']);
    void loop.trigger('manual');
    await r.settle('failed');
    expect(waits.at(-1)).toBe(1_000);
  });

  it('L3: while a retry waits, only urgent triggers run; after a failed run only an urgent trigger runs again at once', async () => {
    const r = controlledRun();
    const platform = manualPlatform();
    const loop = createLoop({ run: (s, t) => r.run(s, t), platform, backoff: { baseMs: 1_000, maxMs: 8_000 }, urgent: URGENT });
    void loop.trigger('manual');
    await r.settle('failed');
    await loop.trigger('timer');
    expect(r.calls).toHaveLength(1);
    void loop.trigger('online');
    expect(r.calls.map((c) => c.trigger)).toEqual(['manual', 'online']);
    expect(platform.delays()).toEqual([]); // the urgent run cleared the wait
    void loop.trigger('timer');
    await r.settle('failed');
    expect(r.calls).toHaveLength(2); // a non-urgent trigger does not cut the new wait short
    void loop.trigger('manual');
    void loop.trigger('manual');
    await r.settle('failed');
    expect(r.calls.map((c) => c.trigger)).toEqual(['manual', 'online', 'manual', 'manual']);
  });

  it('L4: runs on online, on visible and every interval once started; an offline spell holds automatic runs', async () => {
    const r = controlledRun();
    const platform = manualPlatform();
    let offline = 0;
    const loop = createLoop({ run: (s, t) => r.run(s, t), platform, intervalMs: 30_000, urgent: URGENT, onOffline: () => (offline += 1) });
    platform.emit('online');
    expect(r.calls).toHaveLength(0); // not started: no triggers
    loop.start();
    platform.fire(30_000);
    await r.settle('done');
    platform.setVisible(true);
    await r.settle('done');
    platform.setOnline(false);
    expect([loop.state, offline]).toEqual(['offline', 1]);
    platform.fire(30_000);
    expect(r.calls).toHaveLength(2); // the interval waits while offline
    platform.setOnline(true);
    await r.settle('done');
    expect(r.calls.map((c) => c.trigger)).toEqual(['timer', 'visible', 'online']);
    loop.stop();
    expect(platform.delays()).toEqual([]);
    platform.emit('visible');
    expect(r.calls).toHaveLength(3);
  });

  it('L5: stop aborts the run in flight; what is asked while it unwinds runs after it, in a fresh run', async () => {
    const r = controlledRun();
    const loop = createLoop({ run: (s, t) => r.run(s, t), platform: manualPlatform() });
    loop.start();
    const first = loop.trigger('start');
    loop.stop();
    expect(r.calls[0]?.signal.aborted).toBe(true);
    void loop.trigger('manual');
    await first;
    await drainMicrotasks();
    expect(r.calls.map((c) => [c.trigger, c.signal.aborted])).toEqual([
      ['start', true],
      ['manual', false],
    ]);
    await r.settle('done');
  });
});
