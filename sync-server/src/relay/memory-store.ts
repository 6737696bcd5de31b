/** In-memory RoomStore for unit tests; same contract as the SQLite store (relay-store.test.ts). */
import type { RoomStore } from './options';

export interface MemoryStore extends Required<RoomStore> {
  /** A copy of the room's rows, for assertions. */
  rows(room: string): Uint8Array[];
}

export function createMemoryStore(): MemoryStore {
  const log = new Map<string, Uint8Array[]>();
  const rowsOf = (room: string): Uint8Array[] => {
    let rows = log.get(room);
    if (!rows) log.set(room, (rows = []));
    return rows;
  };
  return {
    loadRoom: (room) => [...(log.get(room) ?? [])],
    appendUpdate: (room, update) => {
      rowsOf(room).push(update.slice());
    },
    appendUpdates: (room, updates) => {
      rowsOf(room).push(...updates.map((u) => u.slice()));
    },
    compactRoom: (room, state) => {
      log.set(room, [state.slice()]);
    },
    rows: (room) => [...(log.get(room) ?? [])],
  };
}
