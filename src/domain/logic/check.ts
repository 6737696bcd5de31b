import { checkRefs } from './check-refs';
import { PartIndex, rulesOf } from './resolve';
import type { LogicIssue } from './messages';
import type { LogicPart } from './types';

export type { LogicIssue } from './messages';

/**
 * Every problem with a definition's rules, checked when a version is published: references
 * that name no part, type errors (comparing a date with a number, summing text), cycles
 * (refused with the path `a → b → a`). Empty when the rules are sound. Each message names
 * the parts by their labels, so an author can act on it.
 */
export function checkLogic(parts: readonly LogicPart[]): LogicIssue[] {
  const index = new PartIndex(parts);
  const issues: LogicIssue[] = [];
  for (const part of parts) {
    for (const rule of rulesOf(part)) checkRefs(part, rule, index, issues);
  }
  return issues;
}
