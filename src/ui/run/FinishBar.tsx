import { useId, useState } from 'react';
import type { FinishRefusal } from '../../completion';
import { finishRun } from '../../runs/finish-run';
import { runErrorMessage } from '../../runs/run-error';
import type { OpenRun } from './use-run';
import './run.css';

interface FinishBarProps {
  readonly run: OpenRun;
  /** "Complete procedure", "Complete checklist", "Submit". */
  readonly label: string;
  /** Why finishing is not possible yet (required steps/items open); undefined when it is. */
  readonly blockedBy: string | undefined;
  readonly readOnly: boolean;
  readonly onRefused: (refusal: FinishRefusal) => void;
  /** Checks before finishing (a form validates every field); false stops. */
  readonly check?: () => boolean;
}

/** The button that finishes a run: waits for every pending change, then writes the finished row and its event. */
export function FinishBar({ run, label, blockedBy, readOnly, onRefused, check }: FinishBarProps) {
  const reasonId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (readOnly) return null;

  const go = async (): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      const result = await finishRun(run, check);
      if (result !== null && !result.ok) onRefused(result);
    } catch (e) {
      setError(runErrorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="finish-bar">
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="button primary large"
        disabled={blockedBy !== undefined}
        aria-busy={busy}
        {...(blockedBy !== undefined ? { 'aria-describedby': reasonId } : {})}
        onClick={() => void go()}
      >
        {busy ? 'Saving…' : label}
      </button>
      {blockedBy !== undefined && (
        <p id={reasonId} className="muted finish-reason">
          {blockedBy}
        </p>
      )}
    </div>
  );
}
