import type { ContentType, Definition } from './definition';
import { logicPartsOf } from './definition';
import type { Expr, Literal } from './logic/expr';
import type { LogicPart, ValueType } from './logic/types';
import { BUILT_IN_RESPONSE_SETS } from './responses';

/**
 * The editor's rule builders, pure: what a person picks in rows of [question][test][value]
 * turned into the rule tree (`logic/expr.ts`) and read back from it. A tree the builder cannot
 * show (an imported file's hand-written rule) reads back as `null`: the editor then shows it
 * as a custom rule, kept as it is, never rewritten.
 */

export const TESTS = ['eq', 'ne', 'contains', 'gt', 'lt', 'answered', 'notAnswered'] as const;
export type Test = (typeof TESTS)[number];

export const TEST_LABEL: Record<Test, string> = {
  eq: 'is',
  ne: 'is not',
  contains: 'contains',
  gt: 'is more than',
  lt: 'is less than',
  answered: 'is answered',
  notAnswered: 'is not answered',
};

/** Tests without a value to compare with. */
export const testNeedsValue = (test: Test): boolean => test !== 'answered' && test !== 'notAnswered';

/** The tests that make sense for a question's type of answer. */
export function testsFor(type: ValueType): readonly Test[] {
  switch (type) {
    case 'number':
    case 'date':
      return ['eq', 'ne', 'gt', 'lt', 'answered', 'notAnswered'];
    case 'text':
      return ['eq', 'ne', 'contains', 'answered', 'notAnswered'];
    case 'list':
      return ['contains', 'answered', 'notAnswered'];
    case 'choice':
    case 'boolean':
      return ['eq', 'ne', 'answered', 'notAnswered'];
    case 'none':
      return [];
  }
}

/** One row of a condition: `ref` names the question as a rule refers to it. */
export interface ConditionRow {
  readonly ref: string;
  readonly test: Test;
  /** The value compared with (absent for answered / not answered, and while not picked yet). */
  readonly value?: Literal;
}
export type Combine = 'all' | 'any';
export interface Condition {
  readonly combine: Combine;
  readonly rows: readonly ConditionRow[];
}

const rowExpr = (row: ConditionRow): Expr => {
  const ref: Expr = { ref: row.ref };
  if (row.test === 'answered') return { op: 'answered', args: [ref] };
  if (row.test === 'notAnswered') return { op: 'not', args: [{ op: 'answered', args: [ref] }] };
  return { op: row.test, args: [ref, { lit: row.value ?? null }] };
};

/** The rule a condition builds: `{op: 'and'|'or', args: [...]}`; undefined when it has no rows. */
export function conditionToExpr(condition: Condition): Expr | undefined {
  if (condition.rows.length === 0) return undefined;
  return { op: condition.combine === 'all' ? 'and' : 'or', args: condition.rows.map(rowExpr) };
}

const isRef = (e: Expr | undefined): e is { ref: string } => e !== undefined && 'ref' in e;
const isLit = (e: Expr | undefined): e is { lit: Literal } => e !== undefined && 'lit' in e;
const COMPARISONS = new Set<string>(['eq', 'ne', 'contains', 'gt', 'lt']);

function exprRow(expr: Expr): ConditionRow | null {
  if (!('op' in expr)) return null;
  const [a, b] = expr.args;
  if (expr.op === 'answered' && expr.args.length === 1 && isRef(a)) return { ref: a.ref, test: 'answered' };
  if (expr.op === 'not' && expr.args.length === 1 && a !== undefined && 'op' in a && a.op === 'answered' && a.args.length === 1 && isRef(a.args[0])) {
    return { ref: a.args[0].ref, test: 'notAnswered' };
  }
  if (COMPARISONS.has(expr.op) && expr.args.length === 2 && isRef(a) && isLit(b)) {
    return b.lit === null ? { ref: a.ref, test: expr.op as Test } : { ref: a.ref, test: expr.op as Test, value: b.lit };
  }
  return null;
}

/** A rule as builder rows, or null when the builder cannot show it (then it is a custom rule). */
export function exprToCondition(expr: Expr | undefined): Condition | null {
  if (expr === undefined) return { combine: 'all', rows: [] };
  if ('op' in expr && (expr.op === 'and' || expr.op === 'or')) {
    const rows = expr.args.map(exprRow);
    if (rows.some((r) => r === null)) return null;
    return { combine: expr.op === 'and' ? 'all' : 'any', rows: rows as ConditionRow[] };
  }
  const row = exprRow(expr);
  return row === null ? null : { combine: 'all', rows: [row] };
}

/** A calculation the builder offers. Operands are a question's ref or a constant. */
export type Operand = { readonly ref: string } | { readonly lit: number | string };
export type Calculation =
  | { readonly kind: 'aggregate'; readonly op: 'sum' | 'count' | 'min' | 'max'; readonly refs: readonly string[] }
  | { readonly kind: 'arithmetic'; readonly op: 'add' | 'sub' | 'mul' | 'div'; readonly a: Operand; readonly b: Operand }
  | { readonly kind: 'daysBetween'; readonly from: string; readonly to: string }
  /** A date some days after an earlier date answer (a due date 14 days after the inspection). */
  | { readonly kind: 'addDays'; readonly from: string; readonly days: Operand }
  | { readonly kind: 'concat'; readonly parts: readonly Operand[] };
export type CalculationKind = Calculation['kind'];

export function calculationToExpr(calc: Calculation): Expr {
  switch (calc.kind) {
    case 'aggregate':
      return { op: calc.op, args: calc.refs.map((ref) => ({ ref })) };
    case 'arithmetic':
      return { op: calc.op, args: [calc.a, calc.b] };
    case 'daysBetween':
      return { op: 'daysBetween', args: [{ ref: calc.from }, { ref: calc.to }] };
    case 'addDays':
      return { op: 'addDays', args: [{ ref: calc.from }, calc.days] };
    case 'concat':
      return { op: 'concat', args: calc.parts };
  }
}

const operandOf = (e: Expr | undefined): Operand | null =>
  isRef(e) ? { ref: e.ref } : isLit(e) && (typeof e.lit === 'number' || typeof e.lit === 'string') ? { lit: e.lit } : null;

/** A calculation as the builder shows it, or null for one it cannot show (a custom rule). */
export function exprToCalculation(expr: Expr | undefined): Calculation | null {
  if (expr === undefined || !('op' in expr)) return null;
  const args = expr.args;
  switch (expr.op) {
    case 'sum':
    case 'count':
    case 'min':
    case 'max':
      return args.every(isRef) ? { kind: 'aggregate', op: expr.op, refs: args.map((a) => (a).ref) } : null;
    case 'add':
    case 'sub':
    case 'mul':
    case 'div': {
      const a = operandOf(args[0]);
      const b = operandOf(args[1]);
      return args.length === 2 && a !== null && b !== null ? { kind: 'arithmetic', op: expr.op, a, b } : null;
    }
    case 'daysBetween':
      return args.length === 2 && isRef(args[0]) && isRef(args[1]) ? { kind: 'daysBetween', from: args[0].ref, to: args[1].ref } : null;
    case 'addDays': {
      const days = operandOf(args[1]);
      return args.length === 2 && isRef(args[0]) && days !== null ? { kind: 'addDays', from: args[0].ref, days } : null;
    }
    case 'concat': {
      const parts = args.map(operandOf);
      return parts.every((p) => p !== null) ? { kind: 'concat', parts: parts } : null;
    }
    default:
      return null;
  }
}

/** A question a rule can ask about, as the builder offers it. */
export interface Question {
  /** What the rule writes in `{ref}`. */
  readonly ref: string;
  readonly label: string;
  readonly type: ValueType;
  /** For choice questions: the values, with the words shown for them. */
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  /** A repeat group's column (a list of answers): only for sum/count/min/max. */
  readonly column: boolean;
}

function optionsOf(part: LogicPart, def: Definition): Question['options'] {
  if (part.options === undefined) return undefined;
  if (part.kind === 'field') return part.options.map((o) => ({ value: o, label: o }));
  // A part's set is not on the LogicPart: the definition's own sets name a response id first.
  const labels = new Map<string, string>();
  for (const set of [...(def.responseSets ?? []), ...BUILT_IN_RESPONSE_SETS]) for (const r of set.responses) if (!labels.has(r.id)) labels.set(r.id, r.label);
  return part.options.map((o) => ({ value: o, label: labels.get(o) ?? o }));
}

/** What `{ref}` accepts (logic/expr.ts): a rule the draft holds must always parse, or the draft would not save. */
const REF = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/** The part at a definition path (`sections.1.fields.0`), as the logic engine sees it. */
export function partAt(contentType: ContentType, def: Definition, path: string): LogicPart | undefined {
  return logicPartsOf(contentType, def).find((p) => p.path.join('.') === path);
}

/**
 * The questions a rule on the part at `path` can ask about: the answerable parts BEFORE it
 * (earlier answers; the checker refuses cycles anyway). Inside a repeat group a sibling is
 * named by its bare field id (the same row's answer); another group's fields are columns.
 */
export function questionsBefore(contentType: ContentType, def: Definition, path: string): Question[] {
  const parts = logicPartsOf(contentType, def);
  const at = parts.findIndex((p) => p.path.join('.') === path);
  const self = parts[at];
  const before = at < 0 ? parts : parts.slice(0, at);
  const own = self?.group ?? (self?.repeat !== undefined ? self.key : undefined);
  const questions: Question[] = [];
  for (const part of before) {
    // A part whose id is not a valid reference yet (an imported oddity) cannot be asked about.
    if (part.valueType === 'none' || !REF.test(part.key)) continue;
    const label = part.label.trim() === '' ? '(no label yet)' : part.label.trim();
    const options = optionsOf(part, def);
    const base = { label, type: part.valueType, ...(options === undefined ? {} : { options }) };
    if (part.group === undefined) questions.push({ ...base, ref: part.key, column: false });
    else if (part.group === own) questions.push({ ...base, ref: part.key.slice(part.group.length + 1), column: false });
    else questions.push({ ...base, ref: part.key, column: true });
  }
  return questions;
}

/** The part at `path` itself as a question (a constraint checks the field's own answer). */
export function selfQuestion(contentType: ContentType, def: Definition, path: string): Question | undefined {
  const part = partAt(contentType, def, path);
  if (part === undefined || part.valueType === 'none') return undefined;
  const options = optionsOf(part, def);
  const ref = part.group === undefined ? part.key : part.key.slice(part.group.length + 1);
  const label = part.label.trim() === '' ? 'This answer' : `This answer (${part.label.trim()})`;
  return { ref, label, type: part.valueType, ...(options === undefined ? {} : { options }), column: false };
}

/** The literal a new condition row starts with for a question: its first option, `true`, or nothing yet. */
export function firstValue(question: Question | undefined): Literal {
  if (question === undefined) return null;
  if (question.options !== undefined && question.options.length > 0 && (question.type === 'choice' || question.type === 'list')) return question.options[0]?.value ?? null;
  if (question.type === 'boolean') return true;
  return null;
}

/** A fresh condition row about `question`, with the first test that fits it. */
export function newRow(question: Question): ConditionRow {
  const test = testsFor(question.type)[0] ?? 'answered';
  return testNeedsValue(test) ? { ref: question.ref, test, value: firstValue(question) } : { ref: question.ref, test };
}

/** The answerable fields a run's name can be made from (`{key}`): fields outside repeat groups. */
export function titleKeys(contentType: ContentType, def: Definition): { readonly key: string; readonly label: string }[] {
  return logicPartsOf(contentType, def)
    .filter((p) => p.kind === 'field' && p.group === undefined && REF.test(p.key))
    .map((p) => ({ key: p.key, label: p.label.trim() === '' ? '(no label yet)' : p.label.trim() }));
}

/** An example of a run's name: each `{key}` shown as its field's label in brackets. */
export function titleExample(template: string, keys: readonly { readonly key: string; readonly label: string }[]): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, key: string) => {
    const found = keys.find((k) => k.key === key);
    return found === undefined ? whole : `‹${found.label}›`;
  });
}

/** A place in a definition and what is unfinished there. */
export interface UnfinishedRule {
  /** The rule's path (where its builder is). */
  readonly path: readonly (string | number)[];
  /** The part's path (what the place is named by). */
  readonly place: readonly (string | number)[];
  readonly message: string;
}

const RULE_WORDS = { visibleWhen: '“show when”', requiredWhen: '“required when”' } as const;

/**
 * Conditions the builder left half-made: a row whose test compares with a value not given yet
 * (a number or date still blank). The checker would accept `= nothing`; the author meant a value.
 */
export function unfinishedRules(contentType: ContentType, def: Definition): UnfinishedRule[] {
  const out: UnfinishedRule[] = [];
  for (const part of logicPartsOf(contentType, def)) {
    const look = (expr: Expr | undefined, path: readonly (string | number)[], what: string): void => {
      exprToCondition(expr)?.rows.forEach((row, i) => {
        if (testNeedsValue(row.test) && row.value === undefined) out.push({ path, place: part.path, message: `${what}: condition ${i + 1} has no value to compare with yet` });
      });
    };
    look(part.visibleWhen, [...part.path, 'visibleWhen'], RULE_WORDS.visibleWhen);
    look(part.requiredWhen, [...part.path, 'requiredWhen'], RULE_WORDS.requiredWhen);
    (part.constraints ?? []).forEach((c, i) => look(c.check, [...part.path, 'constraints', i, 'check'], `check ${i + 1}`));
  }
  return out;
}
