import {
  activityIdForPart,
  describeFlagged,
  describeFlaggedAnswers,
  FLAGGED_EVENT,
  findingsOf,
  flaggedAnswers,
  notesMissing,
  runNameOf,
  scoreOf,
} from '../domain';
import type { ActivityEvent, AnswerValue, CompletionSnapshot, Definition, FlaggedReading, Instance, IsVisible, Timestamp } from '../domain';
import { activityEvent } from './activity-event';

/**
 * R31/R33/R34: what the instance row says about the answers besides progress — the run's
 * `name` (title template), how many answers are `flagged`, and the `score` — projected from the
 * snapshot on every edit and frozen by finishing. Fields that do not apply are left out.
 */
export function projectRunFacts(
  row: Instance,
  definition: Definition,
  snapshot: CompletionSnapshot,
  visible?: IsVisible,
  /** What a reader sees for a key (calculated values, defaults: `LogicState.valueOf`), for the name. */
  valueOf?: (key: string) => AnswerValue | undefined,
): Instance {
  const next: Instance = { ...row };
  const name = runNameOf(row.contentType, definition, snapshot, valueOf);
  const flagged = findingsOf(row.contentType, definition, snapshot, visible).length;
  const score = scoreOf(row.contentType, definition, snapshot, visible);
  if (name === undefined) delete next.name;
  else next.name = name;
  // A run of a definition without responses or ranges keeps its row as before: no count at all.
  if (flagged === 0 && row.flagged === undefined) delete next.flagged;
  else next.flagged = flagged;
  if (score === undefined) delete next.score;
  else next.score = score;
  return next;
}

/**
 * R32: the `answer_flagged` event of the part `key` when its answer is now a flagged response.
 * The id is per (instance, part), so answering Fail again, or on another device, records nothing new.
 */
export function flaggedEvents(row: Instance, definition: Definition, snapshot: CompletionSnapshot, key: string | undefined, now: Timestamp): ActivityEvent[] {
  if (key === undefined) return [];
  const answer = flaggedAnswers(row.contentType, definition, snapshot).find((a) => a.key === key);
  if (answer === undefined) return [];
  const metadata = { partKey: key, part: answer.part.label, response: answer.response.label, ...(answer.part.within === undefined ? {} : { within: answer.part.within }) };
  return [activityEvent(row, FLAGGED_EVENT, now, metadata, activityIdForPart(FLAGGED_EVENT, row.id, key))];
}

/** R30: the flagged answers that need a note and have none (part ids), refusing finishing. */
export const partsMissingNotes = (row: Instance, definition: Definition, snapshot: CompletionSnapshot, hasNote: (partId: string) => boolean, visible?: IsVisible): string[] =>
  notesMissing(row.contentType, definition, snapshot, hasNote, visible).map((a) => a.key);

/**
 * R17/R32: what the finished event says about findings: `flagged` (flagged answers and readings
 * together), `flaggedReadings` (one line per reading, as before) and `flaggedAnswers` (one line
 * per flagged answer). Undefined when nothing was found, so old definitions' events are unchanged.
 */
export function findingsMetadata(row: Instance, definition: Definition, snapshot: CompletionSnapshot, visible?: IsVisible): ActivityEvent['metadata'] {
  const found = findingsOf(row.contentType, definition, snapshot, visible);
  if (found.length === 0) return undefined;
  const readings: FlaggedReading[] = found.flatMap((f) => (f.kind === 'reading' ? [f.reading] : []));
  const answers = found.flatMap((f) => (f.kind === 'response' ? [f] : []));
  return {
    flagged: found.length,
    ...(readings.length === 0 ? {} : { flaggedReadings: describeFlagged(readings).slice(0, 2000) }),
    ...(answers.length === 0 ? {} : { flaggedAnswers: describeFlaggedAnswers(answers).slice(0, 2000) }),
  };
}
