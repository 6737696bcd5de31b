import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeTestDbs, freshDb, uuid } from '../db/test-support';
import { pendingAgainst } from './providers';
import { decodeVectorBytes, encodeVector, missingChanges, readRelayMarkers, relayKey, UNKNOWN_PENDING, writeRelayMarker } from './relay-state';

afterEach(closeTestDbs);

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
  it('counts the local structs a relay that received part of the updates lacks', () => {
    const a = recorded(1);
    const relay = new Y.Doc();
    for (const step of ['s1', 's2', 's3']) a.doc.getArray('writes').push([{ key: `d:${step}`, value: true }]);
    Y.applyUpdate(relay, a.updates[0] ?? new Uint8Array());

    expect(pendingAgainst(a.doc, vectorOf(relay))).toBe(2);
    for (const u of a.updates.slice(1)) Y.applyUpdate(relay, u);
    expect(pendingAgainst(a.doc, vectorOf(relay))).toBe(0);
  });

  it('counts only what this device holds beyond the relay, not what others wrote', () => {
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

  it('counts everything when the relay never acknowledged, and text by characters', () => {
    const a = recorded(7);
    a.doc.getText('note:s1').insert(0, 'hello');
    expect(pendingAgainst(a.doc, undefined)).toBe(5);
  });

  it('sums max(0, local - relay) per client', () => {
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

describe('relay markers in kv', () => {
  it('round-trips the relay state vector per instance and ignores malformed rows', async () => {
    const db = freshDb();
    const relay = new Y.Doc();
    relay.getArray('writes').push([1, 2, 3]);
    const bytes = Y.encodeStateVector(relay);
    const id = uuid();
    await writeRelayMarker(db, id, { stateVector: encodeVector(bytes), pending: 2, at: 1 });
    await writeRelayMarker(db, uuid(), { stateVector: '', pending: UNKNOWN_PENDING, at: 2 });
    await db.kv.put({ key: relayKey(uuid()), value: { stateVector: 42 } });

    const markers = await readRelayMarkers(db);
    expect(markers.size).toBe(2);
    const marker = markers.get(id);
    expect(marker?.pending).toBe(2);
    expect(Y.decodeStateVector(decodeVectorBytes(marker?.stateVector ?? ''))).toEqual(vectorOf(relay));
  });
});
