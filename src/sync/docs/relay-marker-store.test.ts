import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeTestDbs, freshDb, uuid } from '../../db/test-support';
import { UNKNOWN_PENDING } from './relay-marker';
import { dexieRelayMarkerStore, memoryRelayMarkerStore, readRelayMarkers, writeRelayMarker } from './relay-marker-store';
import { relayMarkerStoreContract } from './relay-marker-store.contract';
import { decodeVectorBytes, encodeVector } from './state-vector';
import { relayKey } from '../../protocol';

afterEach(closeTestDbs);

describe('RelayMarkerStore contract, Dexie adapter on fake-indexeddb', () => {
  const cases = relayMarkerStoreContract(() => {
    const db = freshDb();
    return Promise.resolve({ store: dexieRelayMarkerStore(db), dispose: () => Promise.resolve() });
  });
  for (const c of cases) it(c.name, c.run);
});

describe('RelayMarkerStore contract, memory adapter', () => {
  const cases = relayMarkerStoreContract(() => Promise.resolve({ store: memoryRelayMarkerStore(), dispose: () => Promise.resolve() }));
  for (const c of cases) it(c.name, c.run);
});

describe('relay markers in kv', () => {
  it('D4: round-trips the relay state vector per instance and ignores malformed rows', async () => {
    const db = freshDb();
    const relay = new Y.Doc();
    relay.getArray('writes').push([1, 2, 3]);
    const bytes = Y.encodeStateVector(relay);
    const id = uuid();
    await writeRelayMarker(db, id, { stateVector: encodeVector(bytes), pending: 2, at: 1 });
    await writeRelayMarker(db, uuid(), { stateVector: '', pending: UNKNOWN_PENDING, at: 2 });
    const bad = uuid();
    await db.kv.put({ key: relayKey(bad), value: { stateVector: 42 } });

    const markers = await readRelayMarkers(db);
    expect(markers.size).toBe(2);
    const marker = markers.get(id);
    expect(marker?.pending).toBe(2);
    expect(Y.decodeStateVector(decodeVectorBytes(marker?.stateVector ?? ''))).toEqual(Y.decodeStateVector(Y.encodeStateVector(relay)));
    expect(await dexieRelayMarkerStore(db).read(bad)).toBeUndefined();
  });

  it('D4: lists only relay markers, not the rest of kv', async () => {
    const db = freshDb();
    await db.kv.put({ key: 'sync.lastPulledAt', value: 5 });
    await writeRelayMarker(db, uuid(), { stateVector: '', pending: 1, at: 2 });
    expect((await dexieRelayMarkerStore(db).readAll()).size).toBe(1);
  });
});
