import { z } from 'zod';
import type * as Y from 'yjs';
import { isCompletionKey, isDeviceId } from './register';

/**
 * Step notes as a list of entries (SPEC R7). Each note is one person's entry
 * `{id, step, device, by, at, text}` in the root `Y.Array` `notes`: notes written on two tablets
 * at once are two entries, never one glued text. A device edits or removes only its own entries
 * (like R1), by removing the old entry and appending the new one in one transaction.
 */
export const NOTES = 'notes';

const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A note is a paragraph or two typed on a tablet, not a document. */
export const MAX_NOTE_LENGTH = 4_000;

export const storedNoteSchema = z.object({
  id: z.string().regex(NOTE_ID),
  step: z.string().refine(isCompletionKey),
  device: z.string().refine(isDeviceId),
  by: z.string().min(1).max(64),
  at: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  text: z.string().max(MAX_NOTE_LENGTH),
});
export type StepNote = z.infer<typeof storedNoteSchema>;

export const isNoteId = (id: string): boolean => NOTE_ID.test(id);

const parsedNotes = new WeakMap<object, StepNote | null>();
/** R8: a peer's malformed note is ignored, never thrown. */
export function noteOf(raw: unknown): StepNote | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  let note = parsedNotes.get(raw);
  if (note === undefined) {
    const parsed = storedNoteSchema.safeParse(raw);
    note = parsed.success ? parsed.data : null;
    parsedNotes.set(raw, note);
  }
  return note ?? undefined;
}

/** Oldest first; equal times by device id, so every replica lists notes in one order. */
export const byTime = (a: StepNote, b: StepNote): number => a.at - b.at || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0) || (a.id < b.id ? -1 : 1);

/**
 * The notes of every step, latest entry per (device, id): two tabs of one device racing on one
 * note keep the later one, as R1 does for writes.
 */
export function readNotes(notes: Y.Array<unknown>): Map<string, StepNote[]> {
  const latest = new Map<string, StepNote>();
  for (const raw of notes.toArray()) {
    const note = noteOf(raw);
    if (note === undefined) continue;
    const key = `${note.device}\u0000${note.id}`;
    const prev = latest.get(key);
    if (prev === undefined || note.at >= prev.at) latest.set(key, note);
  }
  const byStep = new Map<string, StepNote[]>();
  for (const note of latest.values()) {
    if (note.text === '') continue; // an emptied note is gone
    const list = byStep.get(note.step);
    if (list === undefined) byStep.set(note.step, [note]);
    else list.push(note);
  }
  for (const list of byStep.values()) list.sort(byTime);
  return byStep;
}

/** Indexes (descending) of this device's stored entries for note `id`. */
export function ownEntryIndexes(notes: Y.Array<unknown>, device: string, id: string): number[] {
  const out: number[] = [];
  notes.forEach((raw, index) => {
    const note = noteOf(raw);
    if (note !== undefined && note.device === device && note.id === id) out.push(index);
  });
  return out.reverse();
}
