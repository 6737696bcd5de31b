import { useEffect, useRef, useState } from 'react';
import { registerBeforeUpdate } from '../../pwa/register';
import type { DatabaseHolds } from '../../sync/database-holds';
import { DraftSaver } from './draft-saver';
import type { AutosaveState } from './draft-saver';

export { AUTOSAVE_DELAY_MS } from './draft-saver';
export type { AutosaveState } from './draft-saver';

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
 * Save `value` a moment after it stops changing (debounced). What the debounce still holds is
 * stored at once when the editor unmounts, when the page is hidden or unloaded (`pagehide`),
 * and before "Update now" reloads the page (a before-update hook), so none of these loses the
 * last keystrokes. `dirty` false means the value is what was loaded: nothing to save. With
 * `work`, the database is held open until the unmount's save has settled.
 */
export function useAutosave<T>(value: T, dirty: boolean, save: (value: T) => Promise<void>, work?: DatabaseHolds): Autosave {
  const [state, setState] = useState<AutosaveState>('idle');
  const [saver] = useState(() => new DraftSaver<T>({ save, onState: setState }));
  const workRef = useRef(work);
  useEffect(() => {
    saver.setSave(save);
    workRef.current = work;
  }, [saver, save, work]);

  useEffect(() => {
    if (dirty) saver.change(value);
  }, [saver, value, dirty]);

  useEffect(() => {
    const saveAtOnce = (): void => {
      if (saver.hasPending) saver.saveNow().catch((error: unknown) => console.warn('Saving the draft failed', error));
    };
    window.addEventListener('pagehide', saveAtOnce);
    const unregister = registerBeforeUpdate(() => saver.saveNow());
    return () => {
      window.removeEventListener('pagehide', saveAtOnce);
      unregister();
      // Leaving the editor: store what the debounce was still holding.
      if (saver.hasPending) {
        const saving = saver.saveNow();
        void (workRef.current?.track(saving) ?? saving);
      }
    };
  }, [saver]);

  return {
    state,
    hold: () => saver.hold(),
    resume: () => saver.resume(),
  };
}
