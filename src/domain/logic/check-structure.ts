import type { Edge, LogicGraph } from './graph';
import { findCycles } from './graph';
import type { LogicIssue } from './messages';
import { definitionWord, quote, ruleOf } from './messages';
import type { PartIndex } from './resolve';
import type { LogicPart } from './types';

const RULE_AT: Partial<Record<Edge['rule'], { path: readonly string[]; title: string }>> = {
  visibleWhen: { path: ['visibleWhen'], title: 'Show when' },
  calculate: { path: ['calculate'], title: 'Calculation' },
  default: { path: ['default'], title: 'Default' },
  countFrom: { path: ['repeat', 'countFrom'], title: 'Number of rows' },
};

/**
 * Cycles among calculations, defaults, visibility and count-driven rows, refused once per
 * tangle with the shortest path in labels: `"Total" → "Subtotal" → "Total"`. The issue sits at the rule that
 * starts the path (the first dependency made by an author's rule, not by nesting).
 */
export function checkCycles(graph: LogicGraph, issues: LogicIssue[]): void {
  // One message per tangle: the shortest cycle first, then only cycles through other nodes.
  const covered = new Set<number>();
  for (const cycle of findCycles(graph).sort((a, b) => a.length - b.length)) {
    if (cycle.some((n) => covered.has(n))) continue;
    for (const n of cycle) covered.add(n);
    const edgeFrom = (i: number): Edge | undefined => {
      const next = cycle[(i + 1) % cycle.length];
      return graph.nodes[cycle[i] ?? -1]?.deps.find((e) => e.to === next);
    };
    const start = cycle.findIndex((_, i) => RULE_AT[edgeFrom(i)?.rule ?? 'self'] !== undefined);
    if (start < 0) continue;
    const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
    const labels: string[] = [];
    let last: LogicPart | undefined;
    for (const n of [...rotated, rotated[0] ?? -1]) {
      const part = graph.nodes[n]?.part;
      if (part !== undefined && part !== last) labels.push(quote(part.label));
      last = part;
    }
    const first = graph.nodes[rotated[0] ?? -1]?.part;
    const at = RULE_AT[edgeFrom(start)?.rule ?? 'self'];
    if (first === undefined || at === undefined) continue;
    // A part that depends only on itself still reads as a path: "Total" → "Total".
    if (labels.length === 1) labels.push(labels[0] ?? '');
    issues.push({ path: [...first.path, ...at.path], message: `${ruleOf(at.title, first)} depends on itself: ${labels.join(' → ')}` });
  }
}

/** A repeat group's limits and count: at least min <= max; countFrom a number question outside the group. */
export function checkRepeats(index: PartIndex, issues: LogicIssue[]): void {
  for (const part of index.parts) {
    const repeat = part.repeat;
    if (repeat === undefined) continue;
    if (repeat.min !== undefined && repeat.max !== undefined && repeat.min > repeat.max) {
      issues.push({ path: [...part.path, 'repeat', 'min'], message: `${quote(part.label)} asks for at least ${repeat.min} rows but allows at most ${repeat.max}` });
    }
    if (repeat.countFrom === undefined) continue;
    const where = ruleOf('Number of rows', part);
    const resolved = index.resolve(repeat.countFrom, undefined);
    const path = [...part.path, 'repeat', 'countFrom'];
    if (resolved === undefined) {
      issues.push({ path, message: `${where} refers to ${quote(repeat.countFrom)}, which is not a question in this ${definitionWord(index.parts)}` });
    } else if (resolved.kind !== 'part' || resolved.part.valueType !== 'number' || resolved.part.kind !== 'field') {
      issues.push({ path, message: `${where} refers to ${quote(resolved.part.label)}, which is not a number question outside the repeated rows` });
    }
  }
}
