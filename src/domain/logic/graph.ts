import type { PartIndex, RuleName } from './resolve';
import { refsOf, rulesOf } from './resolve';
import type { LogicPart } from './types';

/**
 * The dependency graph between what the engine computes, at the level of the definition
 * (a repeat group's field is one node evaluated for each live row):
 * - `vis` whether a part is shown (its parent's visibility and its `visibleWhen`);
 * - `val` its value before hiding (calculation, else answer, else default);
 * - `req` its `requiredWhen`; `con` its first failing constraint;
 * - `rows` a repeat group's live rows (from the doc, or from a count answer).
 * A reference to a part reads its `vis` and `val` (a hidden part's answer counts as absent),
 * a column also its group's `rows`. `req` and `con` are read by nothing, so only `vis`, `val`
 * and `rows` can form a cycle.
 */
export type NodeKind = 'vis' | 'val' | 'req' | 'con' | 'rows';

export interface Edge {
  readonly to: number;
  /** The rule that makes the dependency (for cycle messages); undefined for structural edges. */
  readonly rule: RuleName | 'parent' | 'countFrom' | 'rows' | 'self';
}

export interface LogicNode {
  readonly index: number;
  readonly kind: NodeKind;
  /** The part it belongs to (for `rows`: the group's section or step). */
  readonly part: LogicPart;
  /** Set when the node is evaluated per live row of this group. */
  readonly group: string | undefined;
  readonly deps: Edge[];
  readonly dependents: number[];
}

export interface PartNodes {
  readonly vis: number;
  readonly val: number;
  readonly req?: number;
  readonly con?: number;
}

export interface LogicGraph {
  readonly nodes: readonly LogicNode[];
  readonly byPart: ReadonlyMap<string, PartNodes>;
  readonly rowsOf: ReadonlyMap<string, number>;
  /** Nodes in dependency order (dependencies first); nodes on a cycle in declaration order. */
  readonly order: readonly number[];
  /** Position of each node in `order`. */
  readonly rank: readonly number[];
}

export function buildGraph(index: PartIndex): LogicGraph {
  const nodes: LogicNode[] = [];
  const add = (kind: NodeKind, part: LogicPart, group: string | undefined): number => {
    nodes.push({ index: nodes.length, kind, part, group, deps: [], dependents: [] });
    return nodes.length - 1;
  };
  const byPart = new Map<string, PartNodes>();
  const rowsOf = new Map<string, number>();
  for (const part of index.byKey.values()) {
    if (part.repeat !== undefined) rowsOf.set(part.key, add('rows', part, undefined));
  }
  for (const part of index.byKey.values()) {
    const group = part.group !== undefined && rowsOf.has(part.group) ? part.group : undefined;
    const vis = add('vis', part, group);
    const val = add('val', part, group);
    const req = part.requiredWhen === undefined ? undefined : add('req', part, group);
    const con = part.constraints === undefined || part.constraints.length === 0 ? undefined : add('con', part, group);
    byPart.set(part.key, { vis, val, ...(req === undefined ? {} : { req }), ...(con === undefined ? {} : { con }) });
  }
  const link = (from: number, to: number | undefined, rule: Edge['rule']): void => {
    if (to === undefined) return;
    const node = nodes[from];
    if (node === undefined || node.deps.some((e) => e.to === to)) return;
    node.deps.push({ to, rule });
    nodes[to]?.dependents.push(from);
  };
  const linkRefs = (from: number, refs: readonly string[], scope: LogicPart | undefined, rule: Edge['rule']): void => {
    for (const ref of refs) {
      const resolved = index.resolve(ref, scope);
      const target = resolved === undefined ? undefined : byPart.get(resolved.part.key);
      if (resolved === undefined || target === undefined) continue;
      link(from, target.val, rule);
      link(from, target.vis, rule);
      if (resolved.kind !== 'part' && resolved.part.group !== undefined) link(from, rowsOf.get(resolved.part.group), rule);
    }
  };
  for (const part of index.byKey.values()) {
    const own = byPart.get(part.key);
    if (own === undefined) continue;
    const group = nodes[own.vis]?.group;
    if (part.parent !== undefined) link(own.vis, byPart.get(part.parent)?.vis, 'parent');
    for (const n of [own.vis, own.val, own.req, own.con]) if (n !== undefined && group !== undefined) link(n, rowsOf.get(group), 'rows');
    for (const rule of rulesOf(part)) {
      const target = rule.name === 'visibleWhen' ? own.vis : rule.name === 'requiredWhen' ? own.req : rule.name === 'check' ? own.con : own.val;
      if (target !== undefined) linkRefs(target, refsOf(rule.expr), part, rule.name);
    }
    if (own.con !== undefined) {
      link(own.con, own.vis, 'self');
      link(own.con, own.val, 'self');
    }
    const countFrom = part.repeat?.countFrom;
    if (countFrom !== undefined) linkRefs(rowsOf.get(part.key) ?? -1, [countFrom], undefined, 'countFrom');
  }
  const order = topologicalOrder(nodes);
  const rank = new Array<number>(nodes.length).fill(0);
  order.forEach((n, i) => (rank[n] = i));
  return { nodes, byPart, rowsOf, order, rank };
}

interface WalkVisitor {
  /** A node whose dependencies have all been walked. */
  readonly finished?: (node: number) => void;
  /** An edge back to a node still on the stack: `stack` holds the path from that node's first visit. */
  readonly backEdge?: (to: number, stack: readonly (readonly [number, number])[]) => void;
}

/** Depth-first over every node's dependencies in declaration order; iterative, so a long chain of calculations cannot overflow the stack. */
function walk(nodes: readonly LogicNode[], visitor: WalkVisitor): void {
  const state = new Uint8Array(nodes.length); // 0 new, 1 on the stack, 2 done
  for (const start of nodes) {
    if (state[start.index] !== 0) continue;
    const stack: [number, number][] = [[start.index, 0]];
    state[start.index] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [n, i] = top;
      const edge = nodes[n]?.deps[i];
      if (edge === undefined) {
        stack.pop();
        state[n] = 2;
        visitor.finished?.(n);
        continue;
      }
      top[1] = i + 1;
      if (state[edge.to] === 0) {
        state[edge.to] = 1;
        stack.push([edge.to, 0]);
      } else if (state[edge.to] === 1) visitor.backEdge?.(edge.to, stack);
    }
  }
}

/** Depth-first post-order in declaration order: every node after what it reads (back edges of a cycle are skipped). */
function topologicalOrder(nodes: readonly LogicNode[]): number[] {
  const order: number[] = [];
  walk(nodes, { finished: (n) => order.push(n) });
  return order;
}

/** Every cycle's nodes, each cycle once (from the first node reached), dependencies in order. */
export function findCycles(graph: LogicGraph): number[][] {
  const cycles: number[][] = [];
  const seen = new Set<string>();
  walk(graph.nodes, {
    backEdge: (to, stack) => {
      const from = stack.findIndex(([m]) => m === to);
      const cycle = stack.slice(from).map(([m]) => m);
      const id = [...cycle].sort((a, b) => a - b).join(',');
      if (seen.has(id)) return;
      seen.add(id);
      cycles.push(cycle);
    },
  });
  return cycles;
}
