import { isEmptyAnswer } from '../answers';
import type { CompletionSnapshot } from '../snapshot';
import { rowValueKey } from '../snapshot';
import type { Compiled } from './compile-expr';
import { cell, compileExpr, rowsIn } from './compile-expr';
import type { LogicGraph, LogicNode } from './graph';
import type { PartIndex } from './resolve';
import type { LogicPart } from './types';
import { num, own, readAs, toAnswer } from './values';

/** Rows a repeat group may have at most (the schema's cap on `repeat.max`). */
export const MAX_ROWS = 200;

/** Evaluates one node from the results of the nodes it depends on. */
export type NodeEval = (slots: readonly unknown[], snapshot: CompletionSnapshot) => unknown;

/** Count-driven rows have deterministic ids, so two tablets entering the same count agree. */
export function countDrivenRows(count: unknown, max: number | undefined): string[] {
  const n = num(count as number);
  const cap = Math.min(max ?? MAX_ROWS, MAX_ROWS);
  const rows = n === undefined ? 0 : Math.max(0, Math.min(Math.floor(n), cap));
  return Array.from({ length: rows }, (_, i) => `r${i + 1}`);
}

/** A group's live rows as the doc lists them: strings only, each once (a hostile peer's list is cleaned). */
function docRows(snapshot: CompletionSnapshot, group: string): string[] {
  const raw = own(snapshot.rows, group);
  if (!Array.isArray(raw)) return [];
  const rows = new Set<string>();
  for (const r of raw as unknown[]) if (typeof r === 'string' && r !== '' && !r.includes('.')) rows.add(r);
  return [...rows];
}

/** A tick item or step (no response set) is answered by being done. */
export const isTickPart = (part: LogicPart): boolean => (part.kind === 'item' || part.kind === 'step') && part.valueType === 'boolean';

/** The raw answer of a part (at `row` inside a repeat group) as the doc holds it. */
export function rawAnswer(part: LogicPart, snapshot: CompletionSnapshot, row: string | undefined): unknown {
  if (isTickPart(part)) return own(snapshot.done, part.key) === true;
  if (row === undefined || part.group === undefined) return own(snapshot.values, part.key);
  return own(snapshot.values, rowValueKey(part.group, row, part.key.slice(part.group.length + 1)));
}

/** The node's evaluator; per-row nodes give a Map of row id to result. */
export function nodeEvaluator(node: LogicNode, index: PartIndex, graph: LogicGraph): NodeEval {
  const { part, group } = node;
  const compile = (e: Parameters<typeof compileExpr>[0] | undefined): Compiled | undefined => (e === undefined ? undefined : compileExpr(e, index, graph, part));
  const own = graph.byPart.get(part.key);
  let one: (slots: readonly unknown[], snapshot: CompletionSnapshot, row: string | undefined) => unknown;
  switch (node.kind) {
    case 'rows': {
      const countFrom = part.repeat?.countFrom === undefined ? undefined : compileExpr({ ref: part.repeat.countFrom }, index, graph, undefined);
      const max = part.repeat?.max;
      return countFrom === undefined ? (_slots, snapshot) => docRows(snapshot, part.key) : (slots) => countDrivenRows(countFrom({ slots, row: undefined }), max);
    }
    case 'vis': {
      const parent = part.parent === undefined ? undefined : graph.byPart.get(part.parent)?.vis;
      const when = compile(part.visibleWhen);
      one = (slots, _snapshot, row) => (parent === undefined || slots[parent] === true) && (when === undefined || when({ slots, row }) === true);
      break;
    }
    case 'val': {
      const calculate = compile(part.calculate);
      const fallback = compile(part.default);
      one = (slots, snapshot, row) => {
        if (calculate !== undefined) return readAs(part, calculate({ slots, row }));
        const answer = isTickPart(part) ? rawAnswer(part, snapshot, row) : readAs(part, rawAnswer(part, snapshot, row));
        if (answer !== undefined || fallback === undefined) return answer;
        return readAs(part, fallback({ slots, row }));
      };
      break;
    }
    case 'req': {
      const when = compile(part.requiredWhen);
      one = (slots, _snapshot, row) => when?.({ slots, row }) === true;
      break;
    }
    case 'con': {
      const checks = (part.constraints ?? []).map((c) => ({ check: compile(c.check), message: c.message }));
      const vis = own?.vis ?? -1;
      const val = own?.val ?? -1;
      one = (slots, _snapshot, row) => {
        const visible = row === undefined ? slots[vis] : cell(slots[vis], row);
        const value = row === undefined ? slots[val] : cell(slots[val], row);
        // Only a shown, answered part is refused; a check that cannot be computed refuses nothing.
        if (visible !== true || isEmptyAnswer(toAnswer(value as never))) return undefined;
        return checks.find((c) => c.check?.({ slots, row }) === false)?.message;
      };
      break;
    }
  }
  const rows = group === undefined ? undefined : graph.rowsOf.get(group);
  if (rows === undefined) return (slots, snapshot) => one(slots, snapshot, undefined);
  return (slots, snapshot) => {
    const out = new Map<string, unknown>();
    for (const row of rowsIn(slots[rows])) out.set(row, one(slots, snapshot, row));
    return out;
  };
}
