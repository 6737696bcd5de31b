import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InstanceDoc } from '../../completion';
import type { Field } from '../../domain';
import { strandedRows } from './stranded-rows';

const fields: Field[] = [{ id: 'part', label: 'Part', kind: 'text', required: false }];

function tablet(device: string, clock: { t: number }): InstanceDoc {
  return new InstanceDoc(new Y.Doc(), { device, by: 'u1', now: () => clock.t });
}

const sync = (a: InstanceDoc, b: InstanceDoc): void => {
  Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
  Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)));
};

describe('strandedRows', () => {
  it('offers back a row deleted here while another tablet was still writing in it', () => {
    const clock = { t: 100 };
    const a = tablet('tablet-a', clock);
    const b = tablet('tablet-b', clock);
    const row = a.addRow('defects');
    a.setValue(`defects.${row}.part`, 'Guard');
    sync(a, b);
    // Offline: A deletes the row, B goes on writing in it later.
    clock.t = 200;
    a.deleteRow('defects', row);
    clock.t = 300;
    b.setValue(`defects.${row}.part`, 'Cracked guard');
    expect(strandedRows(a, 'defects', fields)).toEqual([]);
    sync(a, b);
    expect(strandedRows(a, 'defects', fields)).toEqual([row]);
    expect(strandedRows(b, 'defects', fields)).toEqual([row]);
    a.restoreRow('defects', row);
    expect(strandedRows(a, 'defects', fields)).toEqual([]);
    expect(a.liveRows('defects')).toEqual([row]);
  });

  it('a row deleted after its last answer is not stranded', () => {
    const clock = { t: 100 };
    const a = tablet('tablet-a', clock);
    const row = a.addRow('defects');
    a.setValue(`defects.${row}.part`, 'Guard');
    clock.t = 200;
    a.deleteRow('defects', row);
    expect(strandedRows(a, 'defects', fields)).toEqual([]);
  });
});
