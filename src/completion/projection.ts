import {
  ABANDONED_EVENT,
  activityIdFor,
  checkRun,
  describeFlagged,
  FINISHED_EVENT,
  flaggedReadings,
  frozenCalculations,
  isFinished,
  logicStateOf,
  mergeStatus,
  STARTED_EVENT,
} from '../domain';
import type { ActivityEvent, ActivityType, CompletionSnapshot, Definition, Instance, Timestamp } from '../domain';

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
  const next: Instance = { ...instance, progress: progressFraction(instance, definition, snapshot) };
  if (edited) {
    next.status = mergeStatus(instance.status, 'in_progress');
    next.startedAt = instance.startedAt ?? now;
    next.lastActivityAt = Math.max(instance.lastActivityAt, now);
  }
  return next;
}

/** R11: progress under the definition's rules (hidden parts left out, calculated fields never asked for). */
const progressFraction = (instance: Instance, definition: Definition, snapshot: CompletionSnapshot): number =>
  checkRun(instance.contentType, definition, snapshot).progress.fraction;

function activityEvent(instance: Instance, type: ActivityType, now: Timestamp, metadata?: ActivityEvent['metadata']): ActivityEvent {
  const event: ActivityEvent = {
    id: activityIdFor(type, instance.id),
    type,
    documentId: instance.sourceDocumentId,
    instanceId: instance.id,
    title: instance.title,
    createdAt: now,
  };
  if (instance.userId !== undefined) event.userId = instance.userId;
  if (instance.sessionId !== undefined) event.sessionId = instance.sessionId;
  if (metadata !== undefined) event.metadata = metadata;
  return event;
}

/** R13: the one started event of an instance (deterministic id, so two devices record one event). */
export const startedEvent = (instance: Instance, now: Timestamp): ActivityEvent => activityEvent(instance, STARTED_EVENT[instance.contentType], now);

export type FinishRefusal =
  | { readonly ok: false; readonly reason: 'already_finished' }
  /** Required steps/items not done (ids). */
  | { readonly ok: false; readonly reason: 'required_missing'; readonly missing: readonly string[] }
  /** Field key -> message, for form fields or the fields of done steps. */
  | { readonly ok: false; readonly reason: 'invalid_answers'; readonly errors: Readonly<Record<string, string>> };

export type FinishResult = { readonly ok: true; readonly instance: Instance; readonly events: readonly ActivityEvent[] } | FinishRefusal;

/**
 * R12: finish a run. A procedure or checklist completes only when every required step/item is
 * done (and done steps' fields are valid); a form is submitted only when its answers validate.
 * Returns the finished row and the activity event to record with it.
 */
export function finishInstance(instance: Instance, definition: Definition, snapshot: CompletionSnapshot, now: Timestamp): FinishResult {
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

  const final = instance.contentType === 'form' ? 'submitted' : 'completed';
  const finished: Instance = {
    ...instance,
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
  // R14: readings recorded outside their warning limits travel with the finished event, so Activity shows them.
  const flags = flaggedReadings(instance.contentType, definition, snapshot);
  const metadata = flags.length === 0 ? undefined : { flagged: flags.length, flaggedReadings: describeFlagged(flags).slice(0, 2000) };
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
