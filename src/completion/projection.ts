import {
  ABANDONED_EVENT,
  checkRun,
  FINISHED_EVENT,
  frozenCalculations,
  isFinished,
  logicStateOf,
  mergeStatus,
  photosMissing,
  STARTED_EVENT,
} from '../domain';
import type { ActivityEvent, CompletionSnapshot, Definition, Instance, Timestamp } from '../domain';
import { activityEvent } from './activity-event';
import { findingsMetadata, partsMissingNotes, projectRunFacts } from './run-facts';

/** R10: a finished run is read-only; "run again" makes a new instance. */
export const isReadOnly = (instance: Pick<Instance, 'status'>): boolean => isFinished(instance.status);

/** True when the snapshot holds any recorded write (a step unticked again still counts; so does an added row). */
export const hasAnyWrite = (snapshot: CompletionSnapshot): boolean =>
  Object.keys(snapshot.done).length > 0 ||
  Object.keys(snapshot.values).length > 0 ||
  Object.values(snapshot.rows ?? {}).some((rows) => (rows?.length ?? 0) > 0);

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
  const logic = logicStateOf(instance.contentType, definition, snapshot);
  const next: Instance = {
    ...projectRunFacts(instance, definition, snapshot, (key) => logic.isVisible(key), (key) => logic.valueOf(key)),
    progress: checkRun(instance.contentType, definition, snapshot, logic).progress.fraction,
  };
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
  | { readonly ok: false; readonly reason: 'note_missing'; readonly parts: readonly string[] }
  | { readonly ok: false; readonly reason: 'photo_missing'; readonly parts: readonly string[] };

export type FinishResult = { readonly ok: true; readonly instance: Instance; readonly events: readonly ActivityEvent[] } | FinishRefusal;

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
  const logic = logicStateOf(instance.contentType, definition, snapshot);
  const check = checkRun(instance.contentType, definition, snapshot, logic);
  // Required steps/items (required, or by a rule, and shown) not done yet.
  const missing = check.missing;
  if (missing.length > 0) return { ok: false, reason: 'required_missing', missing };
  // Every shown form field and repeat row, checklist header fields, the fields of done steps and
  // row counts outside min/max; hidden parts are left out, their answers kept in the doc.
  const errors = check.errors;
  if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid_answers', errors };
  const visible = (key: string): boolean => logic.isVisible(key);
  const noNote = partsMissingNotes(instance, definition, snapshot, hasNote, visible);
  if (noNote.length > 0) return { ok: false, reason: 'note_missing', parts: noNote };
  // R45: a flagged answer that asks for a photo of what was found has one.
  const noPhoto = photosMissing(instance.contentType, definition, snapshot, visible).map((a) => a.key);
  if (noPhoto.length > 0) return { ok: false, reason: 'photo_missing', parts: noPhoto };

  const final = instance.contentType === 'form' ? 'submitted' : 'completed';
  const finished: Instance = {
    ...projectRunFacts(instance, definition, snapshot, visible, (key) => logic.valueOf(key)),
    status: mergeStatus(instance.status, final),
    progress: check.progress.fraction,
    startedAt: instance.startedAt ?? now,
    lastActivityAt: Math.max(instance.lastActivityAt, now),
  };
  // Calculations are derived on read while the run is open; the finished record keeps what they were.
  const calculated = frozenCalculations(logic);
  if (Object.keys(calculated).length > 0) finished.calculated = calculated;
  if (final === 'submitted') finished.submittedAt = instance.submittedAt ?? now;
  else finished.completedAt = instance.completedAt ?? now;
  // R17/R32: what the run found (flagged answers, readings outside their warning limits) travels with the finished event.
  const metadata = findingsMetadata(finished, definition, snapshot, visible);
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
