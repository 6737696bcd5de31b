import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stepValueKey } from '../domain';
import { InstanceDoc, NOTE_PREFIX, ReadOnlyError, WRITES } from './instance-doc';
import { NOTES } from './notes';
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

  it('R7 notes written on two tablets at once are two entries with who and when, in one order everywhere', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1500);
    a.model.putNote('s1', 'n-a', 'valve closed');
    b.model.putNote('s1', 'n-b', 'pressure ok');
    syncAll([a.doc, b.doc]);
    const notes = a.model.notes('s1');
    expect(notes.map((n) => [n.text, n.device, n.at])).toEqual([
      ['valve closed', A, 1000],
      ['pressure ok', B, 1500],
    ]);
    expect(b.model.notes('s1')).toEqual(notes);
    expect(b.model.noteIds()).toEqual(['s1']);
  });

  it('R7 a device edits and removes only its own note; a peer editing concurrently keeps its own', () => {
    const a = peer(A, 1000);
    const b = peer(B, 1000);
    a.model.putNote('s1', 'n-a', 'valve');
    syncAll([a.doc, b.doc]);
    a.clock.t += 10;
    a.model.putNote('s1', 'n-a', 'valve closed');
    b.model.putNote('s1', 'n-b', 'seal worn');
    syncAll([a.doc, b.doc]);
    expect(b.model.notes('s1').map((n) => n.text)).toEqual(['seal worn', 'valve closed']);
    expect(a.doc.getArray(NOTES).length).toBe(2); // the old text of n-a was replaced, not kept
    a.clock.t += 10;
    a.model.putNote('s1', 'n-a', '');
    syncAll([a.doc, b.doc]);
    expect(b.model.notes('s1').map((n) => n.text)).toEqual(['seal worn']);
  });

  it('R7 a note typed before notes were a list is still shown', () => {
    const a = peer(A, 1000);
    a.doc.getText(`${NOTE_PREFIX}s1`).insert(0, 'old note');
    expect(a.model.legacyNote('s1')).toBe('old note');
    expect(a.model.noteIds()).toEqual(['s1']);
    expect(a.model.legacyNote('s2')).toBe('');
  });

  it('R16 removing a note advances the state vector, and the removal reaches a relay that stores it', () => {
    const a = peer(A, 1000);
    const relay = new Y.Doc();
    a.model.putNote('s1', 'n1', 'valve closed, pressure ok');
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(a.doc));
    const stored = Y.decodeStateVector(Y.encodeStateVector(relay));
    const pending = (): number => missingChanges(Y.decodeStateVector(Y.encodeStateVector(a.doc)), stored);
    expect(pending()).toBe(0);

    a.clock.t += 10;
    a.model.putNote('s1', 'n1', '');
    expect(a.model.notes('s1')).toEqual([]);
    expect(pending()).toBe(1); // one change, as a person counts it

    Y.applyUpdate(relay, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(relay)));
    const relayModel = new InstanceDoc(relay, { device: B, by: 'u' });
    expect(relayModel.notes('s1')).toEqual([]);
  });

  it('R15 rewriting a note 500 times keeps the doc small', () => {
    const a = peer(A, 1000);
    for (let i = 0; i < 500; i++) {
      a.clock.t += 1;
      a.model.putNote('s1', 'n1', `reading ${i}`);
    }
    expect(a.model.notes('s1').map((n) => n.text)).toEqual(['reading 499']);
    expect(Y.encodeStateAsUpdate(a.doc).byteLength).toBeLessThan(400);
  });

  it('R8 malformed peer notes are ignored', () => {
    const a = peer(A, 1000);
    const evil = new Y.Doc();
    evil.getArray(NOTES).push([
      { id: 'x', step: '__proto__', device: 'evil', by: 'x', at: 1, text: 'no' },
      { id: 'bad id!', step: 's1', device: 'evil', by: 'x', at: 1, text: 'no' },
      { id: 'x', step: 's1', device: 'evil', by: 'x', at: 1, text: 'y'.repeat(5000) },
      'just a string',
      { id: 'ok', step: 's1', device: 'evil', by: 'x', at: 1, text: 'kept' },
    ]);
    syncAll([a.doc, evil]);
    expect(a.model.notes('s1').map((n) => n.text)).toEqual(['kept']);
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

  it('R8 malformed tuple entries are ignored like malformed objects', () => {
    const a = peer(A, 1000);
    a.model.setDone('s1', true);
    const evil = new Y.Doc();
    evil.getArray(WRITES).push([
      ['d:s1', 'evil', false, 'x'],
      ['d:s1', 'evil', false, 'x', 9e12, {}, 'extra'],
      ['d:__proto__', 'evil', true, 'x', 9e12],
      ['d:s1', 'evil', 'not a boolean', 'x', 9e12],
      ['d:s1', 'evil', false, 'x', 9e12, { 'bad|device': 1 }],
      [42, 'evil', false, 'x', 9e12],
    ]);
    syncAll([a.doc, evil]);
    expect(a.model.snapshot()).toEqual({ done: { s1: true }, values: {} });
  });

  it('R1 entries are stored as tuples, and object entries written before tuples are still read, resolved and shown in conflict', () => {
    const a = peer(A, 1000);
    a.model.setValue('temp', 20);
    expect(a.doc.getArray(WRITES).toArray()).toEqual([['v:temp', A, 20, `user-${A}`, 1000]]);
    // An older app version's object entry for the same field on another device, written later and unseen.
    const old = new Y.Doc();
    old.getArray(WRITES).push([{ key: 'v:temp', device: B, value: 22, by: 'user-old', at: 2000 }, { key: 'd:s1', device: B, value: true, by: 'user-old', at: 2000 }]);
    syncAll([a.doc, old]);
    expect(a.model.snapshot()).toEqual({ done: { s1: true }, values: { temp: 22 } });
    expect(a.model.conflicts(valueSlot('temp')).map((e) => e.value)).toEqual([20]);
    // Settling writes a tuple that records the object entry as seen.
    a.clock.t = 3000;
    a.model.settle(valueSlot('temp'), 21);
    expect(a.doc.getArray(WRITES).toArray()).toContainEqual(['v:temp', A, 21, `user-${A}`, 3000, { [B]: 2000 }]);
    expect(a.model.conflictKeys()).toEqual([]);
    expect(a.model.read(doneSlot('s1'))).toBe(true);
  });

  it('R8 local writes with invalid keys throw InvalidKeyError', () => {
    const a = peer(A, 1000);
    expect(() => a.model.setDone('__proto__', true)).toThrow(InvalidKeyError);
    expect(() => a.model.setValue('a|b', 'x')).toThrow(InvalidKeyError);
    expect(() => a.model.putNote('constructor', 'n1', 'x')).toThrow(InvalidKeyError);
    expect(() => a.model.putNote('s1', 'bad id!', 'x')).toThrow(InvalidKeyError);
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
    expect(() => a.model.putNote('s1', 'n1', 'x')).toThrow(ReadOnlyError);
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
