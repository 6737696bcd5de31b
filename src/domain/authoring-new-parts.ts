import type { ChecklistItem, ChecklistSection, ContentType, Definition, DefinitionFor, Step } from './definition';
import type { Field, FieldKind } from './field';
import type { NewId } from './list-editing';

/** The empty parts an author adds to a draft, and a new document's starting content. Ids come from the caller. */

export function emptyField(newId: NewId, kind: FieldKind = 'text'): Field {
  return { id: newId(), label: '', kind, required: false };
}
export function emptyStep(newId: NewId): Step {
  return { id: newId(), title: '', required: true };
}
export function emptyChecklistItem(newId: NewId): ChecklistItem {
  return { id: newId(), label: '', required: true };
}
export function emptySection(newId: NewId): ChecklistSection {
  return { id: newId(), title: '', items: [emptyChecklistItem(newId)] };
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
