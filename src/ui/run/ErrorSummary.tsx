import { useId } from 'react';
import type { RunProblem } from '../../domain';
import { plural } from '../shared/format';
import './run.css';
import './logic.css';

interface ErrorSummaryProps {
  /** Every problem in definition order (`checkRun(...).problems`). */
  readonly problems: readonly RunProblem[];
  /** Show the field (turn to its page) and put focus on it. */
  readonly onSelect: (problem: RunProblem) => void;
  /** What waits for the fixes: "this form can be submitted" (the default), "this procedure can be completed". */
  readonly blocks?: string;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "Injury › Row 2 › Hours lost: A day has only 24 hours." — where it is, what it is, what is wrong. */
export function describeProblem(problem: RunProblem): string {
  return `${[...problem.where, problem.label].join(' › ')}: ${capitalise(problem.message)}`;
}

/**
 * Every problem that stops the run from finishing, recomputed from the answers on each change
 * (a fixed field leaves at once), each a button that leads to its field, wherever it is.
 */
export function ErrorSummary({ problems, onSelect, blocks = 'this form can be submitted' }: ErrorSummaryProps) {
  const headingId = useId();
  if (problems.length === 0) return null;
  return (
    <div className="form-error error-summary" aria-labelledby={headingId}>
      <p id={headingId} role="alert">
        {plural(problems.length, 'field')} {problems.length === 1 ? 'needs' : 'need'} attention before {blocks}.
      </p>
      <ul className="problem-list">
        {problems.map((problem) => (
          <li key={problem.key}>
            <button type="button" className="link-button" onClick={() => onSelect(problem)}>
              {describeProblem(problem)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
