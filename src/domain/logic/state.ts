import type { AnswerValue } from '../answers';
import { isEmptyAnswer } from '../answers';
import type { CompletionSnapshot } from '../snapshot';
import { rowValueKey } from '../snapshot';
import { cell, rowsIn } from './compile-expr';
import type { LogicGraph, PartNodes } from './graph';
import { rawAnswer } from './node-eval';
import type { PartIndex } from './resolve';
import type { LogicPart, LogicState } from './types';
import { toAnswer } from './values';
import type { Value } from './values';

/** What a state needs from its compiled logic: the parts and the graph, to read the node results. */
export interface Engine {
  readonly index: PartIndex;
  readonly graph: LogicGraph;
}

interface Located {
  readonly part: LogicPart;
  readonly nodes: PartNodes;
  /** The row of a repeat group's cell; undefined for a part outside groups (or a group's template key). */
  readonly row: string | undefined;
  readonly perRow: boolean;
}

/** The answers of one snapshot as the rules see them: node results, read by completion key. */
export class EngineState implements LogicState {
  #calculated: Map<string, AnswerValue> | undefined;

  constructor(
    readonly engine: Engine,
    readonly snapshot: CompletionSnapshot,
    readonly slots: readonly unknown[],
  ) {}

  /** A completion key's part: a part key, or `groupId.rowId.fieldId` of a live row. */
  #locate(key: string): Located | undefined {
    const { index, graph } = this.engine;
    const direct = index.get(key);
    if (direct !== undefined) {
      const nodes = graph.byPart.get(key);
      return nodes === undefined ? undefined : { part: direct, nodes, row: undefined, perRow: graph.nodes[nodes.vis]?.group !== undefined };
    }
    const [group, row, field, extra] = key.split('.');
    if (group === undefined || row === undefined || field === undefined || extra !== undefined) return undefined;
    const part = index.get(`${group}.${field}`);
    const nodes = part === undefined ? undefined : graph.byPart.get(part.key);
    if (part === undefined || nodes === undefined || graph.nodes[nodes.vis]?.group !== group) return undefined;
    return { part, nodes, row, perRow: true };
  }

  #read(at: Located, node: number | undefined): unknown {
    if (node === undefined) return undefined;
    const slot = this.slots[node];
    if (!at.perRow) return slot;
    return at.row === undefined ? undefined : cell(slot, at.row);
  }

  isVisible(key: string): boolean {
    const at = this.#locate(key);
    if (at === undefined) return true;
    // A group's template key (no row) is shown with its group.
    if (at.perRow && at.row === undefined) return at.part.group === undefined || this.isVisible(at.part.group);
    return this.#read(at, at.nodes.vis) === true;
  }

  isRequired(key: string): boolean {
    const at = this.#locate(key);
    if (at === undefined || !this.isVisible(key)) return false;
    return at.part.required || this.#read(at, at.nodes.req) === true;
  }

  constraintError(key: string): string | undefined {
    const at = this.#locate(key);
    const message = at === undefined ? undefined : this.#read(at, at.nodes.con);
    return typeof message === 'string' ? message : undefined;
  }

  valueOf(key: string): AnswerValue | undefined {
    const at = this.#locate(key);
    return at === undefined ? undefined : toAnswer(this.#read(at, at.nodes.val) as Value);
  }

  isCalculated(key: string): boolean {
    return this.#locate(key)?.part.calculate !== undefined;
  }

  /** The live rows of a repeat group (for a count-driven group: `r1..rN`). */
  rowsOf(group: string): readonly string[] {
    const node = this.engine.graph.rowsOf.get(group);
    return node === undefined ? [] : rowsIn(this.slots[node]);
  }

  /** Every key of a part: itself, or one per live row of its group. */
  #keysOf(part: LogicPart): string[] {
    const nodes = this.engine.graph.byPart.get(part.key);
    const group = nodes === undefined ? undefined : this.engine.graph.nodes[nodes.vis]?.group;
    if (group === undefined) return [part.key];
    const field = part.key.slice(group.length + 1);
    return this.rowsOf(group).map((row) => rowValueKey(group, row, field));
  }

  get calculated(): ReadonlyMap<string, AnswerValue> {
    if (this.#calculated === undefined) {
      const out = new Map<string, AnswerValue>();
      for (const part of this.engine.index.byKey.values()) {
        if (part.calculate === undefined) continue;
        for (const key of this.#keysOf(part)) {
          const value = this.valueOf(key);
          if (value !== undefined && this.isVisible(key)) out.set(key, value);
        }
      }
      this.#calculated = out;
    }
    return this.#calculated;
  }

  hiddenAnswered(): string[] {
    const out: string[] = [];
    for (const part of this.engine.index.byKey.values()) {
      if (part.calculate !== undefined || part.valueType === 'none') continue;
      for (const key of this.#keysOf(part)) {
        if (this.isVisible(key)) continue;
        const row = key === part.key ? undefined : key.split('.')[1];
        if (!isEmptyAnswer(rawAnswer(part, this.snapshot, row) as AnswerValue)) out.push(key);
      }
    }
    return out;
  }
}
