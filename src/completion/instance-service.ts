import * as Y from 'yjs';
import type { ActivityEvent, AnswerValue, ContentDocument, EvidenceItem, DocumentVersion, Instance, InstanceId, SessionId, ShareLinkId, Timestamp, UserId } from '../domain';
import { InstanceDoc } from './instance-doc';
import type { DocPersistence } from './persistence';
import { abandonInstance, finishInstance, isReadOnly, projectInstance, startedEvent } from './projection';
import type { AbandonResult, FinishRefusal } from './projection';
import { flaggedEvents } from './run-facts';
import type { Slot } from './register';

/** The records this module writes; a subset of db's `RecordWrite`. */
export type CompletionWrite = { readonly kind: 'instance'; readonly value: Instance } | { readonly kind: 'activity'; readonly value: ActivityEvent };

/** Port to the record store: one call commits all its writes (and their outbox entries) together. */
export interface RecordWriter {
  writeRecords(writes: readonly CompletionWrite[]): Promise<void>;
}

export type Owner = { readonly userId: UserId } | { readonly sessionId: SessionId };

export interface StartInstanceInput {
  readonly document: ContentDocument;
  readonly documentVersion: DocumentVersion;
  readonly owner: Owner;
  readonly shareLinkId?: ShareLinkId;
  readonly now: Timestamp;
  readonly newId: () => string;
  readonly records: RecordWriter;
}

/** S1: create the instance record and its started event in one write. The doc is created on first open. */
export async function startInstance(input: StartInstanceInput): Promise<Instance> {
  const { document, documentVersion, owner, now } = input;
  const instance: Instance = {
    id: input.newId() as InstanceId,
    sourceDocumentId: document.id,
    documentVersionId: documentVersion.id,
    contentType: documentVersion.contentType,
    title: document.title,
    ...owner,
    status: 'not_started',
    progress: 0,
    createdAt: now,
    lastActivityAt: now,
  };
  if (input.shareLinkId !== undefined) instance.shareLinkId = input.shareLinkId;
  await input.records.writeRecords([
    { kind: 'instance', value: instance },
    { kind: 'activity', value: startedEvent(instance, now) },
  ]);
  return instance;
}

export type Edit =
  | { readonly kind: 'done'; readonly id: string; readonly done: boolean }
  | { readonly kind: 'value'; readonly key: string; readonly value: AnswerValue }
  | { readonly kind: 'settle'; readonly slot: Slot; readonly value: AnswerValue }
  /** R7: this device's note `noteId` on a step, whole ('' removes it). */
  | { readonly kind: 'note'; readonly stepId: string; readonly noteId: string; readonly text: string }
  /** R22: a new repeat row (id from `newRowId()`, so the UI can focus it), after `after` or at the end. */
  | { readonly kind: 'row-add'; readonly group: string; readonly rowId: string; readonly after?: string }
  /** R22: the row goes right before `before` (null or absent: at the end). */
  | { readonly kind: 'row-move'; readonly group: string; readonly rowId: string; readonly before?: string | null }
  | { readonly kind: 'row-delete'; readonly group: string; readonly rowId: string }
  | { readonly kind: 'row-restore'; readonly group: string; readonly rowId: string }
  /** R41: a photo, file, signature or location on the evidence field `key`. */
  | { readonly kind: 'evidence-add'; readonly key: string; readonly item: EvidenceItem }
  /** R42: soft removal of one evidence entry. */
  | { readonly kind: 'evidence-remove'; readonly key: string; readonly id: string };

export interface OpenInstanceInput {
  readonly instance: Instance;
  /** The version the instance pins. */
  readonly version: DocumentVersion;
  readonly persistence: DocPersistence;
  readonly records: RecordWriter;
  readonly device: string;
  /**
   * The person opening the run may only read it (an admin or a link's creator looking at
   * someone else's run). With a finished instance, opening writes nothing at all (R9, R19).
   */
  readonly readOnly?: boolean;
  readonly now?: () => number;
}

export interface OpenInstance {
  readonly model: InstanceDoc;
  /** The latest projected row written through this open instance. */
  readonly instance: Instance;
}

interface OpenInstanceState extends OpenInstance {
  instance: Instance;
  readonly version: DocumentVersion;
  readonly persistence: DocPersistence;
  readonly records: RecordWriter;
  readonly now: () => number;
  /** Edits run one after another so rows are written in the order the edits were made. */
  queue: Promise<unknown>;
}

const state = (opened: OpenInstance): OpenInstanceState => opened as OpenInstanceState;

/** S2: load the stored doc fully before returning (the sync provider connects after this). */
export async function openInstance(input: OpenInstanceInput): Promise<OpenInstance> {
  const { instance } = input;
  const doc = new Y.Doc({ gc: true });
  try {
    await input.persistence.load(doc);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  const readOnly = input.readOnly === true || isReadOnly(instance);
  const model = new InstanceDoc(doc, {
    device: input.device,
    by: instance.userId ?? instance.sessionId ?? 'unknown',
    readOnly,
    ...(input.now === undefined ? {} : { now: input.now }),
  });
  // R19: a run that may only be read is never written, not even its meta: the relay drops a
  // reader's updates, so they would wait to sync forever.
  if (!readOnly) model.initMeta({ instanceId: instance.id, documentVersionId: instance.documentVersionId, contentType: instance.contentType });
  const opened: OpenInstanceState = {
    model,
    instance,
    version: input.version,
    persistence: input.persistence,
    records: input.records,
    now: input.now ?? Date.now,
    queue: Promise.resolve(),
  };
  return opened;
}

function run<T>(opened: OpenInstanceState, task: () => Promise<T>): Promise<T> {
  const result = opened.queue.then(task);
  opened.queue = result.catch(() => undefined);
  return result;
}

/**
 * S3: apply one edit: the Yjs change, then wait until it is durable on this device, then write
 * the projected row. Resolves only after both are stored ("a tap is durable before the UI shows
 * it done"). Throws ReadOnlyError on a finished run, StorageError when storage fails.
 */
export async function applyEdit(opened: OpenInstance, edit: Edit): Promise<Instance> {
  const s = state(opened);
  // The doc change is made synchronously, so the UI's next read already shows it.
  applyToModel(s.model, edit);
  return run(s, async () => {
    await s.persistence.flushed();
    const snapshot = s.model.snapshot();
    const now = s.now();
    const next = projectInstance(s.instance, s.version.definition, snapshot, now, true);
    // R32: a flagged answer's event goes in the same write as the row that counts it.
    const events = isReadOnly(s.instance) ? [] : flaggedEvents(next, s.version.definition, snapshot, answeredKey(edit), now);
    await s.records.writeRecords([{ kind: 'instance', value: next }, ...events.map((value) => ({ kind: 'activity' as const, value }))]);
    s.instance = next;
    return next;
  });
}

/** The answer key an edit wrote (a value, or a settled value slot); undefined for ticks, notes and the rest. */
function answeredKey(edit: Edit): string | undefined {
  if (edit.kind === 'value') return edit.key;
  if (edit.kind === 'settle' && edit.slot.startsWith('v:')) return edit.slot.slice(2);
  return undefined;
}

function applyToModel(model: InstanceDoc, edit: Edit): void {
  switch (edit.kind) {
    case 'done':
      return model.setDone(edit.id, edit.done);
    case 'value':
      return model.setValue(edit.key, edit.value);
    case 'settle':
      return model.settle(edit.slot, edit.value);
    case 'note':
      return model.putNote(edit.stepId, edit.noteId, edit.text);
    case 'row-add':
      model.addRow(edit.group, edit.after, edit.rowId);
      return;
    case 'row-move':
      return model.moveRow(edit.group, edit.rowId, edit.before);
    case 'row-delete':
      return model.deleteRow(edit.group, edit.rowId);
    case 'row-restore':
      return model.restoreRow(edit.group, edit.rowId);
    case 'evidence-add':
      model.addEvidence(edit.key, edit.item);
      return;
    case 'evidence-remove':
      return model.removeEvidence(edit.key, edit.id);
  }
}

/** S4: finish the run (complete or submit): row + finished event in one write, then the model is read-only. */
export async function finish(opened: OpenInstance): Promise<{ ok: true; instance: Instance } | FinishRefusal> {
  const s = state(opened);
  return run(s, async () => {
    await s.persistence.flushed();
    const hasNote = (partId: string): boolean => s.model.legacyNote(partId).trim() !== '' || s.model.notes(partId).some((n) => n.text.trim() !== '');
    const result = finishInstance(s.instance, s.version.definition, s.model.snapshot(), s.now(), hasNote);
    if (!result.ok) return result;
    await s.records.writeRecords([{ kind: 'instance', value: result.instance }, ...result.events.map((value) => ({ kind: 'activity' as const, value }))]);
    s.instance = result.instance;
    s.model.setReadOnly(true);
    return { ok: true as const, instance: result.instance };
  });
}

/** S6: abandon the run with a reason: row + run_abandoned event in one write, then the model is read-only. */
export async function abandon(opened: OpenInstance, reason: string): Promise<{ ok: true; instance: Instance } | Extract<AbandonResult, { ok: false }>> {
  const s = state(opened);
  return run(s, async () => {
    await s.persistence.flushed();
    const result = abandonInstance(s.instance, reason, s.now());
    if (!result.ok) return result;
    await s.records.writeRecords([{ kind: 'instance', value: result.instance }, ...result.events.map((value) => ({ kind: 'activity' as const, value }))]);
    s.instance = result.instance;
    s.model.setReadOnly(true);
    return { ok: true as const, instance: result.instance };
  });
}

/** S5: a doc is open only while on screen: wait for pending work, stop persistence, destroy the doc. */
export async function closeInstance(opened: OpenInstance): Promise<void> {
  const s = state(opened);
  await s.queue;
  await s.persistence.destroy();
  s.model.doc.destroy();
}
