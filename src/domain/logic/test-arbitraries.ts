import fc from 'fast-check';
import type { Expr } from './expr';
import { OPERATORS } from './expr';

/** What typed rules may refer to, by the type a reference yields. */
export interface RefPool {
  readonly number: readonly string[];
  readonly boolean: readonly string[];
  readonly text: readonly string[];
  readonly date: readonly string[];
  /** A choice and its options. */
  readonly choice: readonly { readonly ref: string; readonly options: readonly string[] }[];
  readonly list: readonly { readonly ref: string; readonly options: readonly string[] }[];
  /** Repeat columns: numbers (sum/min/max) and any (count). */
  readonly numberColumn: readonly string[];
  readonly anyColumn: readonly string[];
}

export type Scalar = 'number' | 'boolean' | 'text' | 'date';

const o = (op: Extract<Expr, { op: unknown }>['op'], ...args: Expr[]): Expr => ({ op, args });
const DATES = ['2024-02-28', '2024-02-29', '2026-01-15', '2026-12-31'];

/** A well-typed expression of `type` over `pool`, at most `depth` deep. */
export function typed(pool: RefPool, type: Scalar, depth: number): fc.Arbitrary<Expr> {
  const refs = (keys: readonly string[]): fc.Arbitrary<Expr>[] => (keys.length === 0 ? [] : [fc.constantFrom(...keys).map((ref) => ({ ref }))]);
  const leaves: Record<Scalar, fc.Arbitrary<Expr>[]> = {
    number: [fc.integer({ min: -50, max: 50 }).map((lit) => ({ lit })), ...refs(pool.number)],
    boolean: [fc.boolean().map((lit) => ({ lit })), ...refs(pool.boolean)],
    text: [fc.constantFrom('a', 'Ute 14', 'leak', '').map((lit) => ({ lit })), ...refs(pool.text)],
    date: [fc.constantFrom(...DATES).map((lit) => ({ lit })), ...refs(pool.date)],
  };
  if (depth <= 1) return fc.oneof(...leaves[type]);
  const sub = (t: Scalar): fc.Arbitrary<Expr> => typed(pool, t, depth - 1);
  const n = sub('number');
  const b = sub('boolean');
  const any = fc.oneof(n, b, sub('text'), sub('date'));
  const cols = (keys: readonly string[], opName: 'sum' | 'min' | 'max' | 'count'): fc.Arbitrary<Expr>[] => (keys.length === 0 ? [] : [fc.constantFrom(...keys).map((ref) => o(opName, { ref }))]);
  const choiceEq = pool.choice.map(({ ref, options }) => fc.tuple(fc.constantFrom('eq', 'ne' as const), fc.constantFrom(...options)).map(([name, lit]) => o(name, { ref }, { lit })));
  const listHas = pool.list.map(({ ref, options }) => fc.constantFrom(...options).map((lit) => o('contains', { ref }, { lit })));
  const ops: Record<Scalar, fc.Arbitrary<Expr>[]> = {
    number: [
      fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div' as const), n, n).map(([name, x, y]) => o(name, x, y)),
      n.map((x) => o('round', x)),
      ...cols(pool.numberColumn, 'sum'),
      ...cols(pool.numberColumn, 'max'),
      ...cols(pool.anyColumn, 'count'),
      fc.tuple(sub('date'), sub('date')).map(([x, y]) => o('daysBetween', x, y)),
      fc.tuple(b, n, n).map(([c, x, y]) => o('if', c, x, y)),
    ],
    boolean: [
      fc.tuple(fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le' as const), n, n).map(([name, x, y]) => o(name, x, y)),
      fc.tuple(fc.constantFrom('lt', 'eq' as const), sub('date'), sub('date')).map(([name, x, y]) => o(name, x, y)),
      fc.tuple(sub('text'), fc.constantFrom('a', 'leak')).map(([x, lit]) => o('contains', x, { lit })),
      any.map((x) => o('answered', x)),
      fc.tuple(fc.constantFrom('and', 'or' as const), fc.array(b, { minLength: 1, maxLength: 3 })).map(([name, xs]) => o(name, ...xs)),
      b.map((x) => o('not', x)),
      ...choiceEq,
      ...listHas,
    ],
    text: [fc.array(any, { minLength: 1, maxLength: 3 }).map((xs) => o('concat', ...xs)), fc.tuple(b, sub('text'), sub('text')).map(([c, x, y]) => o('if', c, x, y))],
    date: [fc.tuple(sub('date'), n).map(([d, x]) => o('addDays', d, x)), fc.tuple(b, sub('date'), sub('date')).map(([c, x, y]) => o('if', c, x, y))],
  };
  return fc.oneof({ depthSize: 'small' }, ...leaves[type], ...ops[type]);
}

/**
 * A boolean expression with one ill-typed term somewhere inside: a wrong argument type,
 * a wrong number of arguments, or a constant that is not one of a choice's options.
 */
export function illTyped(pool: RefPool, depth: number): fc.Arbitrary<Expr> {
  const n = typed(pool, 'number', 2);
  const b = typed(pool, 'boolean', 2);
  const t = fc.constantFrom(...pool.text).map((ref): Expr => ({ ref }));
  const d = fc.constantFrom(...pool.date).map((ref): Expr => ({ ref }));
  const bad: fc.Arbitrary<Expr>[] = [
    fc.tuple(t, n).map(([x, y]) => o('gt', x, y)),
    fc.tuple(n, d).map(([x, y]) => o('eq', x, y)),
    fc.tuple(b, n).map(([x, y]) => o('and', x, o('add', y, y))),
    n.map((x) => o('not', x)),
    fc.tuple(n, t).map(([x, y]) => o('contains', x, y)),
    fc.tuple(t, n).map(([x, y]) => o('lt', o('add', x, y), y)),
    fc.constantFrom(...pool.anyColumn.filter((c) => !pool.numberColumn.includes(c))).map((ref) => o('gt', o('sum', { ref }), { lit: 0 })),
    fc.tuple(n, d).map(([x, y]) => o('gt', o('daysBetween', x, y), { lit: 0 })),
    fc.tuple(d, t).map(([x, y]) => o('eq', o('addDays', x, y), x)),
    fc.tuple(n, b).map(([x, y]) => o('if', x, y, y)),
    fc.tuple(b, n).map(([x, y]) => o('if', x, x, y)),
    fc.tuple(b, b).map(([x, y]) => o('not', x, y)),
    n.map((x) => o('eq', x)),
    n.map((x) => o('sub', x, x, x)),
    fc.constant(o('eq', { ref: pool.choice[0]?.ref ?? '' }, { lit: 'Fail' })),
    fc.constant(o('contains', { ref: pool.list[0]?.ref ?? '' }, { lit: 'N2' })),
  ];
  const hole = fc.oneof(...bad);
  const embed = (inner: fc.Arbitrary<Expr>, level: number): fc.Arbitrary<Expr> =>
    level <= 0
      ? inner
      : fc.oneof(
          inner,
          fc.tuple(embed(inner, level - 1), b).map(([x, y]) => o('and', y, x)),
          embed(inner, level - 1).map((x) => o('not', x)),
          fc.tuple(embed(inner, level - 1), b).map(([x, y]) => o('if', y, x, y)),
          fc.tuple(embed(inner, level - 1), n).map(([x, y]) => o('gt', o('if', x, y, y), y)),
        );
  return embed(hole, depth);
}

/** Any expression at all, typed or not, with references to known and unknown parts. */
export function anyExpr(refs: readonly string[]): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.oneof(fc.string({ maxLength: 12 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('2024-02-29', '2026-13-01')).map((lit) => ({ lit })),
      fc.constantFrom(...refs, 'nope', 'g.r1.x', 'g').map((ref) => ({ ref })),
      fc.tuple(fc.constantFrom(...OPERATORS), fc.array(tie('expr'), { maxLength: 4 })).map(([op, args]) => ({ op, args })),
    ),
  }));
  return expr;
}
