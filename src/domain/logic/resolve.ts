import type { Expr } from './expr';
import { MAX_EXPR_DEPTH } from './expr';
import type { LogicPart } from './types';

/**
 * What a `{ref}` names, seen from a rule of a part:
 * - `part` an answer outside any repeat group;
 * - `row` inside a repeat group, a sibling's bare field id: the same row's field (template key);
 * - `column` `groupId.fieldId` of a repeat group: the cells of its live rows (aggregates only).
 */
export type Resolved =
  | { readonly kind: 'part'; readonly part: LogicPart }
  | { readonly kind: 'row'; readonly part: LogicPart }
  | { readonly kind: 'column'; readonly part: LogicPart };

export type RuleName = 'visibleWhen' | 'requiredWhen' | 'check' | 'calculate' | 'default';

/** One rule of a part: where it sits in the definition and what an author calls it. */
export interface PartRule {
  readonly name: RuleName;
  /** Below the part's path: `['visibleWhen']`, `['constraints', 0, 'check']`. */
  readonly path: readonly (string | number)[];
  readonly title: string;
  readonly expr: Expr;
}

/** The parts by key (the first of a duplicated key wins; the schema refuses duplicates anyway). */
export class PartIndex {
  readonly byKey = new Map<string, LogicPart>();

  constructor(readonly parts: readonly LogicPart[]) {
    for (const part of parts) if (!this.byKey.has(part.key)) this.byKey.set(part.key, part);
  }

  get(key: string): LogicPart | undefined {
    return this.byKey.get(key);
  }

  /**
   * What `ref` names in a rule of `from` (undefined: outside any part, e.g. a countFrom). A bare
   * id next to `from` names its sibling in the same step or repeat group (`s1.reading` is
   * `reading` to the other fields of step s1); inside a repeat group that is the same row.
   */
  resolve(ref: string, from: LogicPart | undefined): Resolved | undefined {
    if (from?.parent !== undefined && !ref.includes('.')) {
      const sibling = this.byKey.get(`${from.parent}.${ref}`);
      if (sibling !== undefined && sibling.parent === from.parent) return sibling.group === undefined ? { kind: 'part', part: sibling } : { kind: 'row', part: sibling };
    }
    const part = this.byKey.get(ref);
    if (part === undefined) return undefined;
    return part.group === undefined ? { kind: 'part', part } : { kind: 'column', part };
  }

  /** The repeat group part `key` names, if it is one. */
  group(key: string | undefined): LogicPart | undefined {
    const part = key === undefined ? undefined : this.byKey.get(key);
    return part?.repeat === undefined ? undefined : part;
  }
}

/** Every rule a part carries, in a stable order. */
export function rulesOf(part: LogicPart): PartRule[] {
  const rules: PartRule[] = [];
  if (part.visibleWhen !== undefined) rules.push({ name: 'visibleWhen', path: ['visibleWhen'], title: 'Show when', expr: part.visibleWhen });
  if (part.requiredWhen !== undefined) rules.push({ name: 'requiredWhen', path: ['requiredWhen'], title: 'Required when', expr: part.requiredWhen });
  (part.constraints ?? []).forEach((c, i) => rules.push({ name: 'check', path: ['constraints', i, 'check'], title: `Constraint ${i + 1}`, expr: c.check }));
  if (part.calculate !== undefined) rules.push({ name: 'calculate', path: ['calculate'], title: 'Calculation', expr: part.calculate });
  if (part.default !== undefined) rules.push({ name: 'default', path: ['default'], title: 'Default', expr: part.default });
  return rules;
}

/** Every `{ref}` in an expression (bounded by MAX_EXPR_DEPTH: deeper branches are not followed). */
export function refsOf(expr: Expr): string[] {
  const out: string[] = [];
  const walk = (e: Expr, depth: number): void => {
    if (depth > MAX_EXPR_DEPTH || e === null || typeof e !== 'object') return;
    if ('ref' in e && typeof e.ref === 'string') out.push(e.ref);
    else if ('op' in e && Array.isArray(e.args)) for (const a of e.args as readonly Expr[]) walk(a, depth + 1);
  };
  walk(expr, 1);
  return out;
}
