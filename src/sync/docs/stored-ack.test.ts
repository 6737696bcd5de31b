import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeVector, missingChanges } from './state-vector';
import { pendingAgainst, StoredAck } from './stored-ack';

/** Each update a doc emits, in order, so a test can deliver some of them to another doc. */
function recorded(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates };
}

const vectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

describe('pending changes from state vectors', () => {
  it('D1: counts the local structs a relay that received part of the updates lacks', () => {
    const a = recorded(1);
    const relay = new Y.Doc();
    for (const step of ['s1', 's2', 's3']) a.doc.getArray('writes').push([{ key: `d:${step}`, value: true }]);
    Y.applyUpdate(relay, a.updates[0] ?? new Uint8Array());

    expect(pendingAgainst(a.doc, vectorOf(relay))).toBe(2);
    for (const u of a.updates.slice(1)) Y.applyUpdate(relay, u);
    expect(pendingAgainst(a.doc, vectorOf(relay))).toBe(0);
  });

  it('D2: counts only what this device holds beyond the relay, not what others wrote', () => {
    const a = recorded(1);
    const b = recorded(2);
    const relay = new Y.Doc();
    a.doc.getArray('writes').push([{ key: 'd:s1' }]);
    b.doc.getArray('writes').push([{ key: 'd:s2' }]);
    b.doc.getArray('writes').push([{ key: 'd:s3' }]);
    // The relay stored A's first edit and both of B's; A has received B's first only.
    for (const u of [...a.updates, ...b.updates]) Y.applyUpdate(relay, u);
    Y.applyUpdate(a.doc, b.updates[0] ?? new Uint8Array());
    a.doc.getArray('writes').push([{ key: 'd:s4' }]);

    // A's second edit is missing on the relay; B's second edit (relay only) is not A's to send.
    expect(pendingAgainst(a.doc, vectorOf(relay))).toBe(1);
    expect(pendingAgainst(b.doc, vectorOf(relay))).toBe(0);
  });

  it('D1: counts everything when the relay never acknowledged, and text by characters', () => {
    const a = recorded(7);
    a.doc.getText('note:s1').insert(0, 'hello');
    expect(pendingAgainst(a.doc, undefined)).toBe(5);
  });

  it('D2: sums max(0, local - relay) per client', () => {
    const local = new Map([
      [1, 5],
      [2, 3],
    ]);
    const relay = new Map([
      [1, 2],
      [2, 9],
      [3, 4],
    ]);
    expect(missingChanges(local, relay)).toBe(3);
    expect(missingChanges(new Map(), relay)).toBe(0);
  });
});

describe('stored-state acknowledgement of one doc', () => {
  it('D3: a type-100 vector that does not decode is dropped and changes nothing', () => {
    const local = recorded(3);
    local.doc.getArray('writes').push([{ key: 'd:s1' }]);
    const ack = new StoredAck(local.doc, false, undefined);
    expect(ack.pending).toBe(1);
    expect(ack.acknowledge(new Uint8Array([5, 1]), 10)).toBe(false);
    expect(ack.pending).toBe(1);
    expect(ack.acknowledgedAt).toBeUndefined();
    expect(ack.acknowledge(Y.encodeStateVector(local.doc), 11)).toBe(true);
    expect(ack.pending).toBe(0);
    expect(ack.acknowledgedAt).toBe(11);
  });

  it('D4: starts from the stored marker: its vector, when it was acknowledged, and what was not accepted', () => {
    const local = recorded(4);
    local.doc.getArray('writes').push([{ key: 'd:s1' }]);
    const stored = Y.encodeStateVector(local.doc);
    local.doc.getArray('writes').push([{ key: 'd:s2' }]);
    const ack = new StoredAck(local.doc, false, { stateVector: encodeVector(stored), pending: 1, at: 7, notAccepted: { at: 8 } });
    expect(ack.pending).toBe(1);
    expect(ack.acknowledgedAt).toBe(7);
    expect(ack.marker(undefined, 99, undefined)).toEqual({ stateVector: encodeVector(stored), pending: 1, at: 7, notAccepted: { at: 8 } });
    // Never acknowledged: the marker keeps '' and takes the time it is written.
    expect(new StoredAck(local.doc, false, undefined).marker(undefined, 99, undefined)).toEqual({ stateVector: '', pending: 2, at: 99 });
  });

  it('D8: a reader run is never pending, whatever the relay stored', () => {
    const local = recorded(5);
    local.doc.getArray('writes').push([{ key: 'd:s1' }]);
    const ack = new StoredAck(local.doc, true, { stateVector: '', pending: 3, at: 1 });
    expect(ack.pending).toBe(0);
    local.doc.getArray('writes').push([{ key: 'd:s2' }]);
    expect(ack.measure()).toBe(false);
    expect(ack.acknowledge(Y.encodeStateVector(new Y.Doc()), 2)).toBe(true);
    expect(ack.pending).toBe(0);
  });

  it('D9: changes beyond the stored vector of a read-only room are not accepted; none, or no ack yet, is nothing to report', () => {
    const local = recorded(6);
    local.doc.getArray('writes').push([{ key: 'd:s1' }]);
    const ack = new StoredAck(local.doc, false, undefined);
    ack.writesRefused();
    expect(ack.checkNotAccepted(1)).toBe(false); // the relay has not said what it stored
    ack.acknowledge(Y.encodeStateVector(new Y.Doc()), 2);
    expect(ack.checkNotAccepted(3)).toBe(true);
    expect(ack.checkNotAccepted(4)).toBe(true);
    expect(ack.notAccepted).toEqual({ at: 3 });
    const clean = new StoredAck(local.doc, false, undefined);
    clean.writesRefused();
    clean.acknowledge(Y.encodeStateVector(local.doc), 5);
    expect(clean.checkNotAccepted(6)).toBe(false);
  });
});
