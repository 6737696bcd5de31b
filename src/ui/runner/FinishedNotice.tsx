import { useState } from 'react';
import { StorageError } from '../../completion';
import type { Instance } from '../../domain';

interface FinishedNoticeProps {
  readonly status: Instance['status'];
  /** What follows "Submitted." / "Completed.". */
  readonly message: string;
  /** The button that starts the next run: "Run again", "Start again". */
  readonly againLabel: string;
  /** Starts the next run and opens it; resolves to a message to show when it could not. */
  readonly startAgain: () => Promise<string | undefined>;
}

const FINISHED_WORD: Record<Instance['status'], string> = {
  not_started: 'Not started.',
  in_progress: 'In progress.',
  abandoned: 'Abandoned.',
  completed: 'Completed.',
  submitted: 'Submitted.',
};

/** Shown in place of the save bar once a run is finished, with a button to start another. */
export function FinishedNotice({ status, message, againLabel, startAgain }: FinishedNoticeProps) {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const again = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      const failure = await startAgain();
      if (failure !== undefined) setError(failure);
    } catch (e) {
      setError(StorageError.from(e).message);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div className="finished-notice">
      <p role="status">
        <strong>{FINISHED_WORD[status]}</strong> {message}
      </p>
      <button type="button" className="button primary large" disabled={starting} onClick={() => void again()}>
        {starting ? 'Starting…' : againLabel}
      </button>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
