import type { InstanceDoc } from '../../completion';
import type { CompletionSnapshot, ResponsePart } from '../../domain';

/** The part has a note with text in the notes log (or a legacy note): what R30 asks of a flagged answer. */
export const hasNote = (model: InstanceDoc, partId: string): boolean =>
  model.legacyNote(partId).trim() !== '' || model.notes(partId).some((n) => n.text.trim() !== '');

/** Answered: a response part has a response id as its value; a tick part is ticked. */
export function isAnswered(partId: string, responses: ReadonlyMap<string, ResponsePart>, snapshot: CompletionSnapshot): boolean {
  if (!responses.has(partId)) return snapshot.done[partId] === true;
  const value = snapshot.values[partId];
  return typeof value === 'string' && value !== '';
}

/** Bring a part into view and put focus on its first control (the "Found" summary's links). */
export function showPart(key: string): boolean {
  const target = document.querySelector<HTMLElement>(`[data-anchor="${CSS.escape(key)}"]`);
  if (target === null) return false;
  target.scrollIntoView({ block: 'center' });
  target.querySelector<HTMLElement>('button, input, select, textarea')?.focus({ preventScroll: true });
  return true;
}

/** Asked of a runner that shows one part at a time (a procedure) to go to the part `detail`. */
export const SHOW_PART_EVENT = 'fieldbook:show-part';
