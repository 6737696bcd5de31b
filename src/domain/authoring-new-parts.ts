import type { ChecklistItem, ChecklistSection, ContentType, Definition, DefinitionFor, FormSection, Step } from './definition';
import { DEFAULT_RESPONSE_SET_ID } from './responses';
import type { Response, ResponseSet } from './responses';
import type { Field, FieldKind } from './field';
import type { NewId } from './list-editing';

/**
 * The empty parts an author adds to a draft, and a new document's starting content. Ids come
 * from the caller. New checklist items and procedure steps answer with Pass / Fail / N/A (a
 * tick-only part is chosen in the editor); parts of older definitions keep what they have.
 */

export function emptyField(newId: NewId, kind: FieldKind = 'text'): Field {
  return { id: newId(), label: '', kind, required: false };
}
export function emptyStep(newId: NewId): Step {
  return { id: newId(), title: '', required: true, responses: DEFAULT_RESPONSE_SET_ID };
}
export function emptyChecklistItem(newId: NewId): ChecklistItem {
  return { id: newId(), label: '', required: true, responses: DEFAULT_RESPONSE_SET_ID };
}
export function emptySection(newId: NewId): ChecklistSection {
  return { id: newId(), title: '', items: [emptyChecklistItem(newId)] };
}

/** A form section (a page of a long form) with one empty field. */
export function emptyFormSection(newId: NewId): FormSection {
  return { id: newId(), title: '', fields: [emptyField(newId)] };
}
export function emptyResponse(newId: NewId): Response {
  return { id: newId(), label: '', colour: 'grey', flagged: false };
}
/** An author's own response set: two responses to start (a set needs at least two). */
export function emptyResponseSet(newId: NewId): ResponseSet {
  return {
    id: newId(),
    label: '',
    responses: [
      { id: newId(), label: '', colour: 'green', flagged: false, score: 1 },
      { id: newId(), label: '', colour: 'red', flagged: true, score: 0 },
    ],
  };
}

/** A new document's starting content: one empty step, section (with one item) or field. */
export function newDefinition<T extends ContentType>(contentType: T, newId: NewId): DefinitionFor<T>;
export function newDefinition(contentType: ContentType, newId: NewId): Definition {
  switch (contentType) {
    case 'procedure':
      return { steps: [emptyStep(newId)] };
    case 'checklist':
      return { sections: [emptySection(newId)] };
    case 'form':
      return { fields: [emptyField(newId)] };
  }
}
