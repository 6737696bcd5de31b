/**
 * The provider manager's copy of every relay marker (SPEC D4): read once at start, then kept in
 * memory and written through to the store. A failed write is not retried on its own: the next
 * write of that instance carries the whole marker again.
 */
import type { RelayMarker } from './relay-marker';
import type { RelayMarkerStore } from './relay-marker-store';

export interface MarkerCache {
  /** Replace the copy with what the store holds. */
  load(): Promise<void>;
  get(instanceId: string): RelayMarker | undefined;
  set(instanceId: string, marker: RelayMarker): void;
  entries(): IterableIterator<[string, RelayMarker]>;
  ids(): IterableIterator<string>;
}

export function createMarkerCache(store: RelayMarkerStore): MarkerCache {
  let markers = new Map<string, RelayMarker>();
  return {
    async load() {
      markers = await store.readAll();
    },
    get: (instanceId) => markers.get(instanceId),
    set(instanceId, marker) {
      markers.set(instanceId, marker);
      void store.write(instanceId, marker).catch(() => undefined);
    },
    entries: () => markers.entries(),
    ids: () => markers.keys(),
  };
}
