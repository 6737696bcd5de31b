import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ABANDON_REASON_MAX } from '../../completion';
import { abandonRun } from '../../runs/finish-run';
import { runErrorMessage } from '../../runs/run-error';
import type { OpenRun } from './use-run';
import './run.css';

/**
 * "Abandon this run": an accidental or cancelled start ends with a reason instead of staying
 * "in progress" forever (completion/SPEC.md R18). The run becomes read-only; the finished
 * notice then offers to start again.
 */
export function AbandonRun({ run }: { readonly run: OpenRun }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (reason.trim() === '') {
      setProblem('Say why this run is abandoned, for example "Started by mistake".');
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await abandonRun(run, reason);
      if (!result.ok) setProblem(result.reason === 'already_finished' ? 'This run is already finished.' : 'Say why this run is abandoned.');
    } catch (e) {
      setProblem(runErrorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div className="abandon-run">
        <button
          ref={openerRef}
          type="button"
          className="button"
          onClick={() => {
            setOpen(true);
            requestAnimationFrame(() => reasonRef.current?.focus());
          }}
        >
          Abandon this run…
        </button>
      </div>
    );
  }
  return (
    <form className="abandon-run panel" aria-labelledby={`${id}-title`} noValidate onSubmit={(e) => void submit(e)}>
      <h2 id={`${id}-title`}>Abandon this run</h2>
      <p id={`${id}-hint`} className="muted">
        An abandoned run is kept, with its answers and your reason, but can no longer be changed. You can start a new one afterwards.
      </p>
      <div className={`field${problem !== null ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea
          ref={reasonRef}
          id={`${id}-reason`}
          rows={2}
          maxLength={ABANDON_REASON_MAX}
          value={reason}
          aria-required
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint${problem !== null ? ` ${id}-error` : ''}`}
          onChange={(e) => setReason(e.target.value)}
        />
        {problem !== null && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="button danger" aria-busy={busy} disabled={busy}>
          {busy ? 'Saving…' : 'Abandon run'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setOpen(false);
            setProblem(null);
            requestAnimationFrame(() => openerRef.current?.focus());
          }}
        >
          Keep working
        </button>
      </div>
    </form>
  );
}
