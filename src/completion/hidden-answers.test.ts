import { describe, expect, it } from 'vitest';
import { definitionSchemaFor } from '../domain';
import type { DocumentVersion, Expr } from '../domain';
import { formVersion, INSTANCE, instanceOf } from './fixtures';
import { applyEdit, finish, openInstance } from './instance-service';
import type { RecordWriter } from './instance-service';
import { MemoryDocStore, memoryPersistence } from './persistence';
import { valueSlot } from './register';
import { syncAll } from './test-support';

const op = (name: Extract<Expr, { op: unknown }>['op'], ...args: Expr[]): Expr => ({ op: name, args });

const incident: DocumentVersion = {
  ...formVersion,
  contentType: 'form',
  definition: definitionSchemaFor.form.parse({
    fields: [{ id: 'hurt', label: 'Was anyone hurt?', kind: 'select', options: ['yes', 'no'], required: true }],
    sections: [{ id: 'injury', title: 'Injury', visibleWhen: op('eq', { ref: 'hurt' }, { lit: 'yes' }), fields: [{ id: 'who', label: 'Who', kind: 'text', required: true, min: 3 }] }],
  }),
};

const records: RecordWriter = { writeRecords: () => Promise.resolve() };
const tablet = (device: string) =>
  openInstance({ instance: instanceOf(incident), version: incident, persistence: memoryPersistence(new MemoryDocStore(), INSTANCE), records, device });

describe('hidden answers in a real instance doc', () => {
  it('R12 a tablet hiding a section keeps what another tablet wrote there, and submits without it', async () => {
    const a = await tablet('tablet-a');
    const b = await tablet('tablet-b');
    await applyEdit(a, { kind: 'value', key: 'hurt', value: 'yes' });
    await applyEdit(a, { kind: 'value', key: 'who', value: 'Al' });
    syncAll([a.model.doc, b.model.doc]);
    // Shown, the too-short name refuses the submit.
    expect(await finish(b)).toEqual({ ok: false, reason: 'invalid_answers', errors: { who: 'at least 3 characters' } });
    await applyEdit(b, { kind: 'value', key: 'hurt', value: 'no' });
    const result = await finish(b);
    expect(result).toMatchObject({ ok: true, instance: { status: 'submitted' } });
    // Nothing was erased: the hidden answer is still in the doc on both tablets.
    syncAll([a.model.doc, b.model.doc]);
    expect(b.model.read(valueSlot('who'))).toBe('Al');
    expect(a.model.read(valueSlot('who'))).toBe('Al');
  });
});
