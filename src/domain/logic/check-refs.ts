import type { Expr } from './expr';
import { MAX_EXPR_DEPTH } from './expr';
import type { LogicIssue } from './messages';
import { definitionWord, quote, ruleOf } from './messages';
import type { PartIndex, PartRule } from './resolve';
import type { LogicPart } from './types';

const AGGREGATES = new Set(['count', 'sum', 'min', 'max']);

/**
 * References of one rule that resolve to nothing usable: no such part, a section (no answer of
 * its own), a repeat column outside count/sum/min/max, and rules nested past MAX_EXPR_DEPTH.
 * Returns whether the rule is sound so far (type checking only runs on resolved rules).
 */
export function checkRefs(part: LogicPart, rule: PartRule, index: PartIndex, issues: LogicIssue[]): boolean {
  const start = issues.length;
  const path = [...part.path, ...rule.path];
  const where = ruleOf(rule.title, part);
  const word = definitionWord(index.parts);
  let tooDeep = false;
  const walk = (e: Expr, depth: number, inAggregate: boolean): void => {
    if (depth > MAX_EXPR_DEPTH) {
      if (!tooDeep) issues.push({ path, message: `${where} is nested more than ${MAX_EXPR_DEPTH} levels deep; write it as simpler steps` });
      tooDeep = true;
      return;
    }
    if ('op' in e) {
      for (const a of e.args) walk(a, depth + 1, AGGREGATES.has(e.op));
      return;
    }
    if (!('ref' in e)) return;
    const resolved = index.resolve(e.ref, part);
    if (resolved === undefined) {
      issues.push({ path, message: `${where} refers to ${quote(e.ref)}, which is not a question in this ${word}` });
    } else if (resolved.part.valueType === 'none') {
      issues.push({ path, message: `${where} refers to ${quote(resolved.part.label)}, which is a section, not a question` });
    } else if (resolved.kind === 'column' && !inAggregate) {
      const group = index.get(resolved.part.group ?? '');
      issues.push({
        path,
        message: `${where} uses ${quote(resolved.part.label)} from the repeated rows of ${quote(group?.label ?? resolved.part.group ?? '')}; only count, sum, smallest and largest can use a repeated question`,
      });
    }
  };
  walk(rule.expr, 1, false);
  return issues.length === start;
}
