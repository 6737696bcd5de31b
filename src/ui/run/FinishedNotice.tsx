import { useEffect, useRef, useState } from 'react';
import { StorageError } from '../../completion';
import type { Instance } from '../../domain';
import { formatWhen } from '../shared/time';
import './run.css';

interface FinishedNoticeProps {
  readonly row: Instance;
  /** The run was finished while on screen: bring the notice into view and move focus to it. */
  readonly justFinished: boolean;
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

const minutes = (ms: number): string => {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

/** "Completed 14:02 · took 12 min · 100% answered": what a person checks after finishing. */
export function finishedSummary(row: Instance, now: number = Date.now()): string {
  const at = row.status === 'abandoned' ? row.abandonedAt : (row.submittedAt ?? row.completedAt);
  const parts: string[] = [];
  if (at !== undefined) parts.push(`${FINISHED_WORD[row.status].slice(0, -1)} ${formatWhen(at, now)}`);
  if (at !== undefined && row.startedAt !== undefined) parts.push(`took ${minutes(at - row.startedAt)}`);
  if (row.progress !== undefined) parts.push(`${Math.round(row.progress * 100)}% answered`);
  return parts.join(' · ');
}

/** Shown in place of the save bar once a run is finished, with a button to start another. */
export function FinishedNotice({ row, justFinished, status, message, againLabel, startAgain }: FinishedNoticeProps) {
  const ref = useRef<HTMLDivElement>(null);
  // After Complete/Submit at the bottom of a long run the notice is off-screen: show it, and put
  // focus on it so keyboard and screen-reader users are not left on <body>.
  useEffect(() => {
    if (!justFinished) return;
    ref.current?.scrollIntoView({ block: 'center' });
    ref.current?.focus({ preventScroll: true });
  }, [justFinished]);
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
    <div className="finished-notice" ref={ref} tabIndex={-1} aria-labelledby="finished-notice-text">
      <p role="status" id="finished-notice-text">
        <strong>{FINISHED_WORD[status]}</strong> {message}
      </p>
      <p className="finished-summary">{finishedSummary(row)}</p>
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
