import { useEffect, useMemo, useRef, useState } from 'react';
import type { FinishRefusal } from '../../completion';
import { checkRun, responseOf, responsePartsOf, stepValueKey } from '../../domain';
import type { CompletionSnapshot } from '../../domain';
import type { ProcedureDefinition, Step } from '../../domain';
import { ProgressBar } from '../shared/ProgressBar';
import { plural } from '../shared/format';
import { DoneToggle } from './DoneToggle';
import { FieldInput } from './FieldInput';
import { FinishBar } from './FinishBar';
import { NoteEditor } from './NoteEditor';
import { hasNote, isAnswered, showPart, SHOW_PART_EVENT } from './part-answers';
import { RepeatGroup } from './RepeatGroup';
import { ResponseButtons } from './ResponseButtons';
import { savePosition } from '../../runs/run-position';
import { HiddenAnswers } from './HiddenAnswers';
import { useLogic } from './use-logic';
import type { OpenRun } from './use-run';
import type { FieldbookDB } from '../../db';
import './run.css';

interface ProcedureRunnerProps {
  readonly run: OpenRun;
  readonly definition: ProcedureDefinition;
  readonly readOnly: boolean;
  readonly db: FieldbookDB;
  readonly userId: string;
}

const FIRST_INVALID = '[aria-invalid="true"], .has-error input';

/**
 * What would stop `step` from being done: the run's check with the step counted as done (a
 * done step's fields must be valid), under the rules: hidden fields, constraints, and each
 * repeat row with the group's min/max rows. Keys inside the step only.
 */
function stepErrors(definition: ProcedureDefinition, step: Step, snapshot: CompletionSnapshot): string[] {
  const asDone: CompletionSnapshot = { ...snapshot, done: { ...snapshot.done, [step.id]: true } };
  const errors = checkRun('procedure', definition, asDone).errors;
  return Object.keys(errors).filter((key) => key === step.id || key.startsWith(`${step.id}.`));
}

/** One step at a time, with back/next, an overview of every step, and the finish button. */
export function ProcedureRunner({ run, definition, readOnly, db, userId }: ProcedureRunnerProps) {
  const model = run.session.model;
  const snapshot = model.snapshot();
  // Under the version's rules: a hidden step is not shown and does not count (its answers stay).
  const logic = useLogic(run);
  const steps = definition.steps.filter((s) => logic.isVisible(s.id));
  const check = checkRun('procedure', definition, snapshot, logic);
  const progress = check.progress;
  const responses = useMemo(() => new Map(responsePartsOf('procedure', definition).map((p) => [p.id, p])), [definition]);
  const [index, setIndex] = useState(() => Math.max(0, steps.findIndex((s) => s.id === run.position)));
  const [overviewOpen, setOverviewOpen] = useState(false);
  /** Steps whose fields must show every problem (the user tried to tick them, or finishing found one). */
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [refusal, setRefusal] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  // After the problems have rendered, put focus on the first one.
  useEffect(() => {
    if (focusRequest > 0) panelRef.current?.querySelector<HTMLElement>(FIRST_INVALID)?.focus();
  }, [focusRequest]);

  // The "Found" summary asks for a part by key: go to the step holding it, then show it.
  const [showRequest, setShowRequest] = useState<string | null>(null);
  useEffect(() => {
    const onShow = (e: Event): void => {
      const key = (e as CustomEvent<string>).detail;
      const at = steps.findIndex((s) => key === s.id || key.startsWith(`${s.id}.`));
      if (at < 0) return;
      setIndex(at);
      setShowRequest(key);
    };
    window.addEventListener(SHOW_PART_EVENT, onShow);
    return () => window.removeEventListener(SHOW_PART_EVENT, onShow);
  }, [steps]);
  useEffect(() => {
    if (showRequest !== null) showPart(showRequest);
  }, [showRequest, index]);

  const current = Math.min(index, steps.length - 1);
  const step = steps[current];
  if (step === undefined) return null;

  const go = (next: number): void => {
    const target = steps[next];
    if (target === undefined) return;
    setIndex(next);
    setOverviewOpen(false);
    savePosition(db, run.instance.id, target.id);
    // Move focus to the new step's title so keyboard and screen-reader users start there.
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  const focusFirstInvalid = (): void => setFocusRequest((n) => n + 1);

  const canTick = async (): Promise<boolean> => {
    await run.tracker.idle();
    if (stepErrors(definition, step, model.snapshot()).length === 0) return true;
    setChecked((prev) => new Set(prev).add(step.id));
    focusFirstInvalid();
    return false;
  };

  const onRefused = (r: FinishRefusal): void => {
    if (r.reason === 'already_finished') return;
    if (r.reason === 'required_missing') {
      setRefusal(`Some required steps are not done yet.`);
      const first = steps.findIndex((s) => r.missing.includes(s.id));
      if (first >= 0) go(first);
      return;
    }
    if (r.reason === 'note_missing' || r.reason === 'photo_missing') {
      const what = r.reason === 'note_missing' ? 'a note about' : 'a photo of';
      setRefusal(`Add ${what} what you found: ${steps.filter((s) => r.parts.includes(s.id)).map((s) => s.title).join('; ')}.`);
      const first = steps.findIndex((s) => r.parts.includes(s.id));
      if (first >= 0) go(first);
      return;
    }
    const bad = steps.filter((s) => (s.fields ?? []).some((f) => r.errors[stepValueKey(s.id, f.id)] !== undefined));
    setChecked(new Set(bad.map((s) => s.id)));
    setRefusal('Some answers in done steps are not valid. Fix them to complete the procedure.');
    const first = bad[0];
    if (first !== undefined) go(steps.indexOf(first));
  };

  const missing = steps.filter((s) => check.missing.includes(s.id));
  const blockedBy =
    missing.length === 0
      ? undefined
      : `${plural(missing.length, 'required step')} not done yet: ${missing
          .slice(0, 3)
          .map((s) => s.title)
          .join('; ')}${missing.length > 3 ? '; …' : '.'}`;
  // Steps with a slot written on two devices at once: flagged in the overview until settled.
  const conflicted = new Set(
    model
      .conflictKeys()
      .map((slot) => steps.find((s) => slot === `d:${s.id}` || slot === `v:${s.id}` || slot.startsWith(`v:${s.id}.`))?.id)
      .filter((id): id is string => id !== undefined),
  );
  const stepPart = responses.get(step.id);
  const stepDoneError = checked.has(step.id) && stepErrors(definition, step, snapshot).length > 0;

  return (
    <div className="procedure-runner">
      <ProgressBar fraction={progress.fraction} label={`${progress.done} of ${plural(progress.total, 'step')} done`} />
      <HiddenAnswers count={logic.hiddenAnswered().length} />

      <div className="procedure-layout">
        <nav className={`step-overview${overviewOpen ? ' is-open' : ''}`} aria-label="All steps">
          <button type="button" className="button overview-toggle" aria-expanded={overviewOpen} onClick={() => setOverviewOpen((o) => !o)}>
            {overviewOpen ? 'Hide all steps' : 'Show all steps'}
          </button>
          <ol className="overview-list">
            {steps.map((s, i) => {
              const done = isAnswered(s.id, responses, snapshot);
              const conflict = conflicted.has(s.id);
              const part = responses.get(s.id);
              const flagged = part !== undefined && responseOf(part, snapshot.values[s.id])?.flagged === true;
              return (
                <li key={s.id}>
                  <button type="button" className={`overview-step${done ? ' is-done' : ''}${conflict ? ' has-conflict' : ''}`} aria-current={i === current ? 'step' : undefined} onClick={() => go(i)}>
                    <span className="overview-mark" aria-hidden="true">
                      {done ? '✓' : i + 1}
                    </span>
                    <span className="overview-title">
                      {s.title}
                      <span className="visually-hidden">
                        {done ? ', done' : ', not done'}
                        {logic.isRequired(s.id) ? ', required' : ''}
                      </span>
                    </span>
                    {flagged && <span className="tag flagged-tag">Flagged</span>}
                    {conflict && (
                      <span className="overview-conflict">
                        Changed on two devices<span className="visually-hidden">: choose a value</span>
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>

        <section className="step-panel panel" aria-labelledby="step-title" ref={panelRef}>
          <p className="step-count">
            Step {current + 1} of {steps.length}
          </p>
          <div className="step-head">
            <h2 id="step-title" ref={headingRef} tabIndex={-1}>
              {step.title}
            </h2>
            {logic.isRequired(step.id) ? <span className="tag">Required</span> : <span className="tag optional">Optional</span>}
          </div>
          {step.body !== undefined && <p className="step-body">{step.body}</p>}

          {/* A step whose fields repeat shows one card per row (one per defect, per person). */}
          {step.repeat !== undefined ? (
            <RepeatGroup
              key={`rows-${step.id}`}
              run={run}
              group={step.id}
              repeat={step.repeat}
              fields={step.fields ?? []}
              logic={logic}
              readOnly={readOnly}
              forceErrors={checked.has(step.id)}
              userId={userId}
            />
          ) : (
            (step.fields ?? []).map((field) => (
              <FieldInput
                key={`${step.id}.${field.id}`}
                run={run}
                field={field}
                valueKey={stepValueKey(step.id, field.id)}
                readOnly={readOnly}
                forceErrors={checked.has(step.id)}
                userId={userId}
                logic={logic}
              />
            ))
          )}

          {stepPart !== undefined ? (
            <ResponseButtons key={step.id} run={run} part={stepPart} label="Answer" required={false} readOnly={readOnly} userId={userId} hasNote={hasNote(model, step.id)} />
          ) : (
            <DoneToggle key={step.id} run={run} id={step.id} label="Step done" required={false} readOnly={readOnly} userId={userId} canTick={canTick} />
          )}
          {stepDoneError && (
            <p className="field-error" role="alert">
              Fill in the fields of this step correctly before marking it done.
            </p>
          )}

          <NoteEditor key={`note-${step.id}`} run={run} stepId={step.id} readOnly={readOnly} userId={userId} />

          <div className="step-nav">
            <button type="button" className="button large" disabled={current === 0} onClick={() => go(current - 1)}>
              Back
            </button>
            <button type="button" className="button large primary" disabled={current === steps.length - 1} onClick={() => go(current + 1)}>
              Next
            </button>
          </div>
        </section>
      </div>

      {refusal !== null && !readOnly && (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      )}
      <FinishBar run={run} label="Complete procedure" blockedBy={blockedBy} readOnly={readOnly} onRefused={onRefused} />
    </div>
  );
}
