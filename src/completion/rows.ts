import * as Y from 'yjs';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { InvalidKeyError, isCompletionKey } from './register';

/**
 * Repeat rows (SPEC.md R20–R27). The rows of one group live in the root `Y.Map` named
 * `rows:<group>`: root types merge by name, so the container exists on every replica from the
 * start and is never replaced. Each row is a nested `Y.Map` made once by the device that added
 * it; its `order` and `deleted` keys are separate, so a concurrent move and delete both
 * survive. Pure helpers over Yjs types: transactions and read-only checks are the model's.
 */

export const ROWS_PREFIX = 'rows:';
/** Count-driven groups never have more rows than this, whatever the number says. */
export const MAX_COUNT_ROWS = 200;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ROW_ID = /^[0-9A-Za-z]{10}$/;
const ORDER_KEY = /^[A-Za-z][0-9A-Za-z]{1,199}$/;
const LOWEST_KEY = `A${'0'.repeat(26)}`;

/** What observers get when a group's rows change (R25): slot-like, never a real slot. */
export type RowsKey = `r:${string}`;
export const rowsKey = (group: string): RowsKey => `r:${group}`;

export interface RowInfo {
  readonly id: string;
  /** A `fractional-indexing` key; rows sort by it, then by id (R21). */
  readonly order: string;
  /** userId or sessionId of whoever added the row, and when. */
  readonly by: string;
  readonly at: number;
  readonly deleted: boolean;
  /** Set while the row is deleted. */
  readonly deletedBy?: string;
  readonly deletedAt?: number;
}

/** 10 random base62 characters: collision-free in practice, so only one device ever creates a row's map. */
export function newRowId(): string {
  const out: string[] = [];
  while (out.length < 10) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      // 248 = 4 * 62: rejecting the rest keeps every character equally likely.
      if (byte < 248 && out.length < 10) out.push(BASE62[byte % 62] ?? '0');
    }
  }
  return out.join('');
}

export const isRowId = (id: string): boolean => ROW_ID.test(id);

/** A group is a form section id or a procedure step id: one key part, no dots. */
export const isGroupKey = (group: string): boolean => isCompletionKey(group) && !group.includes('.');

export const rowsMapName = (group: string): string => ROWS_PREFIX + group;

/** The rows of a count-driven group (`repeat.countFrom`): `r1..rN`, nothing stored (N capped at max and 200). */
export function countRows(n: number | undefined, max?: number): string[] {
  const cap = Math.min(max ?? MAX_COUNT_ROWS, MAX_COUNT_ROWS);
  const count = typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.min(Math.floor(n), cap)) : 0;
  return Array.from({ length: count }, (_, i) => `r${i + 1}`);
}

/** A key `fractional-indexing` itself would make (default alphabet); a peer's other keys are ignored (R8). */
export function isOrderKey(key: string): boolean {
  if (!ORDER_KEY.test(key) || key === LOWEST_KEY) return false;
  const head = key.charCodeAt(0);
  const intLength = head >= 97 ? head - 97 + 2 : 90 - head + 2;
  if (key.length < intLength) return false;
  return key.length === intLength || !key.endsWith('0');
}

/** Groups with a `rows:` root type on this replica, sorted. */
export function rowGroups(doc: Y.Doc): string[] {
  const groups: string[] = [];
  for (const name of doc.share.keys()) {
    const group = name.slice(ROWS_PREFIX.length);
    if (name.startsWith(ROWS_PREFIX) && isGroupKey(group)) groups.push(group);
  }
  return groups.sort();
}

/** The group's root map, or undefined when the name is taken by another kind of type (a hostile peer). */
export function rowsMap(doc: Y.Doc, group: string): Y.Map<unknown> | undefined {
  if (!isGroupKey(group)) return undefined;
  try {
    return doc.getMap<unknown>(rowsMapName(group));
  } catch {
    return undefined;
  }
}

const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;
const time = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parse one row (R8): anything a well-behaved peer would not write is skipped, never thrown. */
export function parseRow(id: string, raw: unknown): RowInfo | undefined {
  if (!isRowId(id) || !(raw instanceof Y.Map)) return undefined;
  const row = raw as Y.Map<unknown>;
  const order = row.get('order');
  const by = row.get('by');
  const at = row.get('at');
  if (typeof order !== 'string' || !isOrderKey(order) || !text(by) || !time(at)) return undefined;
  // `deleted`: absent or false while live, `{ by, at }` once deleted (`true` from a peer: deleted, nobody named).
  const deleted = row.get('deleted');
  const who = typeof deleted === 'object' && deleted !== null && !Array.isArray(deleted) ? (deleted as Record<string, unknown>) : undefined;
  if (deleted !== true && who === undefined) return { id, order, by, at, deleted: false };
  const deletedBy = who?.['by'];
  const deletedAt = who?.['at'];
  return { id, order, by, at, deleted: true, ...(text(deletedBy) ? { deletedBy } : {}), ...(time(deletedAt) ? { deletedAt } : {}) };
}

/** R21: by order key, ties (two devices inserting at the same place offline) by row id. Code-unit order, like the keys. */
export function compareRows(a: RowInfo, b: RowInfo): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every valid row of the map, deleted ones included, in order. */
export function readRows(map: Y.Map<unknown>): RowInfo[] {
  const rows: RowInfo[] = [];
  map.forEach((raw, id) => {
    const row = parseRow(id, raw);
    if (row !== undefined) rows.push(row);
  });
  return rows.sort(compareRows);
}

export interface Placement {
  /** The order key of the row being placed. */
  readonly key: string;
  /** Rows that must take a new key first, because the place was inside a tie (R22). */
  readonly rekey: readonly (readonly [string, string])[];
}

/**
 * The key that puts a row at `index` of `others` (the ordered rows without it). A tie (equal
 * keys) has no key strictly inside it, so when the place falls inside one, the tied rows get
 * fresh keys in their current order along with the placed row: every position stays reachable.
 */
export function placement(others: readonly RowInfo[], index: number): Placement {
  const prev = others[index - 1];
  const next = others[index];
  if (prev === undefined || next === undefined || prev.order !== next.order) {
    return { key: generateKeyBetween(prev?.order ?? null, next?.order ?? null), rekey: [] };
  }
  let start = index - 1;
  while (start > 0 && others[start - 1]?.order === prev.order) start--;
  let end = index;
  while (end < others.length - 1 && others[end + 1]?.order === prev.order) end++;
  const keys = generateNKeysBetween(others[start - 1]?.order ?? null, others[end + 1]?.order ?? null, end - start + 2);
  const rekey: (readonly [string, string])[] = [];
  let key = '';
  for (let i = start, k = 0; i <= end + 1; i++) {
    const slotKey = keys[k++] ?? '';
    if (i === index) key = slotKey;
    const row = others[i < index ? i : i - 1];
    if (i !== index && row !== undefined) rekey.push([row.id, slotKey]);
  }
  return { key, rekey };
}

/** The nested map of a valid row (for writes); undefined for an unknown or malformed row. */
export function rowMap(map: Y.Map<unknown>, id: string): Y.Map<unknown> | undefined {
  const raw = map.get(id);
  return parseRow(id, raw) === undefined ? undefined : (raw as Y.Map<unknown>);
}

function rowIndex(list: readonly RowInfo[], id: string): number {
  const index = list.findIndex((r) => r.id === id);
  if (index < 0) throw new InvalidKeyError('row id', id);
  return index;
}

function writePlacement(map: Y.Map<unknown>, rekey: Placement['rekey']): void {
  for (const [id, key] of rekey) rowMap(map, id)?.set('order', key);
}

/** R22: a new row right after `after` (at the end when undefined), made in one transaction. */
export function insertRow(doc: Y.Doc, map: Y.Map<unknown>, rowId: string, after: string | undefined, by: string, at: number, origin: unknown): void {
  if (!isRowId(rowId) || map.has(rowId)) throw new InvalidKeyError('new row id', rowId);
  const list = readRows(map);
  const { key, rekey } = placement(list, after === undefined ? list.length : rowIndex(list, after) + 1);
  doc.transact(() => {
    writePlacement(map, rekey);
    // `deleted` is absent until the first deletion: ~17 B a row less (R27).
    map.set(rowId, new Y.Map<unknown>([['order', key], ['by', by], ['at', at]]));
  }, origin);
}

/** R22: the row goes right before `before` (null: at the end); nothing is written when it is already there. */
export function placeRow(doc: Y.Doc, map: Y.Map<unknown>, rowId: string, before: string | null, origin: unknown): void {
  const list = readRows(map);
  const current = rowIndex(list, rowId);
  const others = list.filter((r) => r.id !== rowId);
  const index = before === null ? others.length : rowIndex(others, before);
  if (index === current) return;
  const { key, rekey } = placement(others, index);
  doc.transact(() => {
    writePlacement(map, rekey);
    rowMap(map, rowId)?.set('order', key);
  }, origin);
}

/**
 * R24: soft deletion (`deletion` says who and when) or restoring (null). One key holds the flag
 * and who/when together, so concurrent deletions never mix one device's name with another's
 * time, and a toggle leaves one tombstone, not three. A row already so is left alone.
 */
export function markDeleted(doc: Y.Doc, map: Y.Map<unknown>, rowId: string, deletion: { by: string; at: number } | null, origin: unknown): void {
  const row = rowMap(map, rowId);
  if (row === undefined) throw new InvalidKeyError('row id', rowId);
  if (parseRow(rowId, row)?.deleted === (deletion !== null)) return;
  doc.transact(() => {
    row.set('deleted', deletion === null ? false : { by: deletion.by, at: deletion.at });
  }, origin);
}

/** Live rows of every group that has at least one row, or undefined when none has (R23). */
export function snapshotRows(doc: Y.Doc): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const group of rowGroups(doc)) {
    const map = rowsMap(doc, group);
    const all = map === undefined ? [] : readRows(map);
    // A replica that merely read a group has an empty map; leaving it out keeps snapshots equal (R14).
    if (all.length > 0) out[group] = all.filter((r) => !r.deleted).map((r) => r.id);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Yjs's own name for "any shared type" (its `AbstractType<YEvent<any>>`). */
type AnyType = Y.Transaction['changed'] extends Map<infer K, unknown> ? K : never;

/** R25: groups whose rows a transaction changed (the root map or a row map inside it), sorted. */
export function changedGroups(doc: Y.Doc, tr: Y.Transaction): string[] {
  const roots = new Set<AnyType>();
  for (const type of tr.changed.keys()) {
    let root: AnyType = type;
    while (root._item !== null && root._item.parent instanceof Y.AbstractType) root = root._item.parent as AnyType;
    if (root._item === null) roots.add(root);
  }
  if (roots.size === 0) return [];
  const groups: string[] = [];
  for (const [name, type] of doc.share) {
    const group = name.slice(ROWS_PREFIX.length);
    if (roots.has(type) && name.startsWith(ROWS_PREFIX) && isGroupKey(group)) groups.push(group);
  }
  return groups.sort();
}
