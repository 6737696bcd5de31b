import { describe, expect, it } from 'vitest';
import { DraftSaver } from './draft-saver';
import type { AutosaveState } from './draft-saver';

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    set: (fn: () => void) => {
      pending.set(++next, fn);
      return next;
    },
    clear: (handle: unknown) => void pending.delete(handle as number),
    fire: () => {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
    get size() {
      return pending.size;
    },
  };
}

function saver() {
  const saved: string[] = [];
  const states: AutosaveState[] = [];
  const timers = manualTimers();
  const s = new DraftSaver<string>({
    save: (value) => {
      saved.push(value);
      return Promise.resolve();
    },
    onState: (state) => states.push(state),
    timers,
  });
  return { s, saved, states, timers };
}

describe('draft autosave', () => {
  it('saves the last value once it stops changing', async () => {
    const { s, saved, timers } = saver();
    s.change('a');
    s.change('ab');
    expect(timers.size).toBe(1);
    timers.fire();
    await s.saveNow();
    expect(saved).toEqual(['ab']);
  });

  it('flush (before an update reload, on pagehide, on unmount) stores what the debounce still holds, once', async () => {
    const { s, saved, states, timers } = saver();
    s.change('typed');
    expect(s.hasPending).toBe(true);
    await s.saveNow();
    expect(saved).toEqual(['typed']);
    expect(states).toEqual(['saving', 'saved']);
    expect(timers.size).toBe(0);
    await s.saveNow();
    expect(saved).toEqual(['typed']);
  });

  it('hold stores the pending value and saves nothing more until resume', async () => {
    const { s, saved, timers } = saver();
    s.change('before publish');
    await s.hold();
    s.change('ignored');
    timers.fire();
    await s.saveNow();
    expect(saved).toEqual(['before publish']);
    s.resume();
    s.change('after');
    await s.saveNow();
    expect(saved).toEqual(['before publish', 'after']);
  });

  it('a failed save is reported, and flush still resolves', async () => {
    const states: AutosaveState[] = [];
    const s = new DraftSaver<string>({ save: () => Promise.reject(new Error('quota')), onState: (state) => states.push(state) });
    s.change('x');
    await expect(s.saveNow()).resolves.toBeUndefined();
    expect(states).toEqual(['saving', 'failed']);
  });
});
