import type { AnswerValue } from './answers';
import { isEmptyAnswer, validateAnswer } from './answers';
import { logicPartsOf } from './definition';
import type { ChecklistDefinition, ChecklistItem, ContentType, Definition, FormDefinition, ProcedureDefinition, Step } from './definition';
import type { Field } from './field';
import { compileLogic } from './logic';
import type { Repeat } from './logic/expr';
import type { CompiledLogic, LogicState } from './logic/types';
import { tally } from './progress';
import type { Progress, Unit } from './progress';
import { rowCountProblem, rowNoun } from './row-count';
import type { CompletionSnapshot } from './snapshot';
import { rowValueKey, stepValueKey } from './snapshot';

/**
 * The logic-aware view of a run: what counts, what is missing and what is wrong, with hidden
 * parts left out (their answers stay in the doc), `requiredWhen` applied, constraints refusing
 * with the author's message and calculated fields never asked for. Progress, finishing and
 * the runner's error summary all read this one answer, so they cannot disagree.
 */
export interface RunProblem {
  /** Where focus goes: a field's value key, a repeat group's key (its rows count is wrong). */
  readonly key: string;
  /** The titles around it, outermost first: `['Defects', 'Defect 2']`. */
  readonly where: readonly string[];
  /** The field's label, or the group's title. */
  readonly label: string;
  /** A sentence fragment: "required", "must be a number", the author's constraint message. */
  readonly message: string;
}

export interface RunCheck {
  readonly progress: Progress;
  /** Per visible section (form or checklist), by section id. */
  readonly perSection: ReadonlyMap<string, Progress>;
  /** Problem by key (field value key or repeat group key); empty when the answers are fine. */
  readonly errors: Readonly<Record<string, string>>;
  /** Required steps/items not answered yet, by id, in definition order. */
  readonly missing: readonly string[];
  /** Every problem in definition order, for the error summary. */
  readonly problems: readonly RunProblem[];
}

const compiled = new WeakMap<Definition, CompiledLogic>();

/** A definition's rules compiled once (versions are immutable, so the definition object is the cache key). */
export function compiledLogicOf(contentType: ContentType, def: Definition): CompiledLogic {
  let logic = compiled.get(def);
  if (logic === undefined) {
    logic = compileLogic(logicPartsOf(contentType, def));
    compiled.set(def, logic);
  }
  return logic;
}

/** The logic state of one snapshot, evaluated from scratch. */
export const logicStateOf = (contentType: ContentType, def: Definition, snapshot: CompletionSnapshot): LogicState =>
  compiledLogicOf(contentType, def).evaluate(snapshot);

/** A step or item is answered: its response chosen, or (a tick part) ticked. */
export function partDone(part: Pick<Step | ChecklistItem, 'id' | 'responses'>, snapshot: CompletionSnapshot): boolean {
  if (part.responses === undefined) return snapshot.done[part.id] === true;
  const value = snapshot.values[part.id];
  return typeof value === 'string' && value !== '';
}

/**
 * What a field shows and is checked with: its calculation, its answer, or, while nobody has
 * written it at all, its default (a cleared answer stays cleared).
 */
export function shownValue(key: string, snapshot: CompletionSnapshot, logic: LogicState): AnswerValue | undefined {
  if (logic.isCalculated(key)) return logic.valueOf(key);
  const answer = snapshot.values[key];
  return answer === undefined ? logic.valueOf(key) : answer;
}

/** One field's problem under the rules; undefined when it is fine, hidden or calculated. */
export function fieldProblem(field: Field, key: string, snapshot: CompletionSnapshot, logic: LogicState): string | undefined {
  if (!logic.isVisible(key) || logic.isCalculated(key)) return undefined;
  const value = shownValue(key, snapshot, logic);
  const basic = validateAnswer({ ...field, required: logic.isRequired(key) }, value);
  if (basic !== undefined || isEmptyAnswer(value)) return basic;
  return logic.constraintError(key);
}

/** Calculated values a finished run keeps in its record (hidden ones are left out, like their answers). */
export function frozenCalculations(logic: LogicState): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const [key, value] of logic.calculated) if (logic.isVisible(key)) out[key] = value;
  return out;
}

class Collector {
  readonly units: Unit[] = [];
  readonly sections = new Map<string, Unit[]>();
  readonly errors: Record<string, string> = {};
  readonly missing: string[] = [];
  readonly problems: RunProblem[] = [];

  constructor(
    readonly snapshot: CompletionSnapshot,
    readonly logic: LogicState,
  ) {}

  unit(unit: Unit, section: string | undefined): void {
    this.units.push(unit);
    if (section !== undefined) this.sections.get(section)?.push(unit);
  }

  problem(key: string, where: readonly string[], label: string, message: string): void {
    this.errors[key] ??= message;
    this.problems.push({ key, where, label, message });
  }

  /** A field: checked, and (unless `counts` is false) a unit of progress. */
  field(field: Field, key: string, where: readonly string[], section: string | undefined, counts = true): void {
    const { logic, snapshot } = this;
    if (!logic.isVisible(key) || logic.isCalculated(key)) return;
    const problem = fieldProblem(field, key, snapshot, logic);
    if (counts) this.unit({ required: logic.isRequired(key), done: problem === undefined && !isEmptyAnswer(shownValue(key, snapshot, logic)) }, section);
    if (problem !== undefined) this.problem(key, where, field.label, problem);
  }

  /** A repeat group: each live row's fields, validated per row, and its row count. */
  rows(group: string, title: string, repeat: Repeat, fields: readonly Field[], where: readonly string[], section: string | undefined, counts = true): void {
    const rows = this.logic.rowsOf(group);
    // Rows are named as the runner numbers them: "Defect 2".
    const noun = rowNoun(repeat);
    const name = noun.charAt(0).toUpperCase() + noun.slice(1);
    rows.forEach((row, i) => {
      for (const field of fields) this.field(field, rowValueKey(group, row, field.id), [...where, `${name} ${i + 1}`], section, counts);
    });
    const problem = rowCountProblem(repeat, rows.length);
    if (counts && repeat.countFrom === undefined && (repeat.min ?? 0) > 0) this.unit({ required: true, done: rows.length >= (repeat.min ?? 0) }, section);
    // The group's own title is its label, so its place is what encloses it.
    if (problem !== undefined) this.problem(group, where.slice(0, -1), title, problem);
  }

  openSection(id: string): void {
    this.sections.set(id, []);
  }

  result(): RunCheck {
    return {
      progress: tally(this.units),
      perSection: new Map([...this.sections].map(([id, units]) => [id, tally(units)])),
      errors: this.errors,
      missing: this.missing,
      problems: this.problems,
    };
  }
}

function checkProcedure(def: ProcedureDefinition, c: Collector): void {
  for (const step of def.steps) {
    if (!c.logic.isVisible(step.id)) continue;
    const done = partDone(step, c.snapshot);
    const required = c.logic.isRequired(step.id);
    // Progress counts steps, as before rules existed; a step's fields are checked once it is done.
    c.unit({ required, done }, undefined);
    if (required && !done) c.missing.push(step.id);
    if (!done) continue;
    const fields = step.fields ?? [];
    if (step.repeat !== undefined) c.rows(step.id, step.title, step.repeat, fields, [step.title], undefined, false);
    else for (const field of fields) c.field(field, stepValueKey(step.id, field.id), [step.title], undefined, false);
  }
}

function checkChecklist(def: ChecklistDefinition, c: Collector): void {
  for (const field of def.fields ?? []) c.field(field, field.id, [], undefined);
  for (const section of def.sections) {
    if (!c.logic.isVisible(section.id)) continue;
    c.openSection(section.id);
    for (const item of section.items) {
      if (!c.logic.isVisible(item.id)) continue;
      const done = partDone(item, c.snapshot);
      const required = c.logic.isRequired(item.id);
      c.unit({ required, done }, section.id);
      if (required && !done) c.missing.push(item.id);
    }
  }
}

function checkForm(def: FormDefinition, c: Collector): void {
  for (const field of def.fields) c.field(field, field.id, [], undefined);
  for (const section of def.sections ?? []) {
    if (!c.logic.isVisible(section.id)) continue;
    c.openSection(section.id);
    if (section.repeat !== undefined) c.rows(section.id, section.title, section.repeat, section.fields, [section.title], section.id);
    else for (const field of section.fields) c.field(field, field.id, [section.title], section.id);
  }
}

/**
 * Check a run against its definition under its rules. `logic` is the state for this
 * snapshot (`logicStateOf`, or the runner's incrementally updated one).
 */
export function checkRun(contentType: ContentType, def: Definition, snapshot: CompletionSnapshot, logic: LogicState = logicStateOf(contentType, def, snapshot)): RunCheck {
  const c = new Collector(snapshot, logic);
  switch (contentType) {
    case 'procedure':
      checkProcedure(def as ProcedureDefinition, c);
      break;
    case 'checklist':
      checkChecklist(def as ChecklistDefinition, c);
      break;
    case 'form':
      checkForm(def as FormDefinition, c);
      break;
  }
  return c.result();
}
