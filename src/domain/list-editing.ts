/** Editing the ordered lists of a draft: pure, so undo and keyboard reorder are easy to test. */
import type { ChecklistItem, ChecklistSection, Step } from './definition';
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

/** Copies with fresh ids, so a duplicate never shares completion data with its original. */
export const copyField = (field: Field, newId: NewId): Field => ({ ...structuredClone(field), id: newId() });
export const copyStep = (step: Step, newId: NewId): Step => {
  const copy: Step = { ...structuredClone(step), id: newId() };
  if (step.fields !== undefined) copy.fields = step.fields.map((f) => copyField(f, newId));
  return copy;
};
export const copyChecklistItem = (item: ChecklistItem, newId: NewId): ChecklistItem => ({ ...item, id: newId() });
export const copySection = (section: ChecklistSection, newId: NewId): ChecklistSection => ({
  ...section,
  id: newId(),
  items: section.items.map((i) => copyChecklistItem(i, newId)),
});

