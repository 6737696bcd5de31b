/**
 * Test support for the provider manager's tests: managers on the in-process relay
 * (test-socket-pair.ts), event-driven waits, background loaders and a hand-driven platform.
 * Each test file calls `afterEach(cleanup)`.
 */
import * as Y from 'yjs';
import { closeTestDbs } from '../../db/test-support';
import type { FieldbookDB } from '../../db';
import { createProviderManager } from './provider-manager';
import type { InstanceSyncState, ProviderManager, ProviderManagerOptions, ProviderManagerState } from './provider-manager';
import { createTestRelay } from './test-socket-pair';
import type { TestRelay, TestRelayOptions } from './test-socket-pair';
import { manualPlatform as sharedManualPlatform } from '../test-platform';
import type { ManualPlatform } from '../test-platform';

const managers: ProviderManager[] = [];
const relays: TestRelay[] = [];

export async function cleanup(): Promise<void> {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
  await closeTestDbs();
}

export function testRelay(options: TestRelayOptions = {}): TestRelay {
  const relay = createTestRelay(options);
  relays.push(relay);
  return relay;
}

export function manager(db: FieldbookDB, relay: TestRelay, extra: Partial<ProviderManagerOptions> = {}): ProviderManager {
  const m = createProviderManager({ db, token: 'tok', baseUrl: 'ws://relay.test/yjs', device: 'tablet-1', WebSocketPolyfill: relay.WebSocket, ...extra });
  managers.push(m);
  return m;
}

/** Resolves with the first manager state that satisfies `predicate` (event-driven, no sleeps). */
export function stateWhere(m: ProviderManager, predicate: (state: ProviderManagerState) => boolean): Promise<ProviderManagerState> {
  return new Promise((resolve) => {
    if (predicate(m.getState())) return resolve(m.getState());
    const off = m.subscribe((state) => {
      if (predicate(state)) {
        off();
        resolve(state);
      }
    });
  });
}

export const instanceIn = (state: ProviderManagerState, id: string): InstanceSyncState | undefined => state.instances.find((i) => i.instanceId === id);

/** Resolves once the instance's state satisfies `predicate`. */
export const instanceWhere = (m: ProviderManager, id: string, predicate: (state: InstanceSyncState) => boolean): Promise<InstanceSyncState | undefined> =>
  stateWhere(m, (s) => {
    const i = instanceIn(s, id);
    return i !== undefined && predicate(i);
  }).then((s) => instanceIn(s, id));

/** Resolves once `predicate` holds for the doc (checked on each of its updates). */
export function docWhere(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate(doc)) return resolve();
    const check = (): void => {
      if (!predicate(doc)) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

/** A doc with `n` local changes (one struct each). */
export function docWith(n: number): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 1; i <= n; i++) doc.getArray('writes').push([{ key: `d:s${i}` }]);
  return doc;
}

/** A background loader that hands out copies of `stored`, counting loads and closed copies. */
export function copiesOf(stored: Y.Doc): { loadDoc: NonNullable<ProviderManagerOptions['loadDoc']>; loads: () => number; closed: () => number } {
  let loads = 0;
  let closed = 0;
  return {
    loadDoc: () => {
      loads += 1;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(stored));
      return Promise.resolve({ doc, close: () => Promise.resolve(void (closed += 1)) });
    },
    loads: () => loads,
    closed: () => closed,
  };
}

/** A platform whose clock, timers and connectivity the test drives (the one in test-platform.ts). */
export const manualPlatform = (): ManualPlatform => sharedManualPlatform({ now: 1_700_000_000_000 });
