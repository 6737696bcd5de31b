import { useMemo, useState } from 'react';
import type { FinishRefusal } from '../../completion';
import type { FieldbookDB } from '../../db';
import { checkRun, responsePartsOf } from '../../domain';
import type { ChecklistDefinition, ChecklistItem } from '../../domain';
import { ProgressBar } from '../shared/ProgressBar';
import { plural } from '../shared/format';
import { DoneToggle } from './DoneToggle';
import { FieldInput } from './FieldInput';
import { FinishBar } from './FinishBar';
import { NoteEditor } from './NoteEditor';
import { HiddenAnswers } from './HiddenAnswers';
import { hasNote } from './part-answers';
import { ResponseButtons } from './ResponseButtons';
import { savePosition } from '../../runs/run-position';
import { useLogic } from './use-logic';
import type { OpenRun } from './use-run';
import './run.css';

interface ChecklistRunnerProps {
  readonly run: OpenRun;
  readonly definition: ChecklistDefinition;
  readonly readOnly: boolean;
  readonly db: FieldbookDB;
  readonly userId: string;
}

/**
 * Header fields (what the run is about), then sections of items: one tap to check a tick item,
 * response buttons for an item that answers with a response set, progress per section and overall.
 */
export function ChecklistRunner({ run, definition, readOnly, db, userId }: ChecklistRunnerProps) {
  const model = run.session.model;
  const snapshot = model.snapshot();
  // Under the version's rules: hidden sections and items are not shown and do not count (their answers stay).
  const logic = useLogic(run);
  const check = checkRun('checklist', definition, snapshot, logic);
  const overall = check.progress;
  const perSection = check.perSection;
  const responses = useMemo(() => new Map(responsePartsOf('checklist', definition).map((p) => [p.id, p])), [definition]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const items = definition.sections.flatMap((s) => s.items);
  const labelsOf = (ids: readonly string[]): string => items.filter((i) => ids.includes(i.id)).map((i) => i.label).join('; ');

  // A tick-only checklist keeps its words; one with response buttons or header fields speaks of answers.
  const verb = responses.size === 0 && (definition.fields ?? []).length === 0 ? 'checked' : 'answered';
  const blockedBy = check.missing.length === 0 ? undefined : `${plural(check.missing.length, 'required item')} not ${verb} yet.`;
  const onRefused = (r: FinishRefusal): void => {
    if (r.reason === 'already_finished') return;
    if (r.reason === 'note_missing') setRefusal(`Add a note about what you found before completing: ${labelsOf(r.parts)}.`);
    else if (r.reason === 'photo_missing') setRefusal(`Add a photo of what you found before completing: ${labelsOf(r.parts)}.`);
    else if (r.reason === 'invalid_answers') setRefusal('Some answers at the top of the checklist are not valid yet.');
    else setRefusal(`Some required items are not ${verb} yet.`);
  };

  const renderItem = (item: ChecklistItem, required: boolean) => {
    const part = responses.get(item.id);
    const onChanged = (): void => savePosition(db, run.instance.id, item.id);
    if (part === undefined) {
      return <DoneToggle run={run} id={item.id} label={item.label} required={required} readOnly={readOnly} userId={userId} onChanged={onChanged} />;
    }
    const noted = hasNote(model, item.id);
    const flagged = part.set.responses.find((r) => r.id === snapshot.values[item.id])?.flagged === true;
    return (
      <>
        <ResponseButtons run={run} part={part} label={item.label} required={required} readOnly={readOnly} userId={userId} hasNote={noted} onChanged={onChanged} />
        {/* A note is asked for what was found; an item keeps showing its notes once it has any. */}
        {(flagged || noted) && <NoteEditor run={run} stepId={item.id} readOnly={readOnly} userId={userId} noun="item" />}
      </>
    );
  };

  return (
    <div className="checklist-runner">
      <ProgressBar fraction={overall.fraction} label={verb === 'checked' ? `${overall.done} of ${plural(overall.total, 'item')} checked` : `${overall.done} of ${overall.total} answered`} />
      <HiddenAnswers count={logic.hiddenAnswered().length} />
      {(definition.fields ?? []).length > 0 && (
        <section className="checklist-section panel" aria-label="About this run">
          {(definition.fields ?? []).map((field) => (
            <FieldInput key={field.id} run={run} field={field} valueKey={field.id} readOnly={readOnly} forceErrors={refusal !== null} userId={userId} logic={logic} />
          ))}
        </section>
      )}
      {definition.sections.filter((section) => logic.isVisible(section.id)).map((section) => {
        const p = perSection.get(section.id);
        const headingId = `section-${section.id}`;
        return (
          <section key={section.id} className="checklist-section panel" aria-labelledby={headingId}>
            <div className="section-head">
              <h2 id={headingId}>{section.title}</h2>
              {p !== undefined && (
                <p className={`section-count${p.done === p.total ? ' is-complete' : ''}`}>
                  {p.done} of {p.total} {verb}
                </p>
              )}
            </div>
            <ul className="check-list">
              {section.items
                .filter((item) => logic.isVisible(item.id))
                .map((item) => (
                  <li key={item.id}>{renderItem(item, logic.isRequired(item.id))}</li>
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
