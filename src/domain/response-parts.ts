import type { AnswerValue } from './answers';
import type { ChecklistDefinition, ContentType, Definition, ProcedureDefinition } from './definition';
import type { Response, ResponseSet } from './responses';
import { responseSetById } from './responses';

/**
 * A checklist item or procedure step that answers with a response set. Its answer is the
 * response id stored as a value under the part's id (`values[id]`).
 */
export interface ResponsePart {
  readonly id: string;
  readonly label: string;
  /** The checklist section's title (items); absent for procedure steps. */
  readonly within?: string;
  readonly set: ResponseSet;
  readonly noteWhenFlagged: 'optional' | 'required';
  /** Undefined: a flagged answer asks for no photo. */
  readonly photoWhenFlagged?: 'optional' | 'required';
  readonly weight: number;
}

/** Every part of the definition that answers with responses, in definition order (forms have none). */
export function responsePartsOf(contentType: ContentType, def: Definition): ResponsePart[] {
  const out: ResponsePart[] = [];
  const add = (
    part: { id: string; responses?: string | undefined; noteWhenFlagged?: 'optional' | 'required' | undefined; photoWhenFlagged?: 'optional' | 'required' | undefined; weight?: number | undefined },
    label: string,
    within?: string,
  ): void => {
    if (part.responses === undefined) return;
    const set = responseSetById(def.responseSets, part.responses);
    // The schema refuses an unknown set at publish; a part whose set is missing is a tick part here.
    if (set === undefined) return;
    out.push({
      id: part.id,
      label,
      set,
      noteWhenFlagged: part.noteWhenFlagged ?? 'optional',
      ...(part.photoWhenFlagged === undefined ? {} : { photoWhenFlagged: part.photoWhenFlagged }),
      weight: part.weight ?? 1,
      ...(within === undefined ? {} : { within }),
    });
  };
  if (contentType === 'procedure') for (const step of (def as ProcedureDefinition).steps) add(step, step.title);
  if (contentType === 'checklist') {
    for (const section of (def as ChecklistDefinition).sections) for (const item of section.items) add(item, item.label, section.title);
  }
  return out;
}

/** The response a part's stored answer names; undefined when unanswered or not one of its set. */
export function responseOf(part: Pick<ResponsePart, 'set'>, value: AnswerValue | undefined): Response | undefined {
  return typeof value === 'string' ? part.set.responses.find((r) => r.id === value) : undefined;
}
