import * as Y from 'yjs';
import { evidenceItemSchema } from '../domain';
import type { EvidenceItem } from '../domain';
import { InvalidKeyError, isCompletionKey } from './register';
import { newRowId } from './rows';

/**
 * Evidence (SPEC.md R40–R44): photos, files, signatures and locations of one field live in the
 * root `Y.Map` named `evidence:<key>` (key: the field's value key, so a step's or a row's field
 * has its own). Root types merge by name, so the map exists on every replica and is never
 * replaced. Each entry is one plain object under its own id: a file under its SHA-256, so two
 * tablets adding photos offline add two keys and both survive; removing sets `removed`, so the
 * reference (and the file) stays recoverable. Pure helpers: transactions are the model's.
 */

export const EVIDENCE_PREFIX = 'evidence:';

/** Entry ids: a file's SHA-256, or 10 base62 characters for a signature or a location. */
const ENTRY_ID = /^(?:[0-9a-f]{64}|[0-9A-Za-z]{10})$/;

export interface EvidenceEntry {
  readonly id: string;
  readonly item: EvidenceItem;
  /** userId or sessionId of whoever added it, and when. */
  readonly by: string;
  readonly at: number;
  readonly removed?: { readonly by: string; readonly at: number };
}

const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;
const time = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A field key whose evidence may be stored (a completion key: `field`, `step.field`, `group.row.field`). */
export const isEvidenceKey = (key: string): boolean => isCompletionKey(key);

export const evidenceMapName = (key: string): string => EVIDENCE_PREFIX + key;

/** The field's evidence map, or undefined for a bad key or a name a hostile peer gave another type. */
export function evidenceMap(doc: Y.Doc, key: string): Y.Map<unknown> | undefined {
  if (!isEvidenceKey(key)) return undefined;
  try {
    return doc.getMap<unknown>(evidenceMapName(key));
  } catch {
    return undefined;
  }
}

/** Checked items by their stored object: Yjs hands back the same object on every read (snapshots read every entry). */
const itemCache = new WeakMap<object, EvidenceItem | null>();
function itemOf(raw: unknown): EvidenceItem | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  let item = itemCache.get(raw);
  if (item === undefined) {
    const parsed = evidenceItemSchema.safeParse(raw);
    item = parsed.success ? parsed.data : null;
    itemCache.set(raw, item);
  }
  return item ?? undefined;
}

/** R44: parse one stored entry; anything a well-behaved peer would not write is skipped, never thrown. */
export function parseEvidence(id: string, raw: unknown): EvidenceEntry | undefined {
  if (!ENTRY_ID.test(id) || typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Y.AbstractType) return undefined;
  const entry = raw as Record<string, unknown>;
  const item = itemOf(entry['item']);
  const { by, at, removed } = entry;
  if (item === undefined || !text(by) || !time(at)) return undefined;
  // A file is filed under its own hash, so one hash is never two entries.
  if (item.kind === 'file' ? item.file.sha256 !== id : id.length !== 10) return undefined;
  const who = typeof removed === 'object' && removed !== null ? (removed as Record<string, unknown>) : undefined;
  if (who === undefined) return { id, item, by, at };
  const removedBy = who['by'];
  const removedAt = who['at'];
  return { id, item, by, at, removed: { by: text(removedBy) ? removedBy : '', at: time(removedAt) ? removedAt : 0 } };
}

/** Every valid entry, removed ones included, oldest first (ties by id, the same on every replica). */
export function readEvidence(map: Y.Map<unknown>): EvidenceEntry[] {
  const out: EvidenceEntry[] = [];
  map.forEach((raw, id) => {
    const entry = parseEvidence(id, raw);
    if (entry !== undefined) out.push(entry);
  });
  return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The id an item is filed under (R40). */
export const entryIdOf = (item: EvidenceItem): string => (item.kind === 'file' ? item.file.sha256 : newRowId());

/** The stored form of an entry (plain JSON). */
function stored(entry: Omit<EvidenceEntry, 'id'>): Record<string, unknown> {
  return entry.removed === undefined ? { item: entry.item, by: entry.by, at: entry.at } : { item: entry.item, by: entry.by, at: entry.at, removed: entry.removed };
}

/**
 * R41: add an item. A file already there (the same bytes) is left alone, or brought back when it
 * was removed. A signature or a location replaces the live ones this device sees: they are
 * marked removed in the same transaction, so the field holds one.
 */
export function putEvidence(map: Y.Map<unknown>, item: EvidenceItem, by: string, at: number): string {
  const id = entryIdOf(item);
  const existing = parseEvidence(id, map.get(id));
  if (existing !== undefined && existing.removed === undefined) return id;
  if (item.kind !== 'file') {
    for (const entry of readEvidence(map)) if (entry.removed === undefined) map.set(entry.id, stored({ ...entry, removed: { by, at } }));
  }
  map.set(id, stored({ item, by, at }));
  return id;
}

/** R42: mark an entry removed (who and when); an unknown id throws, an entry already removed is left alone. */
export function removeEvidence(map: Y.Map<unknown>, id: string, by: string, at: number): void {
  const entry = parseEvidence(id, map.get(id));
  if (entry === undefined) throw new InvalidKeyError('evidence id', id);
  if (entry.removed !== undefined) return;
  map.set(id, stored({ ...entry, removed: { by, at } }));
}

/** Field keys with an `evidence:` root type on this replica, sorted. */
export function evidenceKeys(doc: Y.Doc): string[] {
  const keys: string[] = [];
  for (const name of doc.share.keys()) {
    const key = name.slice(EVIDENCE_PREFIX.length);
    if (name.startsWith(EVIDENCE_PREFIX) && isEvidenceKey(key)) keys.push(key);
  }
  return keys.sort();
}

/** R43: how many live entries each field has, for fields with at least one. */
export function evidenceCounts(doc: Y.Doc): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of evidenceKeys(doc)) {
    const map = evidenceMap(doc, key);
    const live = map === undefined ? 0 : readEvidence(map).filter((e) => e.removed === undefined).length;
    if (live > 0) out[key] = live;
  }
  return out;
}

/** R43: field keys whose evidence a transaction changed, sorted. */
export function changedEvidence(doc: Y.Doc, tr: Y.Transaction): string[] {
  const keys: string[] = [];
  for (const [name, root] of doc.share) {
    const key = name.slice(EVIDENCE_PREFIX.length);
    if (name.startsWith(EVIDENCE_PREFIX) && tr.changed.has(root) && isEvidenceKey(key)) keys.push(key);
  }
  return keys.sort();
}
