import { useState } from 'react';
import type { FinishRefusal } from '../../completion';
import type { FieldbookDB } from '../../db';
import { checklistProgress, sectionProgress } from '../../domain';
import type { ChecklistDefinition } from '../../domain';
import { ProgressBar } from '../shared/ProgressBar';
import { plural } from '../shared/format';
import { DoneToggle } from './DoneToggle';
import { FinishBar } from './FinishBar';
import { savePosition } from '../../runs/run-position';
import type { OpenRun } from './use-run';
import './run.css';

interface ChecklistRunnerProps {
  readonly run: OpenRun;
  readonly definition: ChecklistDefinition;
  readonly readOnly: boolean;
  readonly db: FieldbookDB;
  readonly userId: string;
}

/** Sections of items, one tap to check each, progress per section and overall. */
export function ChecklistRunner({ run, definition, readOnly, db, userId }: ChecklistRunnerProps) {
  const snapshot = run.session.model.snapshot();
  const overall = checklistProgress(definition, snapshot);
  const perSection = sectionProgress(definition, snapshot);
  const [refusal, setRefusal] = useState<string | null>(null);

  const missing = definition.sections.flatMap((s) => s.items).filter((i) => i.required && snapshot.done[i.id] !== true);
  const blockedBy = missing.length === 0 ? undefined : `${plural(missing.length, 'required item')} not checked yet.`;
  const onRefused = (r: FinishRefusal): void => {
    if (r.reason !== 'already_finished') setRefusal('Some required items are not checked yet.');
  };

  return (
    <div className="checklist-runner">
      <ProgressBar fraction={overall.fraction} label={`${overall.done} of ${plural(overall.total, 'item')} checked`} />
      {definition.sections.map((section) => {
        const p = perSection.get(section.id);
        const headingId = `section-${section.id}`;
        return (
          <section key={section.id} className="checklist-section panel" aria-labelledby={headingId}>
            <div className="section-head">
              <h2 id={headingId}>{section.title}</h2>
              {p !== undefined && (
                <p className={`section-count${p.done === p.total ? ' is-complete' : ''}`}>
                  {p.done} of {p.total} checked
                </p>
              )}
            </div>
            <ul className="check-list">
              {section.items.map((item) => (
                <li key={item.id}>
                  <DoneToggle
                    run={run}
                    id={item.id}
                    label={item.label}
                    required={item.required}
                    readOnly={readOnly}
                    userId={userId}
                    onChanged={() => savePosition(db, run.instance.id, item.id)}
                  />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {refusal !== null && !readOnly && (
        <p className="form-error" role="alert">
          {refusal}
        </p>
      )}
      <FinishBar run={run} label="Complete checklist" blockedBy={blockedBy} readOnly={readOnly} onRefused={onRefused} />
    </div>
  );
}
