import { useId, useRef } from 'react';
import type { Edit } from '../../completion';
import { useDraft, useSaveState } from './use-draft';
import type { OpenRun } from './use-run';

/** The smallest single splice turning `from` into `to`, as a note edit (a no-op when equal). */
function spliceEdit(stepId: string, from: string, to: string): Edit {
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start]) start++;
  let endFrom = from.length;
  let endTo = to.length;
  while (endFrom > start && endTo > start && from[endFrom - 1] === to[endTo - 1]) {
    endFrom--;
    endTo--;
  }
  return { kind: 'note', stepId, index: start, deleteCount: endFrom - start, insert: to.slice(start, endTo) };
}

interface NoteEditorProps {
  readonly run: OpenRun;
  readonly stepId: string;
  readonly readOnly: boolean;
}

/**
 * A step's free-text note (a Y.Text, so text typed on two devices keeps both). Each change is
 * stored as a splice computed against the doc's text when it is stored, so collapsed
 * keystrokes (latest wins) still become one correct edit.
 */
export function NoteEditor({ run, stepId, readOnly }: NoteEditorProps) {
  const id = useId();
  const key = `note:${stepId}`;
  const model = run.session.model;
  const save = useSaveState(run.tracker);
  const busy = save.pending.has(key);
  const failed = save.failure?.keys.has(key) ?? false;
  const draft = useDraft(model.noteText(stepId).toJSON(), busy);
  const latest = useRef('');

  return (
    <div className="field note-field">
      <label htmlFor={id}>Note for this step</label>
      <textarea
        id={id}
        rows={3}
        value={draft.value}
        readOnly={readOnly}
        aria-busy={busy}
        aria-describedby={`${id}-state`}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => {
          latest.current = e.target.value;
          draft.set(e.target.value);
          run.tracker.save(key, () => spliceEdit(stepId, model.noteText(stepId).toJSON(), latest.current));
        }}
      />
      <p id={`${id}-state`} className="save-flag" aria-live="polite">
        {busy ? 'Saving…' : failed ? 'Not saved' : ''}
      </p>
    </div>
  );
}
