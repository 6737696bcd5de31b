import { useEffect, useRef, useState } from 'react';

export type AutosaveState = 'idle' | 'saving' | 'saved' | 'failed';

export const AUTOSAVE_DELAY_MS = 300;

export interface Autosave {
  readonly state: AutosaveState;
  /**
   * Stop saving (publishing is about to drop the draft): stores what the debounce still held,
   * waits for any save in flight, and saves nothing more until `resume`.
   */
  hold(): Promise<void>;
  resume(): void;
}

/**
 * Save `value` a moment after it stops changing (debounced), and once more on unmount if a
 * change is still waiting, so leaving the screen never loses the last keystrokes. `dirty`
 * false means the value is what was loaded: nothing to save.
 */
export function useAutosave<T>(value: T, dirty: boolean, save: (value: T) => Promise<void>): Autosave {
  const [state, setState] = useState<AutosaveState>('idle');
  const pending = useRef<{ value: T } | null>(null);
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  const held = useRef(false);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);

  const run = (job: { value: T }): Promise<void> => {
    setState('saving');
    const done = inFlight.current.then(() => saveRef.current(job.value));
    inFlight.current = done.then(
      () => setState('saved'),
      () => setState('failed'),
    );
    return done;
  };
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });

  useEffect(() => {
    if (!dirty || held.current) return;
    pending.current = { value };
    const timer = setTimeout(() => {
      const job = pending.current;
      pending.current = null;
      if (job !== null && !held.current) runRef.current(job).catch(() => undefined);
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value, dirty]);

  // Leaving the editor: store what the debounce was still holding.
  useEffect(
    () => () => {
      const job = pending.current;
      pending.current = null;
      if (job !== null && !held.current) saveRef.current(job.value).catch((error: unknown) => console.warn('Saving the draft failed', error));
    },
    [],
  );

  return {
    state,
    async hold() {
      held.current = true;
      const job = pending.current;
      pending.current = null;
      if (job !== null) await runRef.current(job);
      await inFlight.current;
    },
    resume() {
      held.current = false;
    },
  };
}
