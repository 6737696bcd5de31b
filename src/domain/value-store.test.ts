import { describe, expect, it, vi } from 'vitest';
import { createValueStore } from './value-store';

describe('createValueStore', () => {
  it('notifies subscribers with the new value and stops after unsubscribe', () => {
    const store = createValueStore(1);
    const seen: number[] = [];
    const stop = store.subscribe((v) => seen.push(v));
    store.set(2);
    store.update((v) => v + 1);
    stop();
    store.set(9);
    expect(seen).toEqual([2, 3]);
    expect(store.get()).toBe(9);
  });

  it('does not notify when the value is equal by the given rule', () => {
    const store = createValueStore({ n: 1 }, (a, b) => a.n === b.n);
    const listener = vi.fn();
    store.subscribe(listener);
    store.set({ n: 1 });
    expect(listener).not.toHaveBeenCalled();
    store.set({ n: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps notifying the others when one listener throws', () => {
    const store = createValueStore(0);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const seen: number[] = [];
    store.subscribe(() => {
      throw new Error('broken subscriber');
    });
    store.subscribe((v) => seen.push(v));
    store.set(5);
    expect(seen).toEqual([5]);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });
});
