import { useEffect, useId, useRef, useState } from 'react';
import type { FinishRefusal } from '../../completion';
import type { FieldbookDB } from '../../db';
import { formProgress, validateAnswers } from '../../domain';
import type { FormDefinition } from '../../domain';
import { ProgressBar } from '../shared/ProgressBar';
import { plural } from '../shared/format';
import { FieldInput } from './FieldInput';
import { FinishBar } from './FinishBar';
import { savePosition } from '../../runs/run-position';
import type { OpenRun } from './use-run';
import './run.css';

interface FormRunnerProps {
  readonly run: OpenRun;
  readonly definition: FormDefinition;
  readonly readOnly: boolean;
  readonly db: FieldbookDB;
  readonly userId: string;
}

/**
 * Every field of the form, validated as the user types; "Submit" validates the whole form
 * against the zod schema built from the definition and shows each problem beside its field.
 */
export function FormRunner({ run, definition, readOnly, db, userId }: FormRunnerProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const summaryId = useId();
  /** Submit was tried: from then on every problem shows, and the summary follows the answers. */
  const [attempted, setAttempted] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  // After the problems have rendered beside their fields, put focus on the first one.
  useEffect(() => {
    if (focusRequest > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .has-error input')?.focus();
  }, [focusRequest]);
  const snapshot = run.session.model.snapshot();
  const progress = formProgress(definition, snapshot);
  // Recomputed on every render (each edit re-renders the runner), so a fixed field leaves the summary at once.
  const errors = attempted ? validateAnswers(definition.fields, snapshot.values) : {};
  const problems = definition.fields.filter((f) => errors[f.id] !== undefined);

  const showProblems = (): void => {
    setAttempted(true);
    setFocusRequest((n) => n + 1);
  };

  const check = (): boolean => {
    const count = Object.keys(validateAnswers(definition.fields, run.session.model.snapshot().values)).length;
    if (count === 0) return true;
    showProblems();
    return false;
  };

  const onRefused = (r: FinishRefusal): void => {
    if (r.reason === 'invalid_answers') showProblems();
  };

  /** Put focus on a field's control (the first one, for a group of choices). */
  const focusField = (key: string): void => {
    const anchor = formRef.current?.querySelector<HTMLElement>(`[data-anchor="${CSS.escape(key)}"]`);
    anchor?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  };

  return (
    <form
      ref={formRef}
      className="form-runner"
      aria-labelledby="run-title"
      noValidate
      onSubmit={(e) => e.preventDefault()}
      onFocus={(e) => {
        const anchor = e.target.closest<HTMLElement>('[data-anchor]')?.dataset.anchor;
        if (anchor !== undefined && anchor !== run.position) savePosition(db, run.instance.id, anchor);
      }}
    >
      <ProgressBar fraction={progress.fraction} label={`${progress.done} of ${plural(progress.total, 'field')} answered`} />
      <div className="panel form-fields">
        {definition.fields.map((field) => (
          <FieldInput key={field.id} run={run} field={field} valueKey={field.id} readOnly={readOnly} forceErrors={attempted} userId={userId} />
        ))}
      </div>
      {problems.length > 0 && !readOnly && (
        <div className="form-error error-summary" aria-labelledby={summaryId}>
          <p id={summaryId} role="alert">
            {plural(problems.length, 'field')} {problems.length === 1 ? 'needs' : 'need'} attention before this form can be submitted.
          </p>
          <ul className="problem-list">
            {problems.map((field) => (
              <li key={field.id}>
                <button type="button" className="link-button" onClick={() => focusField(field.id)}>
                  {field.label}: {capitalise(errors[field.id] ?? '')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <FinishBar run={run} label="Submit" blockedBy={undefined} readOnly={readOnly} onRefused={onRefused} check={check} />
    </form>
  );
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
