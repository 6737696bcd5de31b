import type { FormSection as Section, LogicState, Progress } from '../../domain';
import { FieldInput } from './FieldInput';
import { RepeatGroup } from './RepeatGroup';
import type { OpenRun } from './use-run';
import './run.css';
import './logic.css';

interface FormSectionProps {
  readonly run: OpenRun;
  readonly section: Section;
  readonly logic: LogicState;
  /** This section's progress (`checkRun(...).perSection`). */
  readonly progress: Progress | undefined;
  readonly readOnly: boolean;
  readonly forceErrors: boolean;
  readonly userId: string;
}

/** "3 of 5 answered" for a section, or a repeat group's row count. */
export const sectionCount = (p: Progress): string => `${p.done} of ${p.total} answered`;

/** One section of a form: its title, what it is for, how far it is, and its fields (a repeat group's rows). */
export function FormSection({ run, section, logic, progress, readOnly, forceErrors, userId }: FormSectionProps) {
  const headingId = `section-${section.id}`;
  return (
    <section className="form-section panel" aria-labelledby={headingId} data-section={section.id}>
      <div className="section-head">
        <h2 id={headingId} tabIndex={-1}>
          {section.title}
        </h2>
        {progress !== undefined && progress.total > 0 && (
          <p className={`section-count${progress.done === progress.total ? ' is-complete' : ''}`}>{sectionCount(progress)}</p>
        )}
      </div>
      {section.description !== undefined && <p className="section-description">{section.description}</p>}
      {section.repeat !== undefined ? (
        <RepeatGroup run={run} group={section.id} repeat={section.repeat} fields={section.fields} logic={logic} readOnly={readOnly} forceErrors={forceErrors} userId={userId} />
      ) : (
        section.fields.map((field) => (
          <FieldInput key={field.id} run={run} field={field} valueKey={field.id} readOnly={readOnly} forceErrors={forceErrors} userId={userId} logic={logic} />
        ))
      )}
    </section>
  );
}
