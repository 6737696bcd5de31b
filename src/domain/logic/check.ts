import type { LogicPart } from './types';

/** A problem with a definition's rules: where it is (a path into the definition) and a sentence. */
export interface LogicIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Every problem with a definition's rules, checked when a version is published: references
 * that name no part, type errors (comparing a date with a number, summing text), cycles
 * (refused with the path `a → b → a`). Empty when the rules are sound.
 * TODO(logic-engine helper): the real checker replaces this placeholder before merge.
 */
export function checkLogic(_parts: readonly LogicPart[]): LogicIssue[] {
  return [];
}
