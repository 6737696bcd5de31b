/** In-memory RoomStore for unit tests; same contract as the SQLite store (relay-store.test.ts). */
import type { RoomStore } from './options';

export interface MemoryStore extends Required<RoomStore> {
  /** A copy of the room's rows, for assertions. */
  rows(room: string): Uint8Array[];
  /** The room's quarantined updates, for assertions. */
  quarantined(room: string): { update: Uint8Array; reason: string }[];
}

export function createMemoryStore(): MemoryStore {
  const log = new Map<string, Uint8Array[]>();
  const quarantine = new Map<string, { update: Uint8Array; reason: string }[]>();
  const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
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
    quarantineUpdate: (room, update, reason) => {
      const held = quarantine.get(room) ?? [];
      quarantine.set(room, held);
      held.push({ update: update.slice(), reason });
      log.set(room, rowsOf(room).filter((row) => !sameBytes(row, update)));
    },
    quarantinedUpdates: (room) => quarantine.get(room)?.length ?? 0,
    rows: (room) => [...(log.get(room) ?? [])],
    quarantined: (room) => [...(quarantine.get(room) ?? [])],
  };
}
