import { useEffect, useRef, useState } from 'react';
import type { FinishRefusal } from '../../completion';
import type { FieldbookDB } from '../../db';
import { formProgress, validateAnswers } from '../../domain';
import type { FormDefinition } from '../../domain';
import { ProgressBar } from '../components/ProgressBar';
import { plural } from '../format';
import { FieldInput } from './FieldInput';
import { FinishBar } from './FinishBar';
import { savePosition } from './position';
import type { OpenRun } from './use-run';

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
  const [attempted, setAttempted] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  // After the problems have rendered beside their fields, put focus on the first one.
  useEffect(() => {
    if (focusRequest > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .has-error input')?.focus();
  }, [focusRequest]);
  const snapshot = run.session.model.snapshot();
  const progress = formProgress(definition, snapshot);

  const showProblems = (count: number): void => {
    setAttempted(true);
    setSummary(`${plural(count, 'field')} ${count === 1 ? 'needs' : 'need'} attention before this form can be submitted.`);
    setFocusRequest((n) => n + 1);
  };

  const check = (): boolean => {
    const errors = validateAnswers(definition.fields, run.session.model.snapshot().values);
    const count = Object.keys(errors).length;
    if (count === 0) {
      setSummary(null);
      return true;
    }
    showProblems(count);
    return false;
  };

  const onRefused = (r: FinishRefusal): void => {
    if (r.reason === 'invalid_answers') showProblems(Object.keys(r.errors).length);
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
      {summary !== null && !readOnly && (
        <p className="form-error" role="alert">
          {summary}
        </p>
      )}
      <FinishBar run={run} label="Submit" blockedBy={undefined} readOnly={readOnly} onRefused={onRefused} check={check} />
    </form>
  );
}
