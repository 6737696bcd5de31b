import type { Answers } from './answers';
import { isEmptyAnswer } from './answers';
import type { ChecklistDefinition, ContentType, Definition, FormDefinition, ProcedureDefinition } from './definition';

/**
 * The plain-data view of an instance's completion state (projected from its Yjs doc):
 * `done` holds step ids (procedure) or item ids (checklist); `values` holds answers keyed
 * by field id (form) or by `stepValueKey(stepId, fieldId)` (fields attached to a step).
 */
export interface CompletionSnapshot {
  readonly done: Readonly<Record<string, boolean | undefined>>;
  readonly values: Answers;
}

export const stepValueKey = (stepId: string, fieldId: string): string => `${stepId}.${fieldId}`;

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly requiredDone: number;
  readonly requiredTotal: number;
  /** done / total in 0..1 (1 for an empty definition). */
  readonly fraction: number;
  /** Every required unit is done. */
  readonly requiredMet: boolean;
}

interface Unit {
  readonly required: boolean;
  readonly done: boolean;
}

function tally(units: readonly Unit[]): Progress {
  const done = units.filter((u) => u.done).length;
  const required = units.filter((u) => u.required);
  const requiredDone = required.filter((u) => u.done).length;
  return {
    done,
    total: units.length,
    requiredDone,
    requiredTotal: required.length,
    fraction: units.length === 0 ? 1 : done / units.length,
    requiredMet: requiredDone === required.length,
  };
}

export function procedureProgress(def: ProcedureDefinition, snap: CompletionSnapshot): Progress {
  return tally(def.steps.map((s) => ({ required: s.required, done: snap.done[s.id] === true })));
}

export function checklistProgress(def: ChecklistDefinition, snap: CompletionSnapshot): Progress {
  return tally(def.sections.flatMap((sec) => sec.items.map((i) => ({ required: i.required, done: snap.done[i.id] === true }))));
}

export function sectionProgress(def: ChecklistDefinition, snap: CompletionSnapshot): Map<string, Progress> {
  return new Map(
    def.sections.map((sec) => [sec.id, tally(sec.items.map((i) => ({ required: i.required, done: snap.done[i.id] === true })))]),
  );
}

export function formProgress(def: FormDefinition, snap: CompletionSnapshot): Progress {
  return tally(def.fields.map((f) => ({ required: f.required, done: !isEmptyAnswer(snap.values[f.id]) })));
}

export function progressOf(contentType: ContentType, def: Definition, snap: CompletionSnapshot): Progress {
  switch (contentType) {
    case 'procedure':
      return procedureProgress(def as ProcedureDefinition, snap);
    case 'checklist':
      return checklistProgress(def as ChecklistDefinition, snap);
    case 'form':
      return formProgress(def as FormDefinition, snap);
  }
}
