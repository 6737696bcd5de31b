import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stepValueKey } from '../domain';
import { InstanceDoc, NOTE_EDITS, NOTE_PREFIX, ReadOnlyError, WRITES } from './instance-doc';
import { doneSlot, InvalidKeyError, valueSlot } from './register';
import { syncAll } from './test-support';

const A = 'device-a';
const B = 'device-b';

function peer(device: string, start: number, by = `user-${device}`): { doc: Y.Doc; model: InstanceDoc; clock: { t: number } } {
  const doc = new Y.Doc();
  const clock = { t: start };
  const model = new InstanceDoc(doc, { device, by, now: () => clock.t });
  return { doc, model, clock };
}

/** Structs `local` has beyond `stored` (what the sync layer counts as "pending"). */
function missingChanges(local: Map<number, number>, stored: Map<number, number>): number {
  let missing = 0;
  for (const [client, clock] of local) missing += Math.max(0, clock - (stored.get(client) ?? 0));
  return missing;
}

describe('InstanceDoc', () => {
  it('R1 edits of different steps on two docs merge', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1000);
    a.model.setDone('s1', true);
    b.model.setDone('s2', true);
    b.model.setValue(stepValueKey('s2', 'temp'), 21.5);
    syncAll([a.doc, b.doc]);
    const expected = { done: { s1: true, s2: true }, values: { 's2.temp': 21.5 } };
    expect(a.model.snapshot()).toEqual(expected);
    expect(b.model.snapshot()).toEqual(expected);
    expect(a.model.conflictKeys()).toEqual([]);
  });

  it('R2 R3 the same field edited offline on both keeps both writes, resolves to the later one and shows the conflict on both', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1000);
    a.model.setValue('reading', 'from A');
    b.clock.t = 2000;
    b.model.setValue('reading', 'from B');
    syncAll([a.doc, b.doc]);
    for (const { model } of [a, b]) {
      expect(model.read(valueSlot('reading'))).toBe('from B');
      expect(model.lastWrite(valueSlot('reading'))).toEqual({ by: `user-${B}`, device: B, at: 2000 });
      expect(model.conflictKeys()).toEqual([valueSlot('reading')]);
      expect(model.conflicts(valueSlot('reading')).map((e) => [e.device, e.value])).toEqual([[A, 'from A']]);
    }
  });

  it('R2 equal times are won by the greater device id on every replica', () => {
    const a = peer(A, 5000);
    const b = peer(B, 5000);
    a.model.setDone('s1', true);
    b.model.setDone('s1', false);
    syncAll([a.doc, b.doc]);
    expect(a.model.read(doneSlot('s1'))).toBe(false);
    expect(b.model.read(doneSlot('s1'))).toBe(false);
    expect(a.model.conflicts(doneSlot('s1'))).toHaveLength(1);
  });

  it('R5 settling clears the conflict on both docs after sync', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1500);
    a.model.setValue('reading', 'x');
    b.model.setValue('reading', 'y');
    syncAll([a.doc, b.doc]);
    a.model.settle(valueSlot('reading'), 'x');
    expect(a.model.conflictKeys()).toEqual([]);
    syncAll([a.doc, b.doc]);
    for (const { model } of [a, b]) {
      expect(model.conflictKeys()).toEqual([]);
      expect(model.read(valueSlot('reading'))).toBe('x');
    }
  });

  it('R4 a write made after seeing another wins even when its clock runs behind', () => {
    const a = peer(A, 100);
    const b = peer(B, 9000);
    b.model.setDone('s1', true);
    syncAll([a.doc, b.doc]);
    a.model.setDone('s1', false);
    syncAll([a.doc, b.doc]);
    expect(b.model.read(doneSlot('s1'))).toBe(false);
    expect(b.model.lastWrite(doneSlot('s1'))?.at).toBe(9001);
    expect(b.model.conflictKeys()).toEqual([]);
  });

  it('R5 a write repeating the winning value without a conflict is skipped', () => {
    const a = peer(A, 1000);
    a.model.setDone('s1', true);
    const before = Y.encodeStateVector(a.doc);
    a.model.setDone('s1', true);
    expect(Y.encodeStateVector(a.doc)).toEqual(before);
  });

  it('R1 a device keeps one live entry per slot however often it writes', () => {
    const a = peer(A, 1000);
    for (let i = 0; i < 50; i++) {
      a.clock.t += 10;
      a.model.setDone('s1', i % 2 === 0);
    }
    expect(a.doc.getArray(WRITES).length).toBe(1);
  });

  it('R6 the snapshot holds winners only, done and values apart', () => {
    const a = peer(A, 1000);
    const b = peer(B, 2000);
    a.model.setDone('s1', true);
    a.model.setValue('s1.note', 'a');
    b.model.setDone('s1', false);
    syncAll([a.doc, b.doc]);
    expect(a.model.snapshot()).toEqual({ done: { s1: false }, values: { 's1.note': 'a' } });
  });

  it('R7 notes typed concurrently on two docs keep both texts', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1000);
    a.model.editNote('s1', 0, 0, 'valve closed. ');
    b.model.editNote('s1', 0, 0, 'pressure ok. ');
    syncAll([a.doc, b.doc]);
    const text = a.model.noteText('s1').toJSON();
    expect(text).toBe(b.model.noteText('s1').toJSON());
    expect(text).toContain('valve closed. ');
    expect(text).toContain('pressure ok. ');
    expect(b.model.noteIds()).toEqual(['s1']);
  });

  it('R16 a note edit that only deletes advances the state vector, and the deletion reaches a relay that stores it', () => {
    const a = peer(A, 1000);
    const relay = new Y.Doc();
    a.model.editNote('s1', 0, 0, 'valve closed, pressure ok');
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(a.doc));
    const stored = Y.decodeStateVector(Y.encodeStateVector(relay));
    const pending = (): number => missingChanges(Y.decodeStateVector(Y.encodeStateVector(a.doc)), stored);
    expect(pending()).toBe(0);

    a.model.editNote('s1', 12, 13, '');
    expect(a.model.noteText('s1').toJSON()).toBe('valve closed');
    // Without R16 this is 0: "all synced" while the deletion exists only on this device.
    expect(pending()).toBeGreaterThan(0);

    Y.applyUpdate(relay, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(relay)));
    expect(relay.getText(`${NOTE_PREFIX}s1`).toJSON()).toBe('valve closed');
    expect(missingChanges(Y.decodeStateVector(Y.encodeStateVector(a.doc)), Y.decodeStateVector(Y.encodeStateVector(relay)))).toBe(0);
  });

  it('R16 each device bumps only its own noteEdits key, and repeated deletions stay small', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1000);
    a.model.editNote('s1', 0, 0, 'x'.repeat(600));
    syncAll([a.doc, b.doc]);
    const before = Y.encodeStateAsUpdate(a.doc).byteLength;
    for (let i = 0; i < 500; i++) a.model.editNote('s1', 0, 1, '');
    b.model.editNote('s1', 0, 1, '');
    syncAll([a.doc, b.doc]);
    expect([...a.doc.getMap(NOTE_EDITS).keys()].sort()).toEqual([A, B]);
    expect(a.model.noteText('s1').toJSON()).toBe(b.model.noteText('s1').toJSON());
    expect(a.model.noteText('s1').length).toBe(100); // both deleted the same first character
    // Consecutive counter sets of one device merge into one tombstone run.
    expect(Y.encodeStateAsUpdate(a.doc).byteLength).toBeLessThan(before + 200);
  });

  it('R8 malformed peer entries are ignored', () => {
    const a = peer(A, 1000);
    a.model.setDone('s1', true);
    const evil = new Y.Doc();
    evil.getArray(WRITES).push([
      { key: 'd:__proto__', device: 'evil', value: true, by: 'x', at: 9e12 },
      { key: 'v:constructor.x', device: 'evil', value: 'p', by: 'x', at: 9e12 },
      { key: 'd:s1', device: 'evil', value: 'not a boolean', by: 'x', at: 9e12 },
      { key: 'd:s1', device: '__proto__', value: false, by: 'x', at: 9e12 },
      { key: 'd:s1', device: 'bad|device', value: false, by: 'x', at: 9e12 },
      { key: 'x:s1', device: 'evil', value: false, by: 'x', at: 9e12 },
      { key: 'd:s1', device: 'evil', value: false, by: 'x', at: -1 },
      { key: 'v:s2', device: 'evil', value: { nested: true }, by: 'x', at: 9e12 },
      'just a string',
      42,
      null,
      ['an', 'array'],
    ]);
    syncAll([a.doc, evil]);
    expect(a.model.snapshot()).toEqual({ done: { s1: true }, values: {} });
    expect(a.model.conflictKeys()).toEqual([]);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('R8 local writes with invalid keys throw InvalidKeyError', () => {
    const a = peer(A, 1000);
    expect(() => a.model.setDone('__proto__', true)).toThrow(InvalidKeyError);
    expect(() => a.model.setValue('a|b', 'x')).toThrow(InvalidKeyError);
    expect(() => a.model.noteText('constructor')).toThrow(InvalidKeyError);
    expect(() => new InstanceDoc(new Y.Doc(), { device: 'bad device', by: 'u' })).toThrow(InvalidKeyError);
  });

  it('R9 meta is set once and kept', () => {
    const a = peer(A, 1000);
    a.model.initMeta({ instanceId: 'i1', documentVersionId: 'v1', contentType: 'form' });
    a.model.initMeta({ instanceId: 'i2', documentVersionId: 'v2', contentType: 'procedure' });
    expect(a.model.meta()).toEqual({ instanceId: 'i1', documentVersionId: 'v1', contentType: 'form' });
  });

  it('R10 a read-only model refuses writes and note edits', () => {
    const a = peer(A, 1000);
    a.model.setReadOnly(true);
    expect(a.model.isReadOnly).toBe(true);
    expect(() => a.model.setDone('s1', true)).toThrow(ReadOnlyError);
    expect(() => a.model.settle(valueSlot('f'), 'x')).toThrow(ReadOnlyError);
    expect(() => a.model.editNote('s1', 0, 0, 'x')).toThrow(ReadOnlyError);
    expect(a.model.snapshot()).toEqual({ done: {}, values: {} });
  });

  it('observe reports changed slots, local or from a peer, until unsubscribed', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1000);
    const seen: [string[], boolean][] = [];
    const stop = a.model.observe((slots, local) => seen.push([[...slots].sort(), local]));
    a.model.setDone('s1', true);
    b.model.setValue('f', 'x');
    syncAll([a.doc, b.doc]);
    stop();
    a.model.setDone('s2', true);
    expect(seen).toEqual([
      [['d:s1'], true],
      [['v:f'], false],
    ]);
  });
});
