import type { CompletionSnapshot } from '../snapshot';
import type { Expr } from './expr';
import type { LogicPart } from './types';

/** A form field part as `logicPartsOf` makes it, with its label defaulting to the key. */
export function field(key: string, valueType: LogicPart['valueType'], extra: Partial<LogicPart> = {}): LogicPart {
  return { key, kind: 'field', path: ['fields', key], label: extra.label ?? key, valueType, required: false, ...extra };
}

export function section(key: string, extra: Partial<LogicPart> = {}): LogicPart {
  return { key, kind: 'section', path: ['sections', key], label: extra.label ?? key, valueType: 'none', required: false, ...extra };
}

export function snap(values: CompletionSnapshot['values'] = {}, done: CompletionSnapshot['done'] = {}, rows?: CompletionSnapshot['rows']): CompletionSnapshot {
  return rows === undefined ? { values, done } : { values, done, rows };
}

/** Expression shorthands for tests. */
export const ref = (key: string): Expr => ({ ref: key });
export const lit = (value: string | number | boolean | null): Expr => ({ lit: value });
export const op = (name: Extract<Expr, { op: unknown }>['op'], ...args: Expr[]): Expr => ({ op: name, args });
