import {
  ABANDONED_EVENT,
  FINISHED_EVENT,
  isFinished,
  mergeStatus,
  progressOf,
  STARTED_EVENT,
  stepValueKey,
  validateAnswers,
} from '../domain';
import { activityEvent } from './activity-event';
import { findingsMetadata, partsMissingNotes, projectRunFacts } from './run-facts';
import type {
  ActivityEvent,
  CompletionSnapshot,
  ChecklistDefinition,
  Definition,
  FormDefinition,
  Instance,
  ProcedureDefinition,
  Timestamp,
} from '../domain';

/** R10: a finished run is read-only; "run again" makes a new instance. */
export const isReadOnly = (instance: Pick<Instance, 'status'>): boolean => isFinished(instance.status);

/** True when the snapshot holds any recorded write (a step unticked again still counts). */
export const hasAnyWrite = (snapshot: CompletionSnapshot): boolean =>
  Object.keys(snapshot.done).length > 0 || Object.keys(snapshot.values).length > 0;

/**
 * R11: the instance row after an edit. Progress follows the snapshot; status only moves up
 * (not_started -> in_progress on the first edit, with startedAt); lastActivityAt never goes back.
 * A finished instance is returned unchanged.
 */
export function projectInstance(
  instance: Instance,
  definition: Definition,
  snapshot: CompletionSnapshot,
  now: Timestamp,
  edited: boolean = hasAnyWrite(snapshot),
): Instance {
  if (isFinished(instance.status)) return instance;
  const next: Instance = { ...projectRunFacts(instance, definition, snapshot), progress: progressOf(instance.contentType, definition, snapshot).fraction };
  if (edited) {
    next.status = mergeStatus(instance.status, 'in_progress');
    next.startedAt = instance.startedAt ?? now;
    next.lastActivityAt = Math.max(instance.lastActivityAt, now);
  }
  return next;
}

/** R13: the one started event of an instance (deterministic id, so two devices record one event). */
export const startedEvent = (instance: Instance, now: Timestamp): ActivityEvent => activityEvent(instance, STARTED_EVENT[instance.contentType], now);

export type FinishRefusal =
  | { readonly ok: false; readonly reason: 'already_finished' }
  /** Required steps/items not done (ids). */
  | { readonly ok: false; readonly reason: 'required_missing'; readonly missing: readonly string[] }
  /** Field key -> message, for form fields or the fields of done steps. */
  | { readonly ok: false; readonly reason: 'invalid_answers'; readonly errors: Readonly<Record<string, string>> }
  /** R30: flagged answers that need a note about what was found and have none (part ids). */
  | { readonly ok: false; readonly reason: 'note_missing'; readonly parts: readonly string[] };

export type FinishResult = { readonly ok: true; readonly instance: Instance; readonly events: readonly ActivityEvent[] } | FinishRefusal;

function requiredMissing(instance: Instance, definition: Definition, snapshot: CompletionSnapshot): string[] {
  if (instance.contentType === 'procedure') {
    return (definition as ProcedureDefinition).steps.filter((s) => s.required && snapshot.done[s.id] !== true).map((s) => s.id);
  }
  if (instance.contentType === 'checklist') {
    return (definition as ChecklistDefinition).sections.flatMap((sec) => sec.items.filter((i) => i.required && snapshot.done[i.id] !== true).map((i) => i.id));
  }
  return [];
}

function answerErrors(instance: Instance, definition: Definition, snapshot: CompletionSnapshot): Record<string, string> {
  if (instance.contentType === 'form') return validateAnswers((definition as FormDefinition).fields, snapshot.values);
  if (instance.contentType !== 'procedure') return {};
  // The fields of a step are checked once the step is done: a done step must carry valid answers.
  const errors: Record<string, string> = {};
  for (const step of (definition as ProcedureDefinition).steps) {
    if (snapshot.done[step.id] !== true || step.fields === undefined) continue;
    Object.assign(errors, validateAnswers(step.fields, snapshot.values, (f) => stepValueKey(step.id, f.id)));
  }
  return errors;
}

/**
 * R12: finish a run. A procedure or checklist completes only when every required step/item is
 * done (and done steps' fields are valid); a form is submitted only when its answers validate.
 * Returns the finished row and the activity event to record with it.
 */
export function finishInstance(
  instance: Instance,
  definition: Definition,
  snapshot: CompletionSnapshot,
  now: Timestamp,
  /** Whether a part has a note (the notes log, which the snapshot does not hold); R30. */
  hasNote: (partId: string) => boolean = () => false,
): FinishResult {
  if (isFinished(instance.status)) return { ok: false, reason: 'already_finished' };
  const missing = requiredMissing(instance, definition, snapshot);
  if (missing.length > 0) return { ok: false, reason: 'required_missing', missing };
  const errors = answerErrors(instance, definition, snapshot);
  if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid_answers', errors };
  const noNote = partsMissingNotes(instance, definition, snapshot, hasNote);
  if (noNote.length > 0) return { ok: false, reason: 'note_missing', parts: noNote };

  const final = instance.contentType === 'form' ? 'submitted' : 'completed';
  const finished: Instance = {
    ...projectRunFacts(instance, definition, snapshot),
    status: mergeStatus(instance.status, final),
    progress: progressOf(instance.contentType, definition, snapshot).fraction,
    startedAt: instance.startedAt ?? now,
    lastActivityAt: Math.max(instance.lastActivityAt, now),
  };
  if (final === 'submitted') finished.submittedAt = instance.submittedAt ?? now;
  else finished.completedAt = instance.completedAt ?? now;
  // R17/R32: what the run found (flagged answers, readings outside their warning limits) travels with the finished event.
  const metadata = findingsMetadata(finished, definition, snapshot);
  return { ok: true, instance: finished, events: [activityEvent(finished, FINISHED_EVENT[instance.contentType], now, metadata)] };
}

export const ABANDON_REASON_MAX = 500;

export type AbandonResult =
  | { readonly ok: true; readonly instance: Instance; readonly events: readonly ActivityEvent[] }
  | { readonly ok: false; readonly reason: 'already_finished' | 'reason_missing' };

/**
 * R15: give a run up with a reason. `abandoned` is terminal (read-only, "start again" makes a new
 * instance) and merges by the lattice like the other final statuses; its event has a
 * deterministic id, so two devices abandoning one run record one event.
 */
export function abandonInstance(instance: Instance, reason: string, now: Timestamp): AbandonResult {
  if (isFinished(instance.status)) return { ok: false, reason: 'already_finished' };
  const why = reason.trim().slice(0, ABANDON_REASON_MAX);
  if (why === '') return { ok: false, reason: 'reason_missing' };
  const abandoned: Instance = {
    ...instance,
    status: mergeStatus(instance.status, 'abandoned'),
    abandonedAt: instance.abandonedAt ?? now,
    abandonReason: why,
    lastActivityAt: Math.max(instance.lastActivityAt, now),
  };
  return { ok: true, instance: abandoned, events: [activityEvent(abandoned, ABANDONED_EVENT, now, { reason: why })] };
}
