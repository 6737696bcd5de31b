import type { ContentType, Definition } from './definition';
import { logicPartsOf } from './definition';
import type { Expr } from './logic/expr';
import type { LogicPart } from './logic/types';
import { BUILT_IN_RESPONSE_SETS } from './responses';
import { exprToCondition, testNeedsValue } from './rule-builder';
import type { Question } from './rule-builder';

/**
 * What the editor's rule builders offer and check, read from the draft: the questions a part's
 * rules can ask about (the answers before it), the keys a run's name can use, and conditions
 * left half-made.
 */

function optionsOf(part: LogicPart, def: Definition): Question['options'] {
  if (part.options === undefined) return undefined;
  if (part.kind === 'field') return part.options.map((o) => ({ value: o, label: o }));
  // A part's set is not on the LogicPart: the definition's own sets name a response id first.
  const labels = new Map<string, string>();
  for (const set of [...(def.responseSets ?? []), ...BUILT_IN_RESPONSE_SETS]) for (const r of set.responses) if (!labels.has(r.id)) labels.set(r.id, r.label);
  return part.options.map((o) => ({ value: o, label: labels.get(o) ?? o }));
}

/** What `{ref}` accepts (logic/expr.ts): a rule the draft holds must always parse, or the draft would not save. */
const REF = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/** The part at a definition path (`sections.1.fields.0`), as the logic engine sees it. */
export function partAt(contentType: ContentType, def: Definition, path: string): LogicPart | undefined {
  return logicPartsOf(contentType, def).find((p) => p.path.join('.') === path);
}

/**
 * The questions a rule on the part at `path` can ask about: the answerable parts BEFORE it
 * (earlier answers; the checker refuses cycles anyway). Inside a repeat group a sibling is
 * named by its bare field id (the same row's answer); another group's fields are columns.
 */
export function questionsBefore(contentType: ContentType, def: Definition, path: string): Question[] {
  const parts = logicPartsOf(contentType, def);
  const at = parts.findIndex((p) => p.path.join('.') === path);
  const self = parts[at];
  const before = at < 0 ? parts : parts.slice(0, at);
  const own = self?.group ?? (self?.repeat !== undefined ? self.key : undefined);
  const questions: Question[] = [];
  for (const part of before) {
    // A part whose id is not a valid reference yet (an imported oddity) cannot be asked about.
    if (part.valueType === 'none' || !REF.test(part.key)) continue;
    const label = part.label.trim() === '' ? '(no label yet)' : part.label.trim();
    const options = optionsOf(part, def);
    const base = { label, type: part.valueType, ...(options === undefined ? {} : { options }) };
    if (part.group === undefined) questions.push({ ...base, ref: part.key, column: false });
    else if (part.group === own) questions.push({ ...base, ref: part.key.slice(part.group.length + 1), column: false });
    else questions.push({ ...base, ref: part.key, column: true });
  }
  return questions;
}

/** The part at `path` itself as a question (a constraint checks the field's own answer). */
export function selfQuestion(contentType: ContentType, def: Definition, path: string): Question | undefined {
  const part = partAt(contentType, def, path);
  if (part === undefined || part.valueType === 'none') return undefined;
  const options = optionsOf(part, def);
  const ref = part.group === undefined ? part.key : part.key.slice(part.group.length + 1);
  const label = part.label.trim() === '' ? 'This answer' : `This answer (${part.label.trim()})`;
  return { ref, label, type: part.valueType, ...(options === undefined ? {} : { options }), column: false };
}

/** The answerable fields a run's name can be made from (`{key}`): fields outside repeat groups. */
export function titleKeys(contentType: ContentType, def: Definition): { readonly key: string; readonly label: string }[] {
  return logicPartsOf(contentType, def)
    .filter((p) => p.kind === 'field' && p.group === undefined && REF.test(p.key))
    .map((p) => ({ key: p.key, label: p.label.trim() === '' ? '(no label yet)' : p.label.trim() }));
}

/** An example of a run's name: each `{key}` shown as its field's label in brackets. */
export function titleExample(template: string, keys: readonly { readonly key: string; readonly label: string }[]): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, key: string) => {
    const found = keys.find((k) => k.key === key);
    return found === undefined ? whole : `‹${found.label}›`;
  });
}

/** A place in a definition and what is unfinished there. */
export interface UnfinishedRule {
  /** The rule's path (where its builder is). */
  readonly path: readonly (string | number)[];
  /** The part's path (what the place is named by). */
  readonly place: readonly (string | number)[];
  readonly message: string;
}

const RULE_WORDS = { visibleWhen: '“show when”', requiredWhen: '“required when”' } as const;

/**
 * Conditions the builder left half-made: a row whose test compares with a value not given yet
 * (a number or date still blank). The checker would accept `= nothing`; the author meant a value.
 */
export function unfinishedRules(contentType: ContentType, def: Definition): UnfinishedRule[] {
  const out: UnfinishedRule[] = [];
  for (const part of logicPartsOf(contentType, def)) {
    const look = (expr: Expr | undefined, path: readonly (string | number)[], what: string): void => {
      exprToCondition(expr)?.rows.forEach((row, i) => {
        if (testNeedsValue(row.test) && row.value === undefined) out.push({ path, place: part.path, message: `${what}: condition ${i + 1} has no value to compare with yet` });
      });
    };
    look(part.visibleWhen, [...part.path, 'visibleWhen'], RULE_WORDS.visibleWhen);
    look(part.requiredWhen, [...part.path, 'requiredWhen'], RULE_WORDS.requiredWhen);
    (part.constraints ?? []).forEach((c, i) => look(c.check, [...part.path, 'constraints', i, 'check'], `check ${i + 1}`));
  }
  return out;
}
