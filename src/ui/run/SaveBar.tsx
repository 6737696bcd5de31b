import { useSaveState } from './use-draft';
import type { OpenRun } from './use-run';
import './run.css';

/** What the device has stored: never "saved" while a change is still on its way to IndexedDB. */
export function SaveBar({ run }: { run: OpenRun }) {
  const save = useSaveState(run.tracker);
  return (
    <div className="save-bar">
      <p role="status" className={`save-state${save.saving.size > 0 ? ' is-saving' : ''}`}>
        {save.saving.size > 0 ? 'Saving on this device…' : save.saved ? 'All changes saved on this device' : ''}
      </p>
      {save.failure !== null && (
        <div className="form-error save-failure" role="alert">
          <p>{save.failure.message}</p>
          <button type="button" className="button" onClick={() => run.tracker.retry()}>
            Try saving again
          </button>
        </div>
      )}
    </div>
  );
}
