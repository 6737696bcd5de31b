import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InstanceDoc, ReadOnlyError } from './instance-doc';
import { rowValueKey } from '../domain';
import { INSTANCE, instanceOf, procedureVersion } from './fixtures';
import { applyEdit, openInstance } from './instance-service';
import type { RecordWriter } from './instance-service';
import { MemoryDocStore, memoryPersistence } from './persistence';
import { InvalidKeyError, valueSlot } from './register';
import { countRows, isOrderKey, isRowId, newRowId, placement, rowsMapName } from './rows';
import type { RowInfo } from './rows';
import { syncAll } from './test-support';

const G = 'parts';

function peer(device: string, start = 1000): { doc: Y.Doc; model: InstanceDoc; clock: { t: number } } {
  const doc = new Y.Doc();
  const clock = { t: start };
  const model = new InstanceDoc(doc, { device, by: `user-${device}`, now: () => clock.t++ });
  return { doc, model, clock };
}

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `row${String(i).padStart(7, '0')}`);

describe('repeat rows', () => {
  it('R20 newRowId makes 10 base62 characters, different each time', () => {
    const made = new Set(Array.from({ length: 500 }, () => newRowId()));
    expect(made.size).toBe(500);
    for (const id of made) expect(isRowId(id)).toBe(true);
  });

  it('R20 countRows gives r1..rN, capped at max and 200, nothing for a missing or odd number', () => {
    expect(countRows(3)).toEqual(['r1', 'r2', 'r3']);
    expect(countRows(5, 2)).toEqual(['r1', 'r2']);
    expect(countRows(1000)).toHaveLength(200);
    expect(countRows(1000, 500)).toHaveLength(200);
    expect(countRows(2.7)).toEqual(['r1', 'r2']);
    expect(countRows(-4)).toEqual([]);
    expect(countRows(undefined)).toEqual([]);
    expect(countRows(Number.NaN)).toEqual([]);
  });

  it('R22 addRow appends by default and inserts after a given row; rows and liveRows list them in order', () => {
    const { model } = peer('device-a');
    const [a, b, c] = ids(3) as [string, string, string];
    expect(model.addRow(G, undefined, a)).toBe(a);
    model.addRow(G, undefined, c);
    model.addRow(G, a, b);
    expect(model.liveRows(G)).toEqual([a, b, c]);
    const info = model.rows(G);
    expect(info.map((r) => [r.id, r.by, r.deleted])).toEqual([
      [a, 'user-device-a', false],
      [b, 'user-device-a', false],
      [c, 'user-device-a', false],
    ]);
    expect(info[0]?.at).toBe(1000);
    const made = model.addRow(G);
    expect(isRowId(made)).toBe(true);
    expect(model.liveRows(G).at(-1)).toBe(made);
  });

  it('R22 addRow refuses an id in use, a malformed id, an unknown `after` and a bad group', () => {
    const { model } = peer('device-a');
    const [a] = ids(1) as [string];
    model.addRow(G, undefined, a);
    expect(() => model.addRow(G, undefined, a)).toThrow(InvalidKeyError);
    expect(() => model.addRow(G, undefined, 'short')).toThrow(InvalidKeyError);
    expect(() => model.addRow(G, 'nosuchrow1')).toThrow(InvalidKeyError);
    expect(() => model.addRow('a.b')).toThrow(InvalidKeyError);
    expect(() => model.addRow('__proto__')).toThrow(InvalidKeyError);
    expect(model.liveRows(G)).toEqual([a]);
  });

  it('R22 moveRow reaches every position, before a row or to the end; a move to where it is writes nothing', () => {
    const { doc, model } = peer('device-a');
    const [a, b, c, d] = ids(4) as [string, string, string, string];
    for (const id of [a, b, c, d]) model.addRow(G, undefined, id);
    const sv = Y.encodeStateVector(doc);
    model.moveRow(G, d, a);
    expect(Y.encodeStateVector(doc)).not.toEqual(sv);
    expect(model.liveRows(G)).toEqual([d, a, b, c]);
    model.moveRow(G, d, null);
    expect(model.liveRows(G)).toEqual([a, b, c, d]);
    model.moveRow(G, a, c);
    expect(model.liveRows(G)).toEqual([b, a, c, d]);
    model.moveRow(G, c);
    expect(model.liveRows(G)).toEqual([b, a, d, c]);
    const before = Y.encodeStateVector(doc);
    model.moveRow(G, a, d);
    model.moveRow(G, c, null);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(() => model.moveRow(G, 'nosuchrow1', a)).toThrow(InvalidKeyError);
    expect(() => model.moveRow(G, a, 'nosuchrow1')).toThrow(InvalidKeyError);
  });

  it('R24 deleteRow hides the row, restoreRow brings it back at its place; each edit moves the state vector (R16)', () => {
    const { doc, model } = peer('device-a');
    const [a, b, c] = ids(3) as [string, string, string];
    for (const id of [a, b, c]) model.addRow(G, undefined, id);
    const sv0 = Y.encodeStateVector(doc);
    model.deleteRow(G, b);
    const sv1 = Y.encodeStateVector(doc);
    expect(sv1).not.toEqual(sv0);
    expect(model.liveRows(G)).toEqual([a, c]);
    expect(model.rows(G).find((r) => r.id === b)).toMatchObject({ deleted: true, deletedBy: 'user-device-a', deletedAt: expect.any(Number) as unknown });
    expect(model.snapshot().rows).toEqual({ [G]: [a, c] });
    model.deleteRow(G, b);
    expect(Y.encodeStateVector(doc)).toEqual(sv1);
    model.restoreRow(G, b);
    expect(Y.encodeStateVector(doc)).not.toEqual(sv1);
    expect(model.liveRows(G)).toEqual([a, b, c]);
    expect(model.rows(G).find((r) => r.id === b)).toEqual(expect.objectContaining({ deleted: false }));
    expect(model.rows(G).find((r) => r.id === b)?.deletedBy).toBeUndefined();
  });

  it('R10 a read-only model refuses every row write and changes nothing', () => {
    const { doc, model } = peer('device-a');
    const [a, b] = ids(2) as [string, string];
    model.addRow(G, undefined, a);
    model.addRow(G, undefined, b);
    model.deleteRow(G, b);
    model.setReadOnly(true);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => model.addRow(G)).toThrow(ReadOnlyError);
    expect(() => model.moveRow(G, b, a)).toThrow(ReadOnlyError);
    expect(() => model.deleteRow(G, a)).toThrow(ReadOnlyError);
    expect(() => model.restoreRow(G, b)).toThrow(ReadOnlyError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(model.liveRows(G)).toEqual([a]);
  });

  it('R23 snapshot lists live rows of every group with a row, and leaves `rows` out when there are none', () => {
    const { model } = peer('device-a');
    expect(model.liveRows('empty')).toEqual([]);
    expect(model.snapshot()).toEqual({ done: {}, values: {} });
    expect('rows' in model.snapshot()).toBe(false);
    const [a, b] = ids(2) as [string, string];
    model.addRow(G, undefined, a);
    model.addRow('s2', undefined, b);
    model.deleteRow('s2', b);
    expect(model.snapshot()).toEqual({ done: {}, values: {}, rows: { [G]: [a], s2: [] } });
  });

  it('R8 hostile peer entries are ignored, never thrown: bad ids, non-map rows, bad order keys, bad groups, a name taken by another type', () => {
    const { doc, model } = peer('device-a');
    const [good] = ids(1) as [string];
    model.addRow(G, undefined, good);
    const evil = new Y.Doc();
    Y.applyUpdate(evil, Y.encodeStateAsUpdate(doc));
    const map = evil.getMap<unknown>(rowsMapName(G));
    map.set('short', new Y.Map<unknown>([['order', 'a1'], ['by', 'x'], ['at', 1], ['deleted', false]]));
    map.set('__proto__1', new Y.Map<unknown>([['order', 'a1'], ['by', 'x'], ['at', 1]]));
    map.set('plainValue', { order: 'a1', by: 'x', at: 1, deleted: false });
    map.set('badOrder01', new Y.Map<unknown>([['order', 'a10'], ['by', 'x'], ['at', 1]]));
    map.set('badOrder02', new Y.Map<unknown>([['order', 'b'], ['by', 'x'], ['at', 1]]));
    map.set('noByField', new Y.Map<unknown>([['order', 'a1'], ['at', 1]]));
    map.set('negAtTime', new Y.Map<unknown>([['order', 'a1'], ['by', 'x'], ['at', -1]]));
    map.set('longByName', new Y.Map<unknown>([['order', 'a1'], ['by', 'x'.repeat(65)], ['at', 1]]));
    map.set('delStrng01', new Y.Map<unknown>([['order', 'a2'], ['by', 'x'], ['at', 1], ['deleted', 'yes']]));
    map.set('delTrue001', new Y.Map<unknown>([['order', 'a3'], ['by', 'x'], ['at', 1], ['deleted', true]]));
    map.set('delBadWho1', new Y.Map<unknown>([['order', 'a4'], ['by', 'x'], ['at', 1], ['deleted', { by: 7, at: 'then' }]]));
    evil.getMap<unknown>('rows:bad.group').set('abcdefghij', new Y.Map<unknown>([['order', 'a1'], ['by', 'x'], ['at', 1]]));
    evil.getArray<unknown>('rows:arr').push([1, 2]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(evil));
    doc.getArray('rows:taken');
    expect(model.liveRows(G)).toEqual([good, 'delStrng01']);
    expect(model.rows(G).map((r) => [r.id, r.deleted, r.deletedBy, r.deletedAt])).toEqual([
      [good, false, undefined, undefined],
      ['delStrng01', false, undefined, undefined],
      ['delTrue001', true, undefined, undefined],
      ['delBadWho1', true, undefined, undefined],
    ]);
    expect(model.rows('taken')).toEqual([]);
    expect(model.snapshot().rows).toEqual({ [G]: [good, 'delStrng01'] });
    expect(() => model.addRow('taken')).toThrow(InvalidKeyError);
    expect(() => model.deleteRow(G, 'badOrder01')).toThrow(InvalidKeyError);
    // A valid row of the peer, placed after the hostile ones, is still placed and read.
    model.addRow(G);
    expect(model.liveRows(G)).toHaveLength(3);
  });

  it('R8 isOrderKey accepts the keys fractional-indexing makes and nothing else', () => {
    for (const key of ['a0', 'a1V', 'Zz', 'b00', 'a0V7']) expect(isOrderKey(key)).toBe(true);
    for (const key of ['', 'a', 'a10', 'b0', '0a', 'a0-', `A${'0'.repeat(26)}`, 'a0 ']) expect(isOrderKey(key)).toBe(false);
  });

  it('R21 two devices adding at the end offline keep both rows, in the same order on both (tie broken by row id)', () => {
    const a = peer('device-a');
    const b = peer('device-b');
    const [x0, x1, x2] = ids(3) as [string, string, string];
    a.model.addRow(G, undefined, x0);
    syncAll([a.doc, b.doc]);
    a.model.addRow(G, undefined, x2);
    b.model.addRow(G, undefined, x1);
    expect(a.model.rows(G)[1]?.order).toBe(b.model.rows(G)[1]?.order);
    syncAll([b.doc, a.doc]);
    expect(a.model.liveRows(G)).toEqual([x0, x1, x2]);
    expect(b.model.liveRows(G)).toEqual([x0, x1, x2]);
    expect(a.model.snapshot()).toEqual(b.model.snapshot());
  });

  it('R21 the tie-break is the same whatever order the updates arrive in', () => {
    const makers = ['device-a', 'device-b', 'device-c'].map((d) => peer(d));
    const rowIds = ['zzzzzzzzz1', 'AAAAAAAAA1', 'mmmmmmmmm1'];
    const updates = makers.map((m, i) => {
      m.model.addRow(G, undefined, rowIds[i]);
      return Y.encodeStateAsUpdate(m.doc);
    });
    const orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0]].map((perm) => {
      const { doc, model } = peer('device-r');
      for (const i of perm) Y.applyUpdate(doc, updates[i] ?? new Uint8Array());
      return model.liveRows(G);
    });
    expect(orders).toEqual([
      ['AAAAAAAAA1', 'mmmmmmmmm1', 'zzzzzzzzz1'],
      ['AAAAAAAAA1', 'mmmmmmmmm1', 'zzzzzzzzz1'],
      ['AAAAAAAAA1', 'mmmmmmmmm1', 'zzzzzzzzz1'],
    ]);
  });

  it('R22 a place inside a tie is reachable: the tied rows get fresh keys in their order', () => {
    const row = (id: string, order: string): RowInfo => ({ id, order, by: 'u', at: 1, deleted: false });
    const others = [row('p', 'a0'), row('t1', 'a1'), row('t2', 'a1'), row('t3', 'a1'), row('n', 'a2')];
    const { key, rekey } = placement(others, 2);
    const keys = new Map(rekey);
    expect(keys.has('p')).toBe(false);
    expect(keys.has('n')).toBe(false);
    const t1 = keys.get('t1') ?? '';
    const t2 = keys.get('t2') ?? '';
    const t3 = keys.get('t3') ?? '';
    expect('a0' < t1 && t1 < key && key < t2 && t2 < t3 && t3 < 'a2').toBe(true);

    const a = peer('device-a');
    const b = peer('device-b');
    const [x, y, z] = ['xxxxxxxxx1', 'yyyyyyyyy1', 'zzzzzzzzz1'];
    a.model.addRow(G, undefined, x);
    b.model.addRow(G, undefined, y);
    syncAll([a.doc, b.doc]);
    a.model.addRow(G, x, z);
    expect(a.model.liveRows(G)).toEqual([x, z, y]);
    a.model.moveRow(G, y, z);
    expect(a.model.liveRows(G)).toEqual([x, y, z]);
  });

  it('R22 R24 a concurrent move and delete both survive: the row is deleted and at its new place', () => {
    const a = peer('device-a');
    const b = peer('device-b');
    const [r0, r1, r2] = ids(3) as [string, string, string];
    for (const id of [r0, r1, r2]) a.model.addRow(G, undefined, id);
    syncAll([a.doc, b.doc]);
    a.model.moveRow(G, r2, r0);
    b.model.deleteRow(G, r2);
    syncAll([a.doc, b.doc]);
    for (const { model } of [a, b]) {
      expect(model.rows(G).map((r) => [r.id, r.deleted])).toEqual([
        [r2, true],
        [r0, false],
        [r1, false],
      ]);
      expect(model.liveRows(G)).toEqual([r0, r1]);
    }
    b.model.restoreRow(G, r2);
    syncAll([a.doc, b.doc]);
    expect(a.model.liveRows(G)).toEqual([r2, r0, r1]);
  });

  it('R24 a cell edited on a deleted row (here or on another tablet) stays in the doc and is there again after restoring', () => {
    const a = peer('device-a');
    const b = peer('device-b');
    const [r0] = ids(1) as [string];
    a.model.addRow(G, undefined, r0);
    a.model.setValue(rowValueKey(G, r0, 'serial'), 'SN-1');
    syncAll([a.doc, b.doc]);
    a.model.deleteRow(G, r0);
    b.model.setValue(rowValueKey(G, r0, 'qty'), 4);
    syncAll([a.doc, b.doc]);
    expect(a.model.liveRows(G)).toEqual([]);
    a.model.restoreRow(G, r0);
    syncAll([a.doc, b.doc]);
    for (const { model } of [a, b]) {
      expect(model.liveRows(G)).toEqual([r0]);
      expect(model.read(valueSlot(rowValueKey(G, r0, 'serial')))).toBe('SN-1');
      expect(model.read(valueSlot(rowValueKey(G, r0, 'qty')))).toBe(4);
    }
  });

  it('R25 observers hear row changes as r:<group>, local and from peers, including edits inside a row', () => {
    const a = peer('device-a');
    const b = peer('device-b');
    const seen: [string[], boolean][] = [];
    const stop = a.model.observe((slots, local) => seen.push([[...slots].sort(), local]));
    const [r0] = ids(1) as [string];
    a.model.addRow(G, undefined, r0);
    syncAll([a.doc, b.doc]);
    b.model.deleteRow(G, r0);
    b.model.addRow('s2');
    syncAll([a.doc, b.doc]);
    a.model.setValue(rowValueKey(G, r0, 'qty'), 2);
    stop();
    a.model.restoreRow(G, r0);
    expect(seen).toEqual([
      [['r:parts'], true],
      [['r:parts', 'r:s2'], false],
      [['v:parts.row0000000.qty'], true],
    ]);
  });

  it('S3 row edits go through applyEdit and reach the doc and the stored record', async () => {
    const writes: unknown[] = [];
    const records: RecordWriter = { writeRecords: (w) => Promise.resolve(void writes.push(w)) };
    const opened = await openInstance({ instance: instanceOf(procedureVersion), version: procedureVersion, persistence: memoryPersistence(new MemoryDocStore(), INSTANCE), records, device: 'tablet-1' });
    const [r0, r1] = ids(2) as [string, string];
    await applyEdit(opened, { kind: 'row-add', group: 's1', rowId: r0 });
    await applyEdit(opened, { kind: 'row-add', group: 's1', rowId: r1, after: r0 });
    await applyEdit(opened, { kind: 'row-move', group: 's1', rowId: r1, before: r0 });
    expect(opened.model.liveRows('s1')).toEqual([r1, r0]);
    await applyEdit(opened, { kind: 'row-delete', group: 's1', rowId: r1 });
    expect(opened.model.liveRows('s1')).toEqual([r0]);
    await applyEdit(opened, { kind: 'row-restore', group: 's1', rowId: r1 });
    await applyEdit(opened, { kind: 'row-move', group: 's1', rowId: r1, before: null });
    expect(opened.model.snapshot().rows).toEqual({ s1: [r0, r1] });
    expect(writes).toHaveLength(6);
  });
});
