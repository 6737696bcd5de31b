import { useEffect, useRef, useState } from 'react';
import type { FinishRefusal } from '../../completion';
import type { FieldbookDB } from '../../db';
import { checkRun } from '../../domain';
import type { FormDefinition, RunProblem } from '../../domain';
import { ProgressBar } from '../shared/ProgressBar';
import { plural } from '../shared/format';
import { ErrorSummary } from './ErrorSummary';
import { FieldInput } from './FieldInput';
import { FinishBar } from './FinishBar';
import { FormSection } from './FormSection';
import { HiddenAnswers } from './HiddenAnswers';
import { PageNav, SectionList } from './SectionPager';
import { savePosition } from '../../runs/run-position';
import { useLogic } from './use-logic';
import type { OpenRun } from './use-run';
import './run.css';
import './logic.css';

interface FormRunnerProps {
  readonly run: OpenRun;
  readonly definition: FormDefinition;
  readonly readOnly: boolean;
  readonly db: FieldbookDB;
  readonly userId: string;
}

/** A form with more sections than this shows one section per page. */
export const SECTIONS_PER_PAGE_AFTER = 3;

/** The section a key lives in: a section field, a repeat row's cell, a repeat group; undefined for a top-level field. */
export function sectionOfKey(definition: FormDefinition, key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  return (definition.sections ?? []).find(
    (s) => s.id === key || (s.repeat !== undefined ? key.startsWith(`${s.id}.`) : s.fields.some((f) => f.id === key)),
  )?.id;
}

/**
 * The form's top-level fields, then its sections (as panels, or one per page for a long
 * form), under the version's rules: hidden parts are not shown (their answers are kept and
 * said to be), calculated fields are read-only. "Submit" checks the whole form; the error
 * summary then lists every problem, each leading to its field.
 */
export function FormRunner({ run, definition, readOnly, db, userId }: FormRunnerProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const logic = useLogic(run);
  /** Submit was tried: from then on every problem shows, and the summary follows the answers. */
  const [attempted, setAttempted] = useState(false);
  const [focusRequest, setFocusRequest] = useState<{ readonly key: string | undefined; readonly n: number }>({ key: undefined, n: 0 });
  const allSections = definition.sections ?? [];
  const paged = allSections.length > SECTIONS_PER_PAGE_AFTER;
  const [pageId, setPageId] = useState(() => sectionOfKey(definition, run.position) ?? allSections[0]?.id);

  // After the problems (or the page) have rendered, put focus on the field asked for, else the first problem.
  useEffect(() => {
    if (focusRequest.n === 0) return;
    const form = formRef.current;
    const anchor = focusRequest.key === undefined ? null : form?.querySelector<HTMLElement>(`[data-anchor="${CSS.escape(focusRequest.key)}"]`);
    const target = anchor?.querySelector<HTMLElement>('input, select, textarea, button') ?? form?.querySelector<HTMLElement>('[aria-invalid="true"], .has-error input');
    target?.focus();
  }, [focusRequest]);

  const snapshot = run.session.model.snapshot();
  const check = checkRun('form', definition, snapshot, logic);
  const sections = allSections.filter((s) => logic.isVisible(s.id));
  const page = sections.find((s) => s.id === pageId) ?? sections[0];
  const shown = paged ? (page === undefined ? [] : [page]) : sections;
  const problems = attempted ? check.problems : [];

  const focusOn = (key: string | undefined): void => {
    const section = sectionOfKey(definition, key);
    if (paged && section !== undefined) setPageId(section);
    setFocusRequest((r) => ({ key, n: r.n + 1 }));
  };

  const showProblems = (found: readonly RunProblem[]): void => {
    setAttempted(true);
    focusOn(found[0]?.key);
  };

  const checkAll = (): boolean => {
    const found = checkRun('form', definition, run.session.model.snapshot()).problems;
    if (found.length === 0) return true;
    showProblems(found);
    return false;
  };

  const onRefused = (r: FinishRefusal): void => {
    if (r.reason === 'invalid_answers') showProblems(checkRun('form', definition, run.session.model.snapshot()).problems);
  };

  const turnTo = (id: string): void => {
    setPageId(id);
    savePosition(db, run.instance.id, id);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`#section-${CSS.escape(id)}`)?.focus());
  };

  const progress = check.progress;
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
      <HiddenAnswers count={logic.hiddenAnswered().length} />
      {definition.fields.length > 0 && (
        <div className="panel form-fields">
          {definition.fields.map((field) => (
            <FieldInput key={field.id} run={run} field={field} valueKey={field.id} readOnly={readOnly} forceErrors={attempted} userId={userId} logic={logic} />
          ))}
        </div>
      )}
      {paged && page !== undefined && <SectionList sections={sections} current={page.id} perSection={check.perSection} onTurn={turnTo} />}
      {shown.map((section) => (
        <FormSection
          key={section.id}
          run={run}
          section={section}
          logic={logic}
          progress={check.perSection.get(section.id)}
          readOnly={readOnly}
          forceErrors={attempted}
          userId={userId}
        />
      ))}
      {paged && page !== undefined && <PageNav sections={sections} current={page.id} onTurn={turnTo} />}
      {!readOnly && <ErrorSummary problems={problems} onSelect={(p) => focusOn(p.key)} />}
      <FinishBar run={run} label="Submit" blockedBy={undefined} readOnly={readOnly} onRefused={onRefused} check={checkAll} />
    </form>
  );
}
