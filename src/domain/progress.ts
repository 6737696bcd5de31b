import type { AnswerValue } from './answers';
import type { CompletionSnapshot } from './snapshot';
import { stepValueKey } from './snapshot';
import { isEmptyAnswer, rangeWarning, validateAnswer } from './answers';
import type { ChecklistDefinition, ContentType, Definition, FormDefinition, ProcedureDefinition } from './definition';
import type { Field } from './field';

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

/** One thing a run asks for (a step, an item, a field, a row's field): whether it must be done and is. */
export interface Unit {
  readonly required: boolean;
  readonly done: boolean;
}

export function tally(units: readonly Unit[]): Progress {
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

/** Answered means a valid answer: a half-right value (bad format, blocked range) still needs work. */
const answered = (field: Field, value: AnswerValue | undefined): boolean => !isEmptyAnswer(value) && validateAnswer(field, value) === undefined;

export function formProgress(def: FormDefinition, snap: CompletionSnapshot): Progress {
  return tally(def.fields.map((f) => ({ required: f.required, done: answered(f, snap.values[f.id]) })));
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

/** A reading recorded outside its warning limits: kept, and flagged for whoever reads the run. */
export interface FlaggedReading {
  /** Where the answer lives: the field id (form) or stepValueKey (procedure). */
  readonly key: string;
  readonly field: Field;
  /** The step the field belongs to (procedures). */
  readonly stepTitle?: string;
  readonly value: number;
  /** "below the expected range 19.5–23.5". */
  readonly message: string;
}

function flagsOf(fields: readonly Field[], snap: CompletionSnapshot, keyOf: (f: Field) => string, stepTitle?: string): FlaggedReading[] {
  const out: FlaggedReading[] = [];
  for (const field of fields) {
    const key = keyOf(field);
    const value = snap.values[key];
    const message = rangeWarning(field, value);
    if (message !== undefined && typeof value === 'number') out.push({ key, field, value, message, ...(stepTitle === undefined ? {} : { stepTitle }) });
  }
  return out;
}

/** Every flagged reading of a run, in definition order. */
export function flaggedReadings(contentType: ContentType, def: Definition, snap: CompletionSnapshot): FlaggedReading[] {
  switch (contentType) {
    case 'procedure':
      return (def as ProcedureDefinition).steps.flatMap((s) => flagsOf(s.fields ?? [], snap, (f) => stepValueKey(s.id, f.id), s.title));
    case 'form':
      return flagsOf((def as FormDefinition).fields, snap, (f) => f.id);
    case 'checklist':
      return [];
  }
}

/** One line per flagged reading, for an activity event's metadata: "Oxygen: 18 (below the expected range 19.5–23.5)". */
export function describeFlagged(flags: readonly FlaggedReading[]): string {
  return flags.map((f) => `${f.stepTitle === undefined ? '' : `${f.stepTitle} › `}${f.field.label}: ${f.value} (${f.message})`).join('\n');
}
