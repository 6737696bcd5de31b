import { useState, useSyncExternalStore } from 'react';
import type { EditTracker, SaveState } from '../../runs/edit-tracker';

export function useSaveState(tracker: EditTracker): SaveState {
  return useSyncExternalStore(tracker.subscribe, tracker.getState);
}

export interface Draft<T> {
  /** What the control shows: the user's own value while they edit or it is being stored, else the stored one. */
  readonly value: T;
  readonly set: (value: T) => void;
  readonly onFocus: () => void;
  readonly onBlur: () => void;
}

/**
 * A control's value while the user is changing it. Edits are stored "latest wins" (see
 * EditTracker), so the doc can lag a keystroke or a tap behind the control; the draft covers
 * that gap. Once the control is left and its save has settled, the stored value shows again,
 * so changes from other devices appear.
 */
export function useDraft<T>(stored: T, busy: boolean): Draft<T> {
  const [draft, setDraft] = useState<{ readonly value: T } | null>(null);
  const [focused, setFocused] = useState(false);
  return {
    value: draft !== null && (focused || busy) ? draft.value : stored,
    set: (value) => setDraft({ value }),
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      if (!busy) setDraft(null);
    },
  };
}
