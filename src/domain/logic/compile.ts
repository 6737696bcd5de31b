import type { CompletionSnapshot } from '../snapshot';
import { buildGraph } from './graph';
import type { NodeEval } from './node-eval';
import { nodeEvaluator } from './node-eval';
import { PartIndex } from './resolve';
import type { Engine } from './state';
import { EngineState } from './state';
import type { CompiledLogic, LogicPart, LogicState } from './types';

/**
 * A definition's rules compiled once: references resolved, a closure per rule, the dependency
 * graph with its topological order and reverse edges. `update` re-evaluates only the
 * transitive dependents of the changed keys, in dependency order, and reuses every other
 * result of the previous state. Total: a node that throws anyway (it should not) is absent.
 */
export function compileLogic(parts: readonly LogicPart[]): CompiledLogic {
  const index = new PartIndex(parts);
  const graph = buildGraph(index);
  const engine: Engine = { index, graph };
  const evaluators: NodeEval[] = graph.nodes.map((node) => nodeEvaluator(node, index, graph));

  const run = (slots: unknown[], n: number, snapshot: CompletionSnapshot): void => {
    try {
      slots[n] = evaluators[n]?.(slots, snapshot);
    } catch {
      slots[n] = undefined;
    }
  };

  const evaluate = (snapshot: CompletionSnapshot): LogicState => {
    const slots = new Array<unknown>(graph.nodes.length);
    for (const n of graph.order) run(slots, n, snapshot);
    return new EngineState(engine, snapshot, slots);
  };

  /** The nodes an answer key feeds: a part's value, a row cell's column, a group's rows. */
  const seeds = (slotOrKey: string): number[] => {
    // A slot key (`v:<key>`, `d:<id>`) is taken as its key: ids never hold a colon.
    const key = slotOrKey.startsWith('v:') || slotOrKey.startsWith('d:') ? slotOrKey.slice(2) : slotOrKey;
    const out: number[] = [];
    const part = graph.byPart.get(key);
    if (part !== undefined) out.push(part.val);
    const rows = graph.rowsOf.get(key);
    if (rows !== undefined) out.push(rows);
    const segments = key.split('.');
    if (segments.length === 3) {
      const template = graph.byPart.get(`${segments[0] ?? ''}.${segments[2] ?? ''}`);
      if (template !== undefined) out.push(template.val);
    }
    return out;
  };

  const update = (previous: LogicState, snapshot: CompletionSnapshot, changed: Iterable<string>): LogicState => {
    if (!(previous instanceof EngineState) || previous.engine !== engine) return evaluate(snapshot);
    const dirty = new Set<number>();
    const queue: number[] = [];
    for (const key of changed) for (const n of seeds(key)) queue.push(n);
    while (queue.length > 0) {
      const n = queue.pop() as number;
      if (dirty.has(n)) continue;
      dirty.add(n);
      for (const d of graph.nodes[n]?.dependents ?? []) if (!dirty.has(d)) queue.push(d);
    }
    const slots = previous.slots.slice();
    const todo = [...dirty].sort((a, b) => (graph.rank[a] ?? 0) - (graph.rank[b] ?? 0));
    for (const n of todo) run(slots, n, snapshot);
    return new EngineState(engine, snapshot, slots);
  };

  return { evaluate, update };
}
