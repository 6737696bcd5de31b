import type { Expr, Literal } from './logic/expr';
import type { ValueType } from './logic/types';

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

