import { isEmptyAnswer } from '../answers';
import type { Operator } from './expr';
import type { Value } from './values';
import { Column, asText, dateOfDay, dayNumber, num, sameValue, scalar, toAnswer } from './values';

/**
 * The meaning of each operator on already evaluated arguments. Total: any argument may be
 * absent or of the wrong type (an unchecked rule, a hostile peer's answer); the result is then
 * absent, or false for a comparison (`ne`: true when exactly one side is absent).
 */
type Impl = (args: readonly Value[]) => Value;

/** The present numbers of the arguments, columns spread into their cells: count/sum skip absents. */
function cells(args: readonly Value[]): Value[] {
  return args.flatMap((a) => (a instanceof Column ? a.cells : [a]));
}

function numbers(args: readonly Value[]): number[] {
  const out: number[] = [];
  for (const c of cells(args)) {
    const n = num(c);
    if (n !== undefined) out.push(n);
  }
  return out;
}

/** Arithmetic: every operand present and a number, the result finite; else absent. */
function arithmetic(fold: (a: number, b: number) => number, minArgs: number): Impl {
  return (args) => {
    if (args.length < minArgs) return undefined;
    let acc: number | undefined;
    for (const a of args) {
      const n = num(a);
      if (n === undefined) return undefined;
      acc = acc === undefined ? n : fold(acc, n);
    }
    return acc !== undefined && Number.isFinite(acc) ? acc : undefined;
  };
}

/** Order of two numbers or two dates; undefined when either is absent or they differ in kind. */
function order(a: Value, b: Value): number | undefined {
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x - y;
  const d = dayNumber(a);
  const e = dayNumber(b);
  return d !== undefined && e !== undefined ? d - e : undefined;
}

const compare = (test: (diff: number) => boolean): Impl => ([a, b]) => {
  const diff = order(a, b);
  return diff !== undefined && test(diff);
};

function equal([a, b]: readonly Value[]): boolean {
  const x = scalar(a);
  const y = scalar(b);
  return x !== undefined && y !== undefined && sameValue(x, y);
}

function contains([whole, part]: readonly Value[]): boolean {
  const w = scalar(whole);
  const p = scalar(part);
  if (typeof p !== 'string' || w === undefined) return false;
  if (Array.isArray(w)) return (w as readonly string[]).includes(p);
  // Text contains text regardless of case: "Leak" is found in "small leak at valve".
  return typeof w === 'string' && w.toLocaleLowerCase().includes(p.toLocaleLowerCase());
}

function round([value, digits]: readonly Value[]): Value {
  const n = num(value);
  const d = digits === undefined ? 0 : num(digits);
  if (n === undefined || d === undefined || !Number.isInteger(d) || d < 0 || d > 10) return undefined;
  const factor = 10 ** d;
  const r = Math.round(n * factor) / factor;
  return Number.isFinite(r) ? r : undefined;
}

function extreme(pick: (a: number, b: number) => number): Impl {
  return (args) => {
    const ns = numbers(args);
    return ns.length === 0 ? undefined : ns.reduce(pick);
  };
}

export const OPERATOR_IMPL: Readonly<Record<Operator, Impl>> = {
  eq: equal,
  ne: (args) => {
    const a = scalar(args[0]);
    const b = scalar(args[1]);
    if (a === undefined || b === undefined) return (a === undefined) !== (b === undefined);
    return !sameValue(a, b);
  },
  gt: compare((d) => d > 0),
  ge: compare((d) => d >= 0),
  lt: compare((d) => d < 0),
  le: compare((d) => d <= 0),
  contains,
  answered: ([a]) => !isEmptyAnswer(toAnswer(a)),
  and: (args) => args.length > 0 && args.every((a) => a === true),
  or: (args) => args.some((a) => a === true),
  // Two-valued, like and/or: an absent condition (an unticked, unanswered checkbox) is not true.
  not: ([a]) => a !== true,
  if: ([c, a, b]) => scalar(c === true ? a : b),
  add: arithmetic((a, b) => a + b, 1),
  sub: arithmetic((a, b) => a - b, 2),
  mul: arithmetic((a, b) => a * b, 1),
  div: (args) => {
    const [a, b] = args;
    const x = num(a);
    const y = num(b);
    if (args.length !== 2 || x === undefined || y === undefined || y === 0) return undefined;
    const q = x / y;
    return Number.isFinite(q) ? q : undefined;
  },
  round,
  count: (args) => cells(args).filter((c) => !isEmptyAnswer(toAnswer(c))).length,
  sum: (args) => numbers(args).reduce((a, b) => a + b, 0),
  min: extreme((a, b) => Math.min(a, b)),
  max: extreme((a, b) => Math.max(a, b)),
  concat: (args) => args.map(asText).join(''),
  daysBetween: ([a, b]) => {
    const d = dayNumber(a);
    const e = dayNumber(b);
    return d !== undefined && e !== undefined ? e - d : undefined;
  },
  addDays: ([date, days]) => {
    const d = dayNumber(date);
    const n = num(days);
    return d !== undefined && n !== undefined ? dateOfDay(d + Math.round(n)) : undefined;
  },
};
