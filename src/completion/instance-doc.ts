import type * as Y from 'yjs';
import type { AnswerValue, CompletionSnapshot, ContentType } from '../domain';
import { conflictsOf, doneSlot, InvalidKeyError, isCompletionKey, isDeviceId, latestPerDevice, nextEntry, parseEntry, sameValue, valueSlot, winnerOf } from './register';
import type { Slot, WriteEntry } from './register';
import { isNoteId, MAX_NOTE_LENGTH, NOTES, noteOf, ownEntryIndexes, readNotes } from './notes';
import type { StepNote } from './notes';
import { changedGroups, insertRow, markDeleted, newRowId, placeRow, readRows, rowsKey, rowsMap, snapshotRows } from './rows';
import type { RowInfo, RowsKey } from './rows';
import { changedEvidence, evidenceCounts, evidenceMap, evidenceMapName, putEvidence, readEvidence, removeEvidence } from './evidence';
import type { EvidenceEntry } from './evidence';
import type { EvidenceItem } from '../domain';

/** The shared types of an instance doc. Only root-level types: they merge by name (R7). */
export const WRITES = 'writes';
export const META = 'meta';
/** Before notes were a list (R7): a root Y.Text per step, still read. */
export const NOTE_PREFIX = 'note:';

export interface InstanceMeta {
  readonly instanceId: string;
  readonly documentVersionId: string;
  readonly contentType: ContentType;
}

export interface InstanceDocOptions {
  /** Stable id of this device (R1: it only ever writes keys ending in it). */
  readonly device: string;
  /** userId or sessionId of the person writing on this device. */
  readonly by: string;
  readonly now?: () => number;
  readonly readOnly?: boolean;
}

/** Who wrote a slot's current value, and when, for display. */
export interface LastWrite {
  readonly by: string;
  readonly device: string;
  readonly at: number;
}

export class ReadOnlyError extends Error {
  override readonly name = 'ReadOnlyError';
  constructor() {
    super('This run is finished and can no longer be changed.');
  }
}

/** Transaction origin of writes made through this model, so observers can tell local from remote. */
export const LOCAL_ORIGIN = Symbol('fieldbook-local-edit');

/** Parsed entries by their stored object: Yjs hands back the same object on every read. */
const parsedCache = new WeakMap<object, WriteEntry | null>();
function entryOf(raw: unknown): WriteEntry | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  let entry = parsedCache.get(raw);
  if (entry === undefined) {
    entry = parseEntry(raw) ?? null;
    parsedCache.set(raw, entry);
  }
  return entry ?? undefined;
}

/** Slots a transaction changed; a repeat group's rows changing is reported as `r:<group>` (R25). */
export type SlotsListener = (slots: ReadonlySet<Slot | RowsKey>, local: boolean) => void;

/**
 * The completion data of one instance over one Y.Doc (room `instance:<id>`). See SPEC.md.
 */
export class InstanceDoc {
  readonly doc: Y.Doc;
  private readonly writes: Y.Array<unknown>;
  /** Entries by slot, latest per device; rebuilt lazily after the log changes. */
  private index: Map<Slot, WriteEntry[]> | null = null;
  private readonly device: string;
  private readonly by: string;
  private readonly now: () => number;
  private readOnly: boolean;
  private readonly notesLog: Y.Array<unknown>;
  private notesIndex: Map<string, StepNote[]> | null = null;
  private readonly listeners = new Map<SlotsListener, () => void>();

  constructor(doc: Y.Doc, options: InstanceDocOptions) {
    if (!isDeviceId(options.device)) throw new InvalidKeyError('device id', options.device);
    this.doc = doc;
    this.writes = doc.getArray(WRITES);
    this.writes.observe(() => {
      this.index = null;
    });
    this.notesLog = doc.getArray(NOTES);
    this.notesLog.observe(() => {
      this.notesIndex = null;
    });
    this.device = options.device;
    this.by = options.by;
    this.now = options.now ?? Date.now;
    this.readOnly = options.readOnly ?? false;
  }

  /** R9: set once when the instance is created; later calls leave existing values alone. */
  initMeta(meta: InstanceMeta): void {
    const map = this.doc.getMap<string>(META);
    this.doc.transact(() => {
      for (const [k, v] of Object.entries(meta) as [keyof InstanceMeta, string][]) if (!map.has(k)) map.set(k, v);
    }, LOCAL_ORIGIN);
  }

  meta(): Partial<InstanceMeta> {
    const map = this.doc.getMap<unknown>(META);
    const out: { -readonly [K in keyof InstanceMeta]?: string } = {};
    for (const k of ['instanceId', 'documentVersionId', 'contentType'] as const) {
      const v = map.get(k);
      if (typeof v === 'string') out[k] = v;
    }
    return out as Partial<InstanceMeta>;
  }

  get isReadOnly(): boolean {
    return this.readOnly;
  }

  /** R10: a finished run refuses every write made through the model. */
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
  }

  setDone(id: string, done: boolean): void {
    this.write(doneSlot(id), done, false);
  }

  setValue(key: string, value: AnswerValue): void {
    this.write(valueSlot(key), value, false);
  }

  /** R5: the user picks a value for a slot in conflict; the write has seen every entry, so it clears the conflict. */
  settle(slot: Slot, value: AnswerValue): void {
    this.write(slot, value, true);
  }

  /** The winning value of a slot (R2), or undefined when nobody wrote it. */
  read(slot: Slot): AnswerValue | undefined {
    return winnerOf(this.entries(slot))?.value;
  }

  lastWrite(slot: Slot): LastWrite | undefined {
    const w = winnerOf(this.entries(slot));
    return w === undefined ? undefined : { by: w.by, device: w.device, at: w.at };
  }

  /** R3: the concurrent writes that lost to the winner, for the UI to show beside it. */
  conflicts(slot: Slot): WriteEntry[] {
    return conflictsOf(this.entries(slot));
  }

  conflictKeys(): Slot[] {
    return [...this.grouped()].filter(([, entries]) => conflictsOf(entries).length > 0).map(([slot]) => slot).sort();
  }

  /** Winners only, as the domain's plain view (R6). */
  snapshot(): CompletionSnapshot {
    const done: Record<string, boolean> = {};
    const values: Record<string, AnswerValue> = {};
    for (const [slot, entries] of this.grouped()) {
      const w = winnerOf(entries);
      if (w === undefined) continue;
      const key = slot.slice(2);
      if (slot.startsWith('d:')) done[key] = w.value === true;
      else values[key] = w.value;
    }
    // R43: an evidence field reads as the number of its live entries, whatever a register says.
    for (const key of Object.keys(values)) if (this.doc.share.has(evidenceMapName(key))) delete values[key];
    Object.assign(values, evidenceCounts(this.doc));
    const rows = snapshotRows(this.doc);
    return rows === undefined ? { done, values } : { done, values, rows };
  }

  /** R20: every row of a repeat group, deleted ones included, in order (R21). */
  rows(group: string): RowInfo[] {
    const map = rowsMap(this.doc, group);
    return map === undefined ? [] : readRows(map);
  }

  liveRows(group: string): string[] {
    return this.rows(group).filter((r) => !r.deleted).map((r) => r.id);
  }

  /** R22: add a row right after `after` (at the end by default); `rowId` lets the UI focus it. */
  addRow(group: string, after?: string, rowId: string = newRowId()): string {
    insertRow(this.doc, this.rowsForWrite(group), rowId, after, this.by, this.now(), LOCAL_ORIGIN);
    return rowId;
  }

  /** R22: put a row right before `before` (null/undefined: at the end). Nothing is written when it is already there. */
  moveRow(group: string, rowId: string, before?: string | null): void {
    placeRow(this.doc, this.rowsForWrite(group), rowId, before ?? null, LOCAL_ORIGIN);
  }

  /** R24: soft deletion; the row's cells stay in the doc, so `restoreRow` brings them back. */
  deleteRow(group: string, rowId: string): void {
    markDeleted(this.doc, this.rowsForWrite(group), rowId, { by: this.by, at: this.now() }, LOCAL_ORIGIN);
  }

  restoreRow(group: string, rowId: string): void {
    markDeleted(this.doc, this.rowsForWrite(group), rowId, null, LOCAL_ORIGIN);
  }

  private rowsForWrite(group: string): Y.Map<unknown> {
    this.assertWritable();
    const map = rowsMap(this.doc, group);
    if (map === undefined) throw new InvalidKeyError('repeat group', group);
    return map;
  }

  /** R40: a field's evidence, removed entries included, oldest first. */
  evidence(key: string): EvidenceEntry[] {
    if (!this.doc.share.has(evidenceMapName(key))) return [];
    const map = evidenceMap(this.doc, key);
    return map === undefined ? [] : readEvidence(map);
  }

  /** R41: attach a file, or sign, or record a location, on the field `key`. Returns the entry id. */
  addEvidence(key: string, item: EvidenceItem): string {
    const map = this.evidenceForWrite(key);
    let id = '';
    this.doc.transact(() => {
      id = putEvidence(map, item, this.by, this.now());
    }, LOCAL_ORIGIN);
    return id;
  }

  /** R42: soft removal; the reference stays in the doc, so nothing is lost. */
  removeEvidence(key: string, id: string): void {
    const map = this.evidenceForWrite(key);
    this.doc.transact(() => removeEvidence(map, id, this.by, this.now()), LOCAL_ORIGIN);
  }

  private evidenceForWrite(key: string): Y.Map<unknown> {
    this.assertWritable();
    const map = evidenceMap(this.doc, key);
    if (map === undefined) throw new InvalidKeyError('field key', key);
    return map;
  }

  /**
   * R7: a step's notes, oldest first: one entry per note, each with who and when. Notes written
   * on two tablets at once are two entries.
   */
  notes(stepId: string): StepNote[] {
    return this.allNotes().get(stepId) ?? [];
  }

  /**
   * R7: write this device's note `noteId` on a step (create or replace; '' removes it). Only
   * this device's own entries are replaced, so concurrent notes of others are kept. The new
   * entry is appended in the same transaction (R16: the state vector moves, deletions too).
   */
  putNote(stepId: string, noteId: string, text: string): void {
    this.assertWritable();
    if (!isCompletionKey(stepId)) throw new InvalidKeyError('step id', stepId);
    if (!isNoteId(noteId)) throw new InvalidKeyError('note id', noteId);
    const value = text.slice(0, MAX_NOTE_LENGTH);
    const own = ownEntryIndexes(this.notesLog, this.device, noteId);
    const previous = own.length > 0 ? noteOf(this.notesLog.get(own[0] ?? 0)) : undefined;
    if (previous?.text === value || (previous === undefined && value === '')) return;
    const note: StepNote = { id: noteId, step: stepId, device: this.device, by: this.by, at: Math.max(this.now(), (previous?.at ?? -1) + 1), text: value };
    this.doc.transact(() => {
      for (const index of own) this.notesLog.delete(index, 1);
      this.notesLog.push([note]);
    }, LOCAL_ORIGIN);
  }

  /** A note typed before notes were a list (a root Y.Text per step): shown, no longer edited. */
  legacyNote(stepId: string): string {
    if (!isCompletionKey(stepId) || !this.doc.share.has(NOTE_PREFIX + stepId)) return '';
    return this.doc.getText(NOTE_PREFIX + stepId).toJSON();
  }

  /** Step ids with a note (a list entry or a legacy text), sorted. */
  noteIds(): string[] {
    const ids = new Set(this.allNotes().keys());
    for (const name of this.doc.share.keys()) {
      const step = name.slice(NOTE_PREFIX.length);
      if (name.startsWith(NOTE_PREFIX) && isCompletionKey(step) && this.legacyNote(step) !== '') ids.add(step);
    }
    return [...ids].sort();
  }

  private allNotes(): Map<string, StepNote[]> {
    this.notesIndex ??= readNotes(this.notesLog);
    return this.notesIndex;
  }

  /** Calls `listener` with the slots a transaction changed. Returns the unsubscribe function. */
  observe(listener: SlotsListener): () => void {
    const handler = (event: Y.YArrayEvent<unknown>, tr: Y.Transaction): void => {
      const slots = new Set<Slot>();
      for (const item of [...event.changes.added, ...event.changes.deleted]) {
        for (const raw of item.content.getContent()) {
          const entry = entryOf(raw);
          if (entry !== undefined) slots.add(entry.slot);
        }
      }
      if (slots.size > 0) listener(slots, tr.origin === LOCAL_ORIGIN);
    };
    // R25: row maps are root types a peer may create at any time, so they are watched per transaction.
    const rowsHandler = (tr: Y.Transaction): void => {
      const groups = changedGroups(this.doc, tr);
      // R43: evidence changes are heard as their field's value slot.
      const fields = changedEvidence(this.doc, tr);
      if (groups.length + fields.length > 0) listener(new Set<Slot | RowsKey>([...groups.map(rowsKey), ...fields.map((k) => `v:${k}` as const)]), tr.origin === LOCAL_ORIGIN);
    };
    this.unobserve(listener);
    this.writes.observe(handler);
    this.doc.on('afterTransaction', rowsHandler);
    this.listeners.set(listener, () => {
      this.writes.unobserve(handler);
      this.doc.off('afterTransaction', rowsHandler);
    });
    return () => this.unobserve(listener);
  }

  unobserve(listener: SlotsListener): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  private assertWritable(): void {
    if (this.readOnly) throw new ReadOnlyError();
  }

  /**
   * R4: append this device's entry and remove its older entries for the slot, in one
   * transaction. Only ever removing its own entries keeps concurrent writes of other devices
   * intact (R1); removed entries collapse into runs of tombstones, so the doc does not grow with
   * the number of toggles. A write that changes nothing visible is skipped.
   */
  private write(slot: Slot, value: AnswerValue, settling: boolean): void {
    this.assertWritable();
    const entries = this.entries(slot);
    const winner = winnerOf(entries);
    if (!settling && winner !== undefined && sameValue(winner.value, value) && conflictsOf(entries).length === 0) return;
    const entry = nextEntry(slot, entries, this.device, this.by, value, this.now());
    const own: number[] = [];
    this.writes.forEach((raw, i) => {
      const e = entryOf(raw);
      if (e !== undefined && e.slot === slot && e.device === this.device) own.push(i);
    });
    this.doc.transact(() => {
      for (let i = own.length - 1; i >= 0; i--) this.writes.delete(own[i] ?? 0, 1);
      this.writes.push([entry]);
    }, LOCAL_ORIGIN);
    // Inside a caller's outer transaction the observer has not run yet.
    this.index = null;
  }

  private entries(slot: Slot): WriteEntry[] {
    return this.grouped().get(slot) ?? [];
  }

  private grouped(): Map<Slot, WriteEntry[]> {
    if (this.index !== null) return this.index;
    const all = new Map<Slot, WriteEntry[]>();
    for (const raw of this.writes.toArray()) {
      const entry = entryOf(raw);
      if (entry === undefined) continue;
      const list = all.get(entry.slot);
      if (list === undefined) all.set(entry.slot, [entry]);
      else list.push(entry);
    }
    const index = new Map<Slot, WriteEntry[]>();
    for (const [slot, list] of all) index.set(slot, latestPerDevice(list));
    this.index = index;
    return index;
  }
}
