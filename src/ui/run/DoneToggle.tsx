import { useId, useState } from 'react';
import { doneSlot } from '../../completion';
import { ConflictPicker } from './ConflictPicker';
import { useDraft, useSaveState } from './use-draft';
import type { OpenRun } from './use-run';
import { WrittenBy } from './WrittenBy';
import './run.css';

interface DoneToggleProps {
  readonly run: OpenRun;
  /** Step or item id. */
  readonly id: string;
  readonly label: string;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly userId: string;
  /** Asked before ticking (not before unticking); false keeps it unticked. */
  readonly canTick?: () => Promise<boolean>;
  readonly onChanged?: () => void;
}

const describeDone = (value: unknown): string => (value === true ? 'Done' : 'Not done');

/**
 * One tap marks a step or item done. The box shows the tap at once but stays aria-busy
 * ("Saving…") until the change is committed to IndexedDB; only then is it shown as saved.
 */
export function DoneToggle({ run, id, label, required, readOnly, userId, canTick, onChanged }: DoneToggleProps) {
  const inputId = useId();
  const slot = doneSlot(id);
  const save = useSaveState(run.tracker);
  /** The step's fields are being checked before the tick is stored. */
  const [checking, setChecking] = useState(false);
  const busy = save.saving.has(slot) || checking;
  const failed = save.failure?.keys.has(slot) ?? false;
  const draft = useDraft(run.session.model.read(slot) === true, busy);

  const toggle = async (done: boolean): Promise<void> => {
    draft.set(done);
    if (done && canTick !== undefined) {
      setChecking(true);
      const ok = await canTick().catch(() => false);
      setChecking(false);
      if (!ok) {
        draft.set(false);
        return;
      }
    }
    run.tracker.save(slot, () => ({ kind: 'done', id, done }));
    onChanged?.();
  };

  return (
    <div className={`done-toggle${draft.value ? ' is-done' : ''}`} data-anchor={id}>
      <div className="check-line">
        <label className="check-row" htmlFor={inputId}>
          <input
            id={inputId}
            type="checkbox"
            checked={draft.value}
            disabled={readOnly}
            aria-busy={busy}
            aria-describedby={`${inputId}-state`}
            onFocus={draft.onFocus}
            onBlur={draft.onBlur}
            onChange={(e) => void toggle(e.target.checked)}
          />
          <span>{label}</span>
        </label>
        {required && (
          <span className="tag" aria-hidden="true">
            Required
          </span>
        )}
        <span id={`${inputId}-state`} className="save-flag" aria-live="polite">
          {busy ? 'Saving…' : failed ? 'Not saved' : ''}
        </span>
      </div>
      {run.reader && <WrittenBy run={run} slot={slot} userId={userId} />}
      <ConflictPicker run={run} slot={slot} label={label} describe={describeDone} readOnly={readOnly} userId={userId} />
    </div>
  );
}
