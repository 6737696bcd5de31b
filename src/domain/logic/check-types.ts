import type { Expr, Operator } from './expr';
import type { LogicIssue } from './messages';
import { OPERATOR_WORDS, TYPE_WORDS, describe, quote, ruleOf } from './messages';
import type { PartIndex, PartRule } from './resolve';
import type { LogicPart, ValueType } from './types';
import { isRealDate } from './values';

/**
 * The type of an expression. Text made only of constants keeps their words (`lits`: one, or
 * both branches of an `if`): it may stand for a date or a choice, and a choice's options are
 * checked against it. `any` is the null constant.
 */
interface Ty {
  readonly t: ValueType | 'any';
  readonly column?: boolean;
  readonly lits?: readonly string[];
  readonly options?: readonly string[];
}

type OpExpr = Extract<Expr, { readonly op: Operator }>;

const NUMBER: Ty = { t: 'number' };
const BOOLEAN: Ty = { t: 'boolean' };
const TEXT: Ty = { t: 'text' };
const DATE: Ty = { t: 'date' };

/** How many arguments each operator takes: [at least, at most]. */
const ARITY: Readonly<Record<Operator, readonly [number, number]>> = {
  eq: [2, 2], ne: [2, 2], gt: [2, 2], ge: [2, 2], lt: [2, 2], le: [2, 2], contains: [2, 2], answered: [1, 1],
  and: [1, Infinity], or: [1, Infinity], not: [1, 1], if: [3, 3],
  add: [2, Infinity], sub: [2, 2], mul: [2, Infinity], div: [2, 2], round: [1, 2],
  count: [1, Infinity], sum: [1, Infinity], min: [1, Infinity], max: [1, Infinity],
  concat: [1, Infinity], daysBetween: [2, 2], addDays: [2, 2],
};

function arityWords([min, max]: readonly [number, number]): string {
  if (min === max) return String(min);
  return max === Infinity ? `at least ${min}` : `${min} or ${max}`;
}

/** A text constant stands for a date when it is one, and for any choice (options checked apart). */
function litFits(words: readonly string[], target: Ty): boolean {
  return target.t === 'text' || target.t === 'choice' || (target.t === 'date' && words.every(isRealDate));
}

/** Whether two values can be compared for equality: the same type, or a constant of it. */
function sameType(a: Ty, b: Ty): boolean {
  if (a.column === true || b.column === true) return false;
  if (a.t === 'any' || b.t === 'any') return true;
  if (a.lits !== undefined && b.lits !== undefined) return true;
  if (a.lits !== undefined) return litFits(a.lits, b);
  if (b.lits !== undefined) return litFits(b.lits, a);
  return a.t === b.t;
}

const isNumber = (ty: Ty): boolean => ty.column !== true && (ty.t === 'number' || ty.t === 'any');
const isDate = (ty: Ty): boolean => ty.column !== true && (ty.t === 'date' || ty.t === 'any' || (ty.lits !== undefined && ty.lits.every(isRealDate)));
const isBoolean = (ty: Ty): boolean => ty.column !== true && (ty.t === 'boolean' || ty.t === 'any');
const isWords = (ty: Ty): boolean => ty.column !== true && (ty.t === 'text' || ty.t === 'choice' || ty.t === 'any');

/** The words for a type in a sentence. */
const typeWords = (ty: Ty): string => (ty.column === true ? `a repeated ${TYPE_WORDS[ty.t]}` : TYPE_WORDS[ty.t]);

/** Type-checks one rule whose references all resolve; pushes a sentence per problem found. */
export class RuleTypes {
  readonly #where: string;
  readonly #path: readonly (string | number)[];

  constructor(
    readonly part: LogicPart,
    readonly rule: PartRule,
    readonly index: PartIndex,
    readonly issues: LogicIssue[],
  ) {
    this.#where = ruleOf(rule.title, part);
    this.#path = [...part.path, ...rule.path];
  }

  #report(problem: string): undefined {
    this.issues.push({ path: this.#path, message: `${this.#where} ${problem}` });
    return undefined;
  }

  #describe(e: Expr): string {
    return describe(e, this.index, this.part);
  }

  /** The rule's own type against what its place needs (a condition, or the field's type). */
  check(): void {
    const ty = this.infer(this.rule.expr);
    if (ty === undefined) return;
    if (this.rule.name === 'visibleWhen' || this.rule.name === 'requiredWhen' || this.rule.name === 'check') {
      if (!isBoolean(ty)) this.#report(`must be a yes-or-no condition, but it gives ${typeWords(ty)}`);
      return;
    }
    const target: Ty = { t: this.part.valueType, ...(this.part.options === undefined ? {} : { options: this.part.options }) };
    const fits = ty.t === 'any' || (target.t === 'text' ? isWords(ty) || ty.lits !== undefined : sameType(ty, target));
    if (!fits) {
      const hint = target.t === 'text' ? `; use ${quote(OPERATOR_WORDS.concat)} to turn other values into text` : '';
      this.#report(`gives ${typeWords(ty)}, but ${quote(this.part.label)} holds ${TYPE_WORDS[target.t]}${hint}`);
    } else this.#options(target, ty, quote(this.part.label));
  }

  /** A constant given for a choice must be one of its options ("Fail" is not the response id "fail"). */
  #options(choice: Ty, other: Ty, what: string): void {
    const { options } = choice;
    if ((choice.t !== 'choice' && choice.t !== 'list') || other.lits === undefined || options === undefined || options.length === 0) return;
    const wrong = other.lits.find((lit) => !options.includes(lit));
    if (wrong !== undefined) this.#report(`gives ${what} the value ${quote(wrong)}, which is not one of its answers (${options.join(', ')})`);
  }

  infer(e: Expr): Ty | undefined {
    if ('lit' in e) {
      if (typeof e.lit === 'string') return { t: 'text', lits: [e.lit] };
      if (typeof e.lit === 'number') return NUMBER;
      if (typeof e.lit === 'boolean') return BOOLEAN;
      return { t: 'any' };
    }
    if ('ref' in e) {
      const resolved = this.index.resolve(e.ref, this.part);
      if (resolved === undefined) return undefined;
      const { part } = resolved;
      return { t: part.valueType, ...(resolved.kind === 'column' ? { column: true } : {}), ...(part.options === undefined ? {} : { options: part.options }) };
    }
    const word = quote(OPERATOR_WORDS[e.op]);
    const [min, max] = ARITY[e.op];
    if (e.args.length < min || e.args.length > max) {
      return this.#report(`uses ${word} with ${e.args.length} ${e.args.length === 1 ? 'value' : 'values'}; it takes ${arityWords(ARITY[e.op])}`);
    }
    const args: Ty[] = [];
    for (const a of e.args) {
      const ty = this.infer(a);
      if (ty === undefined) return undefined;
      args.push(ty);
    }
    return this.#apply(e, args, word);
  }

  /** Every argument (from `offset` on) must pass `ok`; else one sentence naming the first that does not. */
  #each(e: OpExpr, args: readonly Ty[], ok: (ty: Ty) => boolean, word: string, need: string, offset = 0): boolean {
    const bad = args.findIndex((ty) => !ok(ty));
    if (bad < 0) return true;
    const ty = args[bad] as Ty;
    this.#report(`uses ${word} on ${this.#describe(e.args[bad + offset] as Expr)}, which is ${typeWords(ty)}; it needs ${need}`);
    return false;
  }

  #apply(e: OpExpr, args: readonly Ty[], word: string): Ty | undefined {
    const [a, b, c] = args as [Ty, Ty, Ty];
    switch (e.op) {
      case 'eq':
      case 'ne':
        if (!sameType(a, b)) return this.#mismatch(e, a, b);
        this.#options(a, b, this.#describe(e.args[0] as Expr));
        this.#options(b, a, this.#describe(e.args[1] as Expr));
        return BOOLEAN;
      case 'gt':
      case 'ge':
      case 'lt':
      case 'le':
        if (!this.#each(e, args, (ty) => isNumber(ty) || isDate(ty), word, 'numbers or dates')) return undefined;
        if (!((isNumber(a) && isNumber(b)) || (isDate(a) && isDate(b)))) return this.#mismatch(e, a, b);
        return BOOLEAN;
      case 'contains':
        if (!this.#each(e, [a], (ty) => ty.column !== true && (ty.t === 'list' || isWords(ty)), word, 'a list of choices or text to look in')) return undefined;
        if (!(isWords(b) || (b.lits !== undefined && b.column !== true))) return this.#mismatch(e, a, b);
        if (a.t === 'list') this.#options(a, b, this.#describe(e.args[0] as Expr));
        return BOOLEAN;
      case 'answered':
        return BOOLEAN;
      case 'and':
      case 'or':
      case 'not':
        return this.#each(e, args, isBoolean, word, 'yes-or-no conditions') ? BOOLEAN : undefined;
      case 'if':
        if (!this.#each(e, [a], isBoolean, word, 'a yes-or-no condition first')) return undefined;
        if (!sameType(b, c)) return this.#mismatch(e, b, c, 'gives either');
        this.#options(b, c, this.#describe(e.args[1] as Expr));
        this.#options(c, b, this.#describe(e.args[2] as Expr));
        if (b.t === 'any' || (b.lits !== undefined && c.lits === undefined)) return c;
        if (c.t === 'any' || b.lits === undefined) return b;
        return { t: 'text', lits: [...b.lits, ...(c.lits ?? [])] };
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'round':
        return this.#each(e, args, isNumber, word, 'numbers') ? NUMBER : undefined;
      case 'count':
        return NUMBER;
      case 'sum':
      case 'min':
      case 'max':
        return this.#each(e, args, (ty) => ty.t === 'number' || ty.t === 'any', word, 'numbers or a repeated number') ? NUMBER : undefined;
      case 'concat':
        return TEXT;
      case 'daysBetween':
        return this.#each(e, args, isDate, word, 'two dates') ? NUMBER : undefined;
      case 'addDays':
        if (!this.#each(e, [a], isDate, word, 'a date first') || !this.#each(e, [b], isNumber, word, 'a number of days second', 1)) return undefined;
        return DATE;
    }
  }

  #mismatch(e: OpExpr, a: Ty, b: Ty, verb = 'compares'): undefined {
    const [x, y] = verb === 'compares' ? [e.args[0], e.args[1]] : [e.args[1], e.args[2]];
    const joiner = verb === 'compares' ? 'with' : 'or';
    return this.#report(`${verb} ${this.#describe(x as Expr)} (${typeWords(a)}) ${joiner} ${this.#describe(y as Expr)} (${typeWords(b)}), which cannot be ${verb === 'compares' ? 'compared' : 'mixed'}`);
  }
}
