import type { FieldbookDB } from '../../db';
import { ChecklistRunner } from './ChecklistRunner';
import { FlaggedSummary } from './FlaggedSummary';
import { FormRunner } from './FormRunner';
import { ProcedureRunner } from './ProcedureRunner';
import type { OpenRun } from './use-run';

interface ContentRunnerProps {
  readonly run: OpenRun;
  readonly readOnly: boolean;
  readonly db: FieldbookDB;
  /** Who writes the entries: the member's user id, or a recipient's session id. */
  readonly userId: string;
}

/** The runner for the content type of the run's pinned version. */
export function ContentRunner(props: ContentRunnerProps) {
  const { version } = props.run;
  const runner =
    version.contentType === 'procedure' ? (
    <ProcedureRunner {...props} definition={version.definition} />
    ) : version.contentType === 'checklist' ? (
      <ChecklistRunner {...props} definition={version.definition} />
    ) : (
      <FormRunner {...props} definition={version.definition} />
    );
  return (
    <>
      {runner}
      <FlaggedSummary run={props.run} />
    </>
  );
}
