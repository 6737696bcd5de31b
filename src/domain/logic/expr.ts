import { z } from 'zod';

/**
 * Rules are data: a small JSON expression tree, validated by zod when a version is published,
 * type-checked and compiled once (see `logic/`), evaluated without `eval`.
 *
 * - `{lit}` a constant.
 * - `{ref}` the current answer of a part: a field id (form, checklist header), a
 *   `stepId.fieldId` (a procedure step's field), a checklist item or procedure step id (its
 *   response id, or `true` when a tick part is done). Inside a repeat group a bare field id
 *   of that group means the same row's field; `groupId.fieldId` outside the group is the
 *   whole column (a list, for `count`/`sum`/`min`/`max`).
 * - `{op, args}` an operator applied to its arguments (see `OPERATORS`).
 */
export const OPERATORS = [
  // comparisons
  'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'contains', 'answered',
  // logic
  'and', 'or', 'not', 'if',
  // arithmetic
  'add', 'sub', 'mul', 'div', 'round',
  // aggregates over a repeat column (or over their arguments)
  'count', 'sum', 'min', 'max',
  // text and dates
  'concat', 'daysBetween', 'addDays',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type Literal = string | number | boolean | null;
export type Expr = { readonly lit: Literal } | { readonly ref: string } | { readonly op: Operator; readonly args: readonly Expr[] };

/** Deep enough for any rule a person writes; a bound so a hostile file costs bounded work. */
export const MAX_EXPR_DEPTH = 24;
export const MAX_EXPR_ARGS = 50;

const refKey = z.string().min(1).max(160).regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'a reference names a part by its id');

/**
 * How deep a tree is read at all. The checker refuses past MAX_EXPR_DEPTH with a message that
 * names the rule; this bound only keeps a hostile file (a version PUT, an import) from
 * recursing the parser into a stack overflow: a loop finds it before any recursion.
 */
export const MAX_PARSE_DEPTH = 200;

function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > limit) return true;
    const args = typeof node === 'object' && node !== null ? (node as { args?: unknown }).args : undefined;
    if (Array.isArray(args)) for (const arg of args.slice(0, MAX_EXPR_ARGS + 1)) stack.push([arg, depth + 1]);
  }
  return false;
}

const exprTree: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.object({ lit: z.union([z.string().max(1000), z.number().finite(), z.boolean(), z.null()]) }).strict(),
    z.object({ ref: refKey }).strict(),
    z.object({ op: z.enum(OPERATORS), args: z.array(exprTree).max(MAX_EXPR_ARGS) }).strict(),
  ]),
);

export const exprSchema: z.ZodType<Expr> = z
  .unknown()
  .refine((value) => !nestedDeeperThan(value, MAX_PARSE_DEPTH), `a rule is nested more than ${MAX_PARSE_DEPTH} levels deep and cannot be read`)
  .pipe(exprTree);

/** A constraint on a field's answer: when `check` is false the answer is refused with `message`. */
export const constraintSchema = z.object({ check: exprSchema, message: z.string().min(1).max(200) });
export type Constraint = z.infer<typeof constraintSchema>;

/** Any part that can be shown or hidden, or required on a condition. */
export const conditionalShape = {
  /** Shown only while this holds; absent: always shown. Hidden answers are kept (DESIGN §7). */
  visibleWhen: exprSchema.optional(),
  /** Required while this holds (in addition to `required: true`, which always requires). */
  requiredWhen: exprSchema.optional(),
};

/** What a field can add: constraints, a calculation (read-only, derived on read) and a default. */
export const fieldLogicShape = {
  ...conditionalShape,
  constraints: z.array(constraintSchema).max(10).optional(),
  /** A calculated, read-only value: derived on read, never written into the doc. */
  calculate: exprSchema.optional(),
  /** The value read while nobody has answered the field. */
  default: exprSchema.optional(),
};

/** Repeat groups: rows added on the device (one per defect, per person). */
export const repeatSchema = z.object({
  min: z.number().int().min(0).max(200).optional(),
  max: z.number().int().min(1).max(200).optional(),
  /** Rows driven by a number field's answer (deterministic row ids `r1`, `r2`, …). */
  countFrom: refKey.optional(),
  /** The add button's words ("Add defect"). */
  addLabel: z.string().min(1).max(60).optional(),
});
export type Repeat = z.infer<typeof repeatSchema>;
