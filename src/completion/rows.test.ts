import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { InstanceDoc, ReadOnlyError } from './instance-doc';
import { InvalidKeyError } from './register';
import { countRows, isRowId, newRowId } from './rows';

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
    model.moveRow(G, d, a);
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
    expect(model.rows(G).find((r) => r.id === b)).toMatchObject({ deleted: true, deletedBy: 'user-device-a' });
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
});
