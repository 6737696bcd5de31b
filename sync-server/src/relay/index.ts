/** The Yjs websocket relay: transport-free core, ws shell, stores. See SPEC.md. */
export { createRelay, TRANSIENT_CLOSE } from './core';
export type { Connection, JoinRequest, PeerHandle, PeerInfo, Relay, RelayStats } from './core';
export { attachRelay } from './shell';
export type { AttachOptions, RelayAttachment } from './shell';
export { createSqliteStore, RELAY_SCHEMA, SQLITE_STORE_DEFAULTS } from './sqlite-store';
export type { SqliteStoreOptions } from './sqlite-store';
export { createMemoryStore } from './memory-store';
export { systemClock } from './clock';
export type { RelayClock } from './clock';
export type { MemoryStore } from './memory-store';
export { RELAY_DEFAULTS, silentLogger, stderrLogger } from './options';
export type { Access, Authorization, AuthorizeRequest, ConnectionLimits, Principal, RelayHooks, RelayLogger, RelayOptions, RelaySettings, RoomStore } from './options';
export { MESSAGE, decodeStored, encodeStored, isValidRoomName } from './protocol';
export { limitRepeatedLines } from './log-repeats';
export type { RepeatLimitedLogger, RepeatLimitOptions } from './log-repeats';
export { ConnectionGate } from './connection-gate';
