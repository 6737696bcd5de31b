import type { AnswerValue } from '../answers';
import type { LogicPart } from './types';

/**
 * What a rule computes with. `undefined` is *absent* (unanswered, hidden, or not computable);
 * a `Column` is a repeat group's column of cells, only meaningful to count/sum/min/max.
 */
export type Value = string | number | boolean | readonly string[] | undefined | Column;

/** The cells of one repeat column for the live rows, in row order (absent cells included). */
export class Column {
  constructor(readonly cells: readonly Value[]) {}
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** `Date.parse` rolls impossible days over (2024-02-30 is 1 March), so check the round trip. */
export function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/** Whole UTC days since 1970-01-01 of a real `YYYY-MM-DD`; undefined otherwise. */
export function dayNumber(text: Value): number | undefined {
  if (typeof text !== 'string' || !isRealDate(text)) return undefined;
  return Math.round(Date.parse(`${text}T00:00:00Z`) / DAY_MS);
}

/** The `YYYY-MM-DD` of a day number, within years 0000–9999; undefined outside. */
export function dateOfDay(day: number): string | undefined {
  if (!Number.isFinite(day)) return undefined;
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) return undefined;
  return date.toISOString().slice(0, 10);
}

/** A finite number, or absent. */
export const num = (v: Value): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A plain value (never a column): a column outside an aggregate counts as absent. */
export const scalar = (v: Value): Exclude<Value, Column> => (v instanceof Column ? undefined : v);

function isStringList(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * An answer read from the doc as the part's type: anything else (a hostile peer's number in a
 * date field, a response id the set does not have) counts as absent, so evaluation is total.
 * An empty text or date is absent too; a checkbox's explicit `false` is an answer.
 */
export function readAs(part: Pick<LogicPart, 'valueType' | 'options'>, raw: unknown): Exclude<Value, Column> {
  switch (part.valueType) {
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'text':
      return typeof raw === 'string' && raw !== '' ? raw : undefined;
    case 'date':
      return typeof raw === 'string' && isRealDate(raw) ? raw : undefined;
    case 'choice':
      return typeof raw === 'string' && raw !== '' && (part.options === undefined || part.options.length === 0 || part.options.includes(raw)) ? raw : undefined;
    case 'list':
      return isStringList(raw) ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'none':
      return undefined;
  }
}

/** A value as an answer (what `valueOf` hands out). */
export function toAnswer(v: Value): AnswerValue | undefined {
  const s = scalar(v);
  return Array.isArray(s) ? [...(s as readonly string[])] : (s as AnswerValue | undefined);
}

/** Own keys only: `values.constructor` must not read Object.prototype's. */
export function own(record: unknown, key: string): unknown {
  if (record === null || typeof record !== 'object') return undefined;
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/** Equality of two present values: lists as sets of choices. */
export function sameValue(a: Exclude<Value, Column | undefined>, b: Exclude<Value, Column | undefined>): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const set = new Set<string>(a as readonly string[]);
    const other = new Set<string>(b as readonly string[]);
    return set.size === other.size && [...set].every((x) => other.has(x));
  }
  return a === b;
}

/** How concat writes a value: absent is empty, a list is its choices joined. */
export function asText(v: Value): string {
  const s = scalar(v);
  if (s === undefined) return '';
  if (typeof s === 'boolean') return s ? 'Yes' : 'No';
  if (Array.isArray(s)) return (s as readonly string[]).join(', ');
  return String(s);
}
