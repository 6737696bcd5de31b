import { z } from 'zod';
import { answerValueSchema } from '../domain';
import type { AnswerValue } from '../domain';

/**
 * A multi-value register over per-device entries (SPEC.md R1–R6). Pure: no Yjs here, so the
 * resolution rules can be read and tested on their own.
 */

/** What one slot records: a step/item's done state (`d:`) or a field's value (`v:`). */
export type Slot = `d:${string}` | `v:${string}`;

/** Step, item and field ids, and `stepValueKey` joins of them. Names an object's prototype are refused (R8). */
const KEY = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const DEVICE = /^[A-Za-z0-9_-]{1,64}$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export const isCompletionKey = (key: string): boolean =>
  key.length <= 160 && KEY.test(key) && key.split('.').every((part) => !FORBIDDEN.has(part));
export const isDeviceId = (device: string): boolean => DEVICE.test(device) && !FORBIDDEN.has(device);

export class InvalidKeyError extends Error {
  override readonly name = 'InvalidKeyError';
  constructor(what: string, key: string) {
    super(`"${key}" is not a valid ${what}`);
  }
}

export function doneSlot(id: string): Slot {
  if (!isCompletionKey(id)) throw new InvalidKeyError('step or item id', id);
  return `d:${id}`;
}

export function valueSlot(key: string): Slot {
  if (!isCompletionKey(key)) throw new InvalidKeyError('field key', key);
  return `v:${key}`;
}

const timestamp = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Checks a slot string received from a peer. */
export function parseSlot(text: string): Slot | undefined {
  return (text.startsWith('d:') || text.startsWith('v:')) && isCompletionKey(text.slice(2)) ? (text as Slot) : undefined;
}

/**
 * The stored form of one write, one element of the 'writes' log (R1): a tuple
 * `[key, device, value, by, at]`, with `seen` as a sixth element when the writer saw other
 * devices' entries. Field names are not stored (a third of an entry's bytes as an object).
 */
export type StoredEntry = readonly [key: Slot, device: string, value: AnswerValue, by: string, at: number] | readonly [key: Slot, device: string, value: AnswerValue, by: string, at: number, seen: Record<string, number>];

/** What one entry says, checked: the tuple's elements by name, and the object form written before tuples. */
const entryFieldsSchema = z.object({
  key: z.string().max(170),
  device: z.string().regex(DEVICE),
  value: answerValueSchema,
  /** userId or sessionId of the writer. */
  by: z.string().min(1).max(64),
  at: timestamp,
  /** For each other device's entry the writer saw on this slot: that entry's `at`. */
  seen: z.record(z.string().regex(DEVICE), timestamp).optional(),
});

/** A tuple (R1) or a legacy object entry, as named fields; anything else is undefined. */
function entryFields(raw: unknown): unknown {
  if (!Array.isArray(raw)) return raw;
  if (raw.length !== 5 && raw.length !== 6) return undefined;
  const [key, device, value, by, at, seen] = raw as unknown[];
  return raw.length === 5 ? { key, device, value, by, at } : { key, device, value, by, at, seen };
}

/** One device's write to a slot. */
export interface WriteEntry {
  readonly slot: Slot;
  readonly device: string;
  readonly value: AnswerValue;
  readonly by: string;
  readonly at: number;
  readonly seen: Readonly<Record<string, number>>;
}

/** Parse one stored entry (R8): anything a well-behaved peer would not write is skipped, never thrown. */
export function parseEntry(raw: unknown): WriteEntry | undefined {
  const parsed = entryFieldsSchema.safeParse(entryFields(raw));
  if (!parsed.success) return undefined;
  const { key, device, value, by, at, seen } = parsed.data;
  const slot = parseSlot(key);
  if (slot === undefined || !isDeviceId(device)) return undefined;
  if (slot.startsWith('d:') && typeof value !== 'boolean') return undefined;
  return { slot, device, value, by, at, seen: seen ?? {} };
}

/**
 * The entries that count for a slot: one per device, its latest (R1). A device normally has one
 * (each write removes its older ones), but two tabs of one device may race.
 */
export function latestPerDevice(entries: readonly WriteEntry[]): WriteEntry[] {
  const byDevice = new Map<string, WriteEntry>();
  for (const e of entries) {
    const prev = byDevice.get(e.device);
    if (prev === undefined || e.at >= prev.at) byDevice.set(e.device, e);
  }
  return [...byDevice.values()];
}

/** R2: the latest `at` wins; equal times are broken by the greater device id. */
export function beats(a: WriteEntry, b: WriteEntry): boolean {
  return a.at !== b.at ? a.at > b.at : a.device > b.device;
}

export function winnerOf(entries: readonly WriteEntry[]): WriteEntry | undefined {
  let best: WriteEntry | undefined;
  for (const e of entries) if (best === undefined || beats(e, best)) best = e;
  return best;
}

/** R3: entries with another value that the winner's writer had not seen when writing, oldest first. */
export function conflictsOf(entries: readonly WriteEntry[]): WriteEntry[] {
  const winner = winnerOf(entries);
  if (winner === undefined) return [];
  return entries
    .filter((e) => e !== winner && (winner.seen[e.device] ?? -1) < e.at && !sameValue(e.value, winner.value))
    .sort((a, b) => (beats(a, b) ? 1 : -1));
}

/**
 * R4/R5: the stored form of a new write by `device`, given the slot's current entries. It
 * records what it saw, and its time is pushed past every entry it saw, so a write made after
 * seeing another wins even when this device's clock runs behind.
 */
export function nextEntry(slot: Slot, entries: readonly WriteEntry[], device: string, by: string, value: AnswerValue, now: number): StoredEntry {
  const seen: Record<string, number> = {};
  let at = Math.max(0, Math.floor(now));
  for (const e of entries) {
    if (e.device === device) {
      at = Math.max(at, e.at);
      continue;
    }
    seen[e.device] = e.at;
    at = Math.max(at, e.at + 1);
  }
  return Object.keys(seen).length === 0 ? [slot, device, value, by, at] : [slot, device, value, by, at, seen];
}

export function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
