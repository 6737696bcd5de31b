import { describe, expect, it } from 'vitest';
import { definitionSchemaFor, instanceSchema } from '../domain';
import type { CompletionSnapshot, DocumentVersion, Expr } from '../domain';
import { formVersion, instanceOf } from './fixtures';
import { finishInstance, projectInstance } from './projection';

const ref = (key: string): Expr => ({ ref: key });
const lit = (value: string | number | boolean): Expr => ({ lit: value });
const op = (name: Extract<Expr, { op: unknown }>['op'], ...args: Expr[]): Expr => ({ op: name, args });

/** A timesheet: overtime details appear past 8 hours; the total is calculated; at least one task row. */
const timesheet: DocumentVersion = {
  ...formVersion,
  contentType: 'form',
  definition: definitionSchemaFor.form.parse({
    fields: [
      { id: 'mon', label: 'Monday', kind: 'number', required: true },
      { id: 'tue', label: 'Tuesday', kind: 'number', required: true },
      { id: 'total', label: 'Total hours', kind: 'number', required: false, calculate: op('add', ref('mon'), ref('tue')) },
    ],
    sections: [
      {
        id: 'overtime',
        title: 'Overtime',
        visibleWhen: op('gt', ref('total'), lit(16)),
        fields: [{ id: 'approver', label: 'Approved by', kind: 'text', required: true }],
      },
      { id: 'tasks', title: 'Tasks', repeat: { min: 1, addLabel: 'Add task' }, fields: [{ id: 'task', label: 'Task', kind: 'text', required: true }] },
    ],
  }),
};
const snap = (values: CompletionSnapshot['values'], rows: CompletionSnapshot['rows'] = { tasks: ['t1'] }): CompletionSnapshot => ({ done: {}, values, rows });
const finish = (values: CompletionSnapshot['values'], rows?: CompletionSnapshot['rows']) => finishInstance(instanceOf(timesheet), timesheet.definition, snap(values, rows), 900);

describe('finishInstance under the definition\u2019s rules', () => {
  it('R12 a hidden section\u2019s answers are kept but neither required nor validated', () => {
    expect(finish({ mon: 8, tue: 8, 'tasks.t1.task': 'Fencing', approver: '' })).toMatchObject({ ok: true });
  });

  it('R12 a section shown by a rule is checked, and refusals name the field', () => {
    expect(finish({ mon: 9, tue: 8, 'tasks.t1.task': 'Fencing' })).toEqual({ ok: false, reason: 'invalid_answers', errors: { approver: 'required' } });
  });

  it('R12 repeat rows are validated per row and their minimum refuses', () => {
    expect(finish({ mon: 8, tue: 8 })).toEqual({ ok: false, reason: 'invalid_answers', errors: { 'tasks.t1.task': 'required' } });
    expect(finish({ mon: 8, tue: 8 }, { tasks: [] })).toEqual({ ok: false, reason: 'invalid_answers', errors: { tasks: 'Add at least 1 task' } });
  });

  it('R12 the finished record freezes the calculated values', () => {
    const result = finish({ mon: 9, tue: 8, approver: 'Kim', 'tasks.t1.task': 'Fencing' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.instance.calculated).toEqual({ total: 17 });
    expect(instanceSchema.safeParse(result.instance).success).toBe(true);
  });

  it('R11 progress leaves hidden parts and calculated fields out', () => {
    const row = projectInstance(instanceOf(timesheet), timesheet.definition, snap({ mon: 8, approver: 'Kim' }), 500);
    // mon (done), tue, the task row's field and the rows minimum (done): total is calculated, overtime hidden.
    expect(row.progress).toBeCloseTo(2 / 4);
  });
});
