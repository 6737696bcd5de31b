import type { Expr, Operator } from './expr';
import type { PartIndex } from './resolve';
import type { LogicPart, ValueType } from './types';

/** A problem with a definition's rules: where it is (a path into the definition) and a sentence. */
export interface LogicIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Operators in an author's words, for publish messages. */
export const OPERATOR_WORDS: Readonly<Record<Operator, string>> = {
  eq: 'equals',
  ne: 'does not equal',
  gt: 'is more than',
  ge: 'is at least',
  lt: 'is less than',
  le: 'is at most',
  contains: 'contains',
  answered: 'is answered',
  and: 'all of',
  or: 'any of',
  not: 'not',
  if: 'if … then … else',
  add: 'plus',
  sub: 'minus',
  mul: 'times',
  div: 'divided by',
  round: 'round',
  count: 'count',
  sum: 'sum',
  min: 'smallest of',
  max: 'largest of',
  concat: 'join as text',
  daysBetween: 'days between',
  addDays: 'add days',
};

/** A value type as a noun phrase: "a number", "a date". */
export const TYPE_WORDS: Readonly<Record<ValueType | 'any', string>> = {
  text: 'text',
  number: 'a number',
  date: 'a date',
  boolean: 'a yes-or-no value',
  choice: 'a choice',
  list: 'a list of choices',
  none: 'no answer',
  any: 'no value',
};

/** What the definition is called in a sentence, from the kinds of its parts. */
export function definitionWord(parts: readonly LogicPart[]): string {
  if (parts.some((p) => p.kind === 'step')) return 'procedure';
  if (parts.some((p) => p.kind === 'item')) return 'checklist';
  return 'form';
}

export const quote = (text: string): string => `"${text}"`;

/** The words for an expression inside a sentence: a part by its label, a constant as written. */
export function describe(expr: Expr, index: PartIndex, from: LogicPart | undefined): string {
  if ('lit' in expr) return typeof expr.lit === 'string' ? quote(expr.lit) : expr.lit === null ? 'nothing' : typeof expr.lit === 'boolean' ? (expr.lit ? 'yes' : 'no') : String(expr.lit);
  if ('ref' in expr) return quote(index.resolve(expr.ref, from)?.part.label ?? expr.ref);
  return `the result of ${quote(OPERATOR_WORDS[expr.op] ?? expr.op)}`;
}

/** How a message starts: `"Show when" of "Injury details"`. */
export const ruleOf = (title: string, part: LogicPart): string => `${quote(title)} of ${quote(part.label)}`;
