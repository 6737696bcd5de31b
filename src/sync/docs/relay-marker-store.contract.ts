/**
 * The contract every `RelayMarkerStore` keeps (SPEC D4), written without a test framework so
 * it also runs in a browser: each case is a name and an async `run` that throws on failure.
 *
 *   for (const c of relayMarkerStoreContract(make)) it(c.name, c.run);
 */
import type { RelayMarker } from './relay-marker';
import { UNKNOWN_PENDING } from './relay-marker';
import type { RelayMarkerStore } from './relay-marker-store';

export interface RelayMarkerStoreFixture {
  readonly store: RelayMarkerStore;
  dispose(): Promise<void>;
}

export interface ContractCase {
  readonly name: string;
  /** Throws on failure; needs no `this`, so `it(c.name, c.run)` works. */
  run(this: void): Promise<void>;
}

/** JSON with sorted keys: two markers are the same when every field is. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function assertSame(actual: unknown, expected: unknown, what: string): void {
  const [a, e] = [canonical(actual), canonical(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

let counter = 0;
/** Instance ids unique across cases, shaped like the real ones. */
const instanceId = (): string => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

const acknowledged: RelayMarker = { stateVector: 'AQLkAQI=', pending: 2, at: 1_700_000_000_000 };
const everything: RelayMarker = {
  stateVector: 'AQLkAQI=',
  pending: 3,
  at: 1_700_000_000_001,
  refused: { code: 4403, reason: 'not allowed' },
  notAccepted: { at: 1_700_000_000_002, resolved: { how: 'copied', at: 1_700_000_000_003, copyId: 'copy-1' } },
};

export function relayMarkerStoreContract(make: () => Promise<RelayMarkerStoreFixture>): ContractCase[] {
  const withStore = (name: string, body: (store: RelayMarkerStore) => Promise<void>): ContractCase => ({
    name,
    async run() {
      const fixture = await make();
      try {
        await body(fixture.store);
      } finally {
        await fixture.dispose();
      }
    },
  });

  return [
    withStore('D4 contract: an empty store reads no markers', async (store) => {
      assertSame((await store.readAll()).size, 0, 'readAll size');
      assertSame(await store.read(instanceId()), undefined, 'read of an unknown instance');
    }),
    withStore('D4 contract: reads back a written marker with every field', async (store) => {
      const id = instanceId();
      await store.write(id, everything);
      assertSame(await store.read(id), everything, 'read');
      assertSame((await store.readAll()).get(id), everything, 'readAll entry');
    }),
    withStore('D4 contract: keeps a never-acknowledged marker with unknown pending', async (store) => {
      const id = instanceId();
      const unknown: RelayMarker = { stateVector: '', pending: UNKNOWN_PENDING, at: 5 };
      await store.write(id, unknown);
      assertSame(await store.read(id), unknown, 'read');
    }),
    withStore('D4 contract: a later write replaces the whole marker', async (store) => {
      const id = instanceId();
      await store.write(id, everything);
      await store.write(id, acknowledged);
      assertSame(await store.read(id), acknowledged, 'read after the second write');
      assertSame((await store.readAll()).size, 1, 'readAll size');
    }),
    withStore('D4 contract: lists every instance, each with its own marker', async (store) => {
      const ids = [instanceId(), instanceId(), instanceId()];
      for (const [i, id] of ids.entries()) await store.write(id, { ...acknowledged, pending: i });
      const all = await store.readAll();
      assertSame([...all.keys()].sort(), [...ids].sort(), 'instance ids');
      for (const [i, id] of ids.entries()) assertSame(all.get(id)?.pending, i, `pending of instance ${i}`);
    }),
    withStore('D4 contract: a marker changed after it was written or read changes nothing stored', async (store) => {
      const id = instanceId();
      const marker: RelayMarker = { ...acknowledged, refused: { code: 4403, reason: 'not allowed' } };
      await store.write(id, marker);
      (marker as { pending: number }).pending = 99;
      const read = await store.read(id);
      assert(read !== undefined, 'the marker was written');
      (read as { pending: number }).pending = 98;
      assertSame((await store.read(id))?.pending, acknowledged.pending, 'stored pending');
    }),
  ];
}
