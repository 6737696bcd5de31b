import type { AnswerValue } from '../answers';
import type { CompletionSnapshot } from '../snapshot';
import type { Constraint, Expr, Repeat } from './expr';

/**
 * What the logic engine answers for one set of answers (one `CompletionSnapshot`). Keys are
 * the completion keys: a field key (form field id, checklist header field id, `stepId.fieldId`),
 * a step, item or section id, and inside a repeat group `groupId.rowId.fieldId`.
 */
export interface LogicState {
  /** Shown: its own `visibleWhen` holds and so does every enclosing part's (section, step, group). */
  isVisible(key: string): boolean;
  /** Required now: visible, and `required: true` or its `requiredWhen` holds. */
  isRequired(key: string): boolean;
  /** The message of the first constraint the answer fails; undefined when none fails (or unanswered, or hidden). */
  constraintError(key: string): string | undefined;
  /** The value a reader sees: the calculation for a calculated field, else the answer, else the default. */
  valueOf(key: string): AnswerValue | undefined;
  isCalculated(key: string): boolean;
  /** Every calculated field's current value by key (a finished run freezes these in its record). */
  readonly calculated: ReadonlyMap<string, AnswerValue>;
  /** Keys that hold an answer but are hidden: kept in the doc, left out of validation, progress and export. */
  hiddenAnswered(): string[];
  /** The live rows of a repeat group in order (a count-driven group's `r1..rN`); empty for anything else. */
  rowsOf(group: string): readonly string[];
}

/** A definition's rules compiled once, with the dependency graph between answers and rules. */
export interface CompiledLogic {
  /** Everything evaluated from scratch. Total: never throws, whatever the answers hold. */
  evaluate(snapshot: CompletionSnapshot): LogicState;
  /**
   * The state after `changed` keys (answers written, rows added/moved/removed: the group key)
   * changed: only the rules that depend on them are re-evaluated, in dependency order.
   * Equal to `evaluate(snapshot)`.
   */
  update(previous: LogicState, snapshot: CompletionSnapshot, changed: Iterable<string>): LogicState;
}

/** The type of the value a reference yields; `list` is a multiselect's choices or a repeat column. */
export type ValueType = 'text' | 'number' | 'date' | 'boolean' | 'choice' | 'list' | 'none';

/**
 * One part of a definition as the logic engine sees it, whatever the content type
 * (`logicPartsOf` in definition.ts makes the list, in definition order). The engine never
 * reads a definition itself, so it depends on nothing but this.
 */
export interface LogicPart {
  /** Its completion key (see `LogicState`); inside a repeat group the *template* key `groupId.fieldId`. */
  readonly key: string;
  readonly kind: 'field' | 'item' | 'step' | 'section';
  /** Where it is in the definition, for publish messages: `['sections', 1, 'fields', 0]`. */
  readonly path: readonly (string | number)[];
  readonly label: string;
  /** What `{ref: key}` yields: a field by its kind, a response part its response id (`choice`), a tick part `boolean`, a section `none`. */
  readonly valueType: ValueType;
  /** The possible values of a `choice` (response ids, select options). */
  readonly options?: readonly string[];
  /** The key of the enclosing section or step: hidden with it. */
  readonly parent?: string;
  /** Inside a repeat group: the group's key (section or step id). Its key is then `groupId.fieldId`. */
  readonly group?: string;
  /** Set on a section or step whose fields repeat. */
  readonly repeat?: Repeat;
  readonly required: boolean;
  readonly visibleWhen?: Expr;
  readonly requiredWhen?: Expr;
  readonly constraints?: readonly Constraint[];
  readonly calculate?: Expr;
  readonly default?: Expr;
}
