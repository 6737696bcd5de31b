import { checkRefs } from './check-refs';
import { checkCycles, checkRepeats } from './check-structure';
import { RuleTypes } from './check-types';
import { buildGraph } from './graph';
import type { LogicIssue } from './messages';
import { PartIndex, rulesOf } from './resolve';
import type { LogicPart } from './types';

export type { LogicIssue } from './messages';

/**
 * Every problem with a definition's rules, checked when a version is published: references
 * that name no part, type errors (comparing a date with a number, summing text), cycles
 * (refused with the path `a → b → a`), repeat groups' counts and limits. Empty when the rules
 * are sound. Each message names the parts by their labels, so an author can act on it; each
 * path leads into the definition (the part's path, then the rule's).
 */
export function checkLogic(parts: readonly LogicPart[]): LogicIssue[] {
  const index = new PartIndex(parts);
  const issues: LogicIssue[] = [];
  for (const part of parts) {
    for (const rule of rulesOf(part)) {
      // Types are checked only once every reference resolves, so one typo is one message.
      if (checkRefs(part, rule, index, issues)) new RuleTypes(part, rule, index, issues).check();
    }
  }
  checkRepeats(index, issues);
  checkCycles(buildGraph(index), issues);
  return issues;
}
