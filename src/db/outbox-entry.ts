import type { ChangeKind } from '../domain';

// The outbox row's shape lives apart from outbox.ts so database.ts can type its table
// without importing the write path that imports database.ts (no cycle, issue 9).

export type OutboxState = 'pending' | 'failed';

/** Why the relay refused an entry (its `{error: {code, message}}` plus the HTTP status). */
export interface OutboxError {
  status: number;
  code: string;
  message: string;
}

/**
 * One record write waiting for the relay. `value` is the row as stored by the same
 * transaction, so replaying it as an idempotent PUT sends exactly what the device shows.
 * A failed entry (4xx) stays until the user retries or discards it: nothing is dropped silently.
 */
export interface OutboxEntry {
  seq?: number;
  kind: ChangeKind;
  recordId: string;
  value: unknown;
  state: OutboxState;
  createdAt: number;
  attempts: number;
  lastError?: OutboxError;
  /**
   * A finished instance held back until the relay has stored its Yjs edits: set once the
   * unfinished view of the record has reached the relay, so the room exists and is writable.
   */
  announced?: boolean;
}
