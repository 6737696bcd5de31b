/** Editing the ordered lists of a draft: pure, so undo and keyboard reorder are easy to test. */
import type { ChecklistItem, ChecklistSection, FormSection, Step } from './definition';
import type { Field } from './field';

/** Makes a fresh id for a duplicated part (steps, fields, sections, items). */
export type NewId = () => string;

/** `list` with the element at `from` moved to `to` (both clamped); the same array when nothing moves. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (from < 0 || from >= list.length || from === target) return [...list];
  const next = [...list];
  const [moved] = next.splice(from, 1) as [T];
  next.splice(target, 0, moved);
  return next;
}

/** `list` without the element at `index`, and the element (for undo). */
export function removeItem<T>(list: readonly T[], index: number): { list: T[]; removed: T | undefined } {
  const next = [...list];
  const [removed] = next.splice(index, 1);
  return { list: next, removed };
}

/** `list` with `item` inserted at `index` (clamped): undo of a delete. */
export function insertItem<T>(list: readonly T[], index: number, item: T): T[] {
  const next = [...list];
  next.splice(Math.max(0, Math.min(list.length, index)), 0, item);
  return next;
}

/** `list` with a copy of the element at `index` right after it; `copy` gives the clone fresh ids. */
export function duplicateItem<T>(list: readonly T[], index: number, copy: (item: T) => T): T[] {
  const item = list[index];
  return item === undefined ? [...list] : insertItem(list, index + 1, copy(item));
}

/**
 * `value` (a part, deeply) with every rule reference `{ref}` renamed by `renames`: a copy's
 * rules that named the original's own parts (a field's check on itself, a step's fields on
 * each other, a section's items on each other) name the copy's parts instead.
 */
function renameRefs<T>(value: T, renames: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v: unknown) => renameRefs(v, renames)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && entries[0]?.[0] === 'ref' && typeof entries[0][1] === 'string') {
    return { ref: renames.get(entries[0][1]) ?? entries[0][1] } as T;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, renameRefs(v, renames)])) as T;
}

/** Fresh ids for `fields`, and the renames of their ids (bare, and under `under.` when given). */
function freshFields(fields: readonly Field[], newId: NewId, renames: Map<string, string>, under?: readonly [from: string, to: string]): Field[] {
  return fields.map((f) => {
    const id = newId();
    renames.set(f.id, id);
    if (under !== undefined) renames.set(`${under[0]}.${f.id}`, `${under[1]}.${id}`);
    return { ...structuredClone(f), id };
  });
}

/** Copies with fresh ids, so a duplicate never shares completion data with its original. */
export const copyField = (field: Field, newId: NewId): Field => {
  const renames = new Map<string, string>();
  const [copy] = freshFields([field], newId, renames) as [Field];
  return renameRefs(copy, renames);
};
export const copyStep = (step: Step, newId: NewId): Step => {
  const id = newId();
  const renames = new Map<string, string>([[step.id, id]]);
  const copy: Step = { ...structuredClone(step), id };
  if (step.fields !== undefined) copy.fields = freshFields(step.fields, newId, renames, [step.id, id]);
  return renameRefs(copy, renames);
};
export const copyChecklistItem = (item: ChecklistItem, newId: NewId): ChecklistItem => {
  const id = newId();
  return renameRefs({ ...structuredClone(item), id }, new Map([[item.id, id]]));
};
export const copySection = (section: ChecklistSection, newId: NewId): ChecklistSection => {
  const id = newId();
  const renames = new Map<string, string>([[section.id, id]]);
  const items = section.items.map((item) => {
    const itemId = newId();
    renames.set(item.id, itemId);
    return { ...structuredClone(item), id: itemId };
  });
  return renameRefs({ ...structuredClone(section), id, items }, renames);
};
/** A form section's copy: its fields' answers are keyed by their ids (and, repeating, under the section's). */
export const copyFormSection = (section: FormSection, newId: NewId): FormSection => {
  const id = newId();
  const renames = new Map<string, string>([[section.id, id]]);
  const fields = freshFields(section.fields, newId, renames, [section.id, id]);
  return renameRefs({ ...structuredClone(section), id, fields }, renames);
};
