import type { Expr } from './expr';
import { MAX_EXPR_DEPTH, OPERATORS } from './expr';
import type { LogicGraph } from './graph';
import { OPERATOR_IMPL } from './operators';
import type { PartIndex } from './resolve';
import type { LogicPart } from './types';
import type { Value } from './values';
import { Column } from './values';

/** Where a compiled rule reads: every node's current result, and the row it is evaluated for. */
export interface Env {
  readonly slots: readonly unknown[];
  readonly row: string | undefined;
}

export type Compiled = (env: Env) => Value;

const absent: Compiled = () => undefined;

/** A per-row node's cell for `row` (a group node's result is a Map of row id to value). */
export function cell(slot: unknown, row: string): unknown {
  return slot instanceof Map ? (slot as Map<string, unknown>).get(row) : undefined;
}

/** The live rows a `rows` node computed. */
export function rowsIn(slot: unknown): readonly string[] {
  return Array.isArray(slot) ? (slot as string[]) : [];
}

/**
 * An expression as a closure over node results, references resolved once. Anything malformed
 * (unknown operator, unresolved reference, too deep) compiles to "absent" rather than throwing.
 */
export function compileExpr(expr: Expr, index: PartIndex, graph: LogicGraph, from: LogicPart | undefined, depth = 1): Compiled {
  if (depth > MAX_EXPR_DEPTH || expr === null || typeof expr !== 'object') return absent;
  if ('lit' in expr) {
    const lit = expr.lit;
    const value: Value = typeof lit === 'string' || typeof lit === 'boolean' || (typeof lit === 'number' && Number.isFinite(lit)) ? lit : undefined;
    return () => value;
  }
  if ('ref' in expr) return compileRef(expr.ref, index, graph, from);
  if ('op' in expr && (OPERATORS as readonly string[]).includes(expr.op) && Array.isArray(expr.args)) {
    const impl = OPERATOR_IMPL[expr.op];
    const args = (expr.args as readonly Expr[]).map((a) => compileExpr(a, index, graph, from, depth + 1));
    return (env) => impl(args.map((a) => a(env)));
  }
  return absent;
}

function compileRef(ref: unknown, index: PartIndex, graph: LogicGraph, from: LogicPart | undefined): Compiled {
  if (typeof ref !== 'string') return absent;
  const resolved = index.resolve(ref, from);
  const nodes = resolved === undefined ? undefined : graph.byPart.get(resolved.part.key);
  if (resolved === undefined || nodes === undefined) return absent;
  const { vis, val } = nodes;
  const perRow = graph.nodes[val]?.group !== undefined;
  if (resolved.kind === 'part' || !perRow) {
    // A hidden part's answer counts as absent for every rule.
    return (env) => (env.slots[vis] === true ? (env.slots[val] as Value) : undefined);
  }
  if (resolved.kind === 'row') {
    return (env) => (env.row !== undefined && cell(env.slots[vis], env.row) === true ? (cell(env.slots[val], env.row) as Value) : undefined);
  }
  const rows = graph.rowsOf.get(resolved.part.group ?? '');
  if (rows === undefined) return absent;
  return (env) => {
    const visible = env.slots[vis];
    const values = env.slots[val];
    return new Column(rowsIn(env.slots[rows]).map((r) => (cell(visible, r) === true ? (cell(values, r) as Value) : undefined)));
  };
}
