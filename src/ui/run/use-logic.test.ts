import { describe, expect, it } from 'vitest';
import { compiledLogicOf, definitionSchemaFor } from '../../domain';
import type { CompletionSnapshot, Expr } from '../../domain';
import { LogicTracker } from './use-logic';

const ref = (key: string): Expr => ({ ref: key });
const op = (name: Extract<Expr, { op: unknown }>['op'], ...args: Expr[]): Expr => ({ op: name, args });

const form = definitionSchemaFor.form.parse({
  fields: [
    { id: 'a', label: 'A', kind: 'number', required: false },
    { id: 'b', label: 'B', kind: 'number', required: false },
    { id: 'sum', label: 'Sum', kind: 'number', required: false, calculate: op('add', ref('a'), ref('b')) },
    { id: 'rows', label: 'Row total', kind: 'number', required: false, calculate: op('sum', ref('items.cost')) },
  ],
  sections: [{ id: 'items', title: 'Items', repeat: {}, fields: [{ id: 'cost', label: 'Cost', kind: 'number', required: false }] }],
});
const snap = (values: CompletionSnapshot['values'], rows: readonly string[] = []): CompletionSnapshot => ({ done: {}, values, rows: { items: rows } });

describe('useLogic\u2019s tracker', () => {
  it('updates from the changed keys to the same state a fresh evaluation gives', () => {
    const compiled = compiledLogicOf('form', form);
    const tracker = new LogicTracker(compiled);
    const steps = [snap({ a: 1 }), snap({ a: 1, b: 2 }), snap({ a: 1, b: 2, 'items.r1.cost': 5 }, ['r1']), snap({ a: 4, b: 2, 'items.r1.cost': 5, 'items.r2.cost': 1 }, ['r1', 'r2']), snap({ a: 4 }, ['r2'])];
    let last = tracker.stateFor(steps[0] ?? snap({}), -1);
    steps.forEach((s, revision) => {
      const state = tracker.stateFor(s, revision);
      last = state;
      const fresh = compiled.evaluate(s);
      expect([...state.calculated]).toEqual([...fresh.calculated]);
    });
    // The same revision is the same doc: its state is answered again without evaluating.
    expect(tracker.stateFor(snap({ a: 100, b: 1 }), 4)).toBe(last);
  });
});
