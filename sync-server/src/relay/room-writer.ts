/**
 * Durable write path of one room. Invariants (SPEC.md R3–R5):
 * - Every update the room's doc emits is queued here; appends and compactions of a room run
 *   one at a time, in order.
 * - A batch is cut at a tick boundary. The doc's state vector at the cut covers exactly the
 *   stored rows plus that batch, so once the batch commits it becomes `storedStateVector`.
 *   Nothing is acknowledged before its commit.
 * - A failed store keeps its updates queued (in memory) and retries; nothing is dropped.
 */
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../../src/protocol';
import { TRANSIENT_CLOSE } from './protocol';
import { encodeIntegratedState } from './doc-state';
import type { RelayLogger, RelaySettings, RoomStore } from './options';
import type { RelayClock } from './clock';

export class RoomWriter {
  storedStateVector: Uint8Array;
  /** Rows in the room's log since the last compaction (1 after a compaction). */
  uncompacted: number;
  /** Bytes of the room's log since the last compaction plus everything queued (SPEC R12). */
  sizeBytes: number;
  /** The last store attempt failed; new writes are refused until one succeeds (SPEC R13). */
  failing = false;
  /** Rows of the room did not load and are still in its log (no quarantine): never compact (SPEC R17). */
  keepsUnloadableRows = false;
  private warnedCompactionHeld = false;
  private pending: Uint8Array[] = [];
  private running: Promise<void> | undefined;
  private scheduled = false;
  private compactDue = false;
  private compactTimer: unknown;
  private compactRequestedAt: number | undefined;
  private stopped = false;

  constructor(
    private readonly room: string,
    private readonly doc: Y.Doc,
    private readonly store: RoomStore,
    private readonly settings: RelaySettings,
    private readonly log: RelayLogger,
    private readonly clock: RelayClock,
    /** Called after every commit with the new stored state vector. */
    private readonly onStored: (stateVector: Uint8Array) => void,
    loadedRows: number,
    loadedBytes: number,
  ) {
    this.sizeBytes = loadedBytes;
    this.storedStateVector = Y.encodeStateVector(doc);
    this.uncompacted = loadedRows;
    if (loadedRows >= settings.compactAfterUpdates) this.requestCompaction();
  }

  get idle(): boolean {
    return this.pending.length === 0 && this.running === undefined;
  }

  enqueue(update: Uint8Array): void {
    this.pending.push(update);
    this.sizeBytes += update.byteLength;
    if (this.scheduled || this.running) return;
    // One batch per tick: everything that arrived in this I/O phase commits together.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.kick();
    });
  }

  /** Resolves once everything queued so far is stored (or the writer was stopped). */
  async drain(): Promise<void> {
    while (!this.stopped && (this.running || this.pending.length > 0 || this.compactDue)) {
      this.kick();
      await this.running;
    }
  }

  /** Compact now (if the log has more than one row) and wait for it. */
  async compactNow(): Promise<void> {
    this.clearCompactionTimer();
    if (this.uncompacted > 1 || this.pending.length > 0) this.compactDue = true;
    await this.drain();
  }

  /** Stop retrying failed stores (shutdown); returns how many updates were never stored. */
  stop(): number {
    this.stopped = true;
    this.clearCompactionTimer();
    return this.pending.length;
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.pump().finally(() => {
      this.running = undefined;
    });
  }

  private async pump(): Promise<void> {
    while (!this.stopped && (this.compactDue || this.pending.length > 0)) {
      const ok = this.compactDue ? await this.compactOnce() : await this.appendBatch();
      if (!ok) await new Promise<void>((resolve) => this.clock.setTimer(resolve, this.settings.storeRetryMs));
    }
  }

  private async appendBatch(): Promise<boolean> {
    const batch = this.pending;
    this.pending = [];
    const stateVector = Y.encodeStateVector(this.doc);
    try {
      if (this.store.appendUpdates) await this.store.appendUpdates(this.room, batch);
      else for (const update of batch) await this.store.appendUpdate(this.room, update);
    } catch (error) {
      this.pending = batch.concat(this.pending);
      this.failing = true;
      this.log.error({ room: this.room, updates: batch.length, err: String(error) }, 'storing updates failed; retrying');
      return false;
    }
    this.uncompacted += batch.length;
    this.committed(stateVector);
    if (this.uncompacted >= this.settings.compactAfterUpdates) this.requestCompaction();
    return true;
  }

  private async compactOnce(): Promise<boolean> {
    this.compactDue = false;
    if (await this.compactionHeld()) {
      // The queue still goes out as appends (the pump sees it pending); acks are unaffected.
      this.compactRequestedAt = undefined;
      return true;
    }
    // The full state includes every queued update, so the queue is superseded by it.
    const superseded = this.pending;
    this.pending = [];
    // Pending structs (missing dependencies) are never stored (SPEC R11).
    const state = encodeIntegratedState(this.doc);
    const stateVector = Y.encodeStateVector(this.doc);
    try {
      await this.store.compactRoom(this.room, state);
    } catch (error) {
      this.pending = superseded.concat(this.pending);
      this.compactDue = true;
      this.failing = true;
      this.log.error({ room: this.room, err: String(error) }, 'compacting room failed; retrying');
      return false;
    }
    this.uncompacted = 1;
    this.sizeBytes = state.byteLength + this.pending.reduce((sum, update) => sum + update.byteLength, 0);
    this.compactRequestedAt = undefined;
    this.committed(stateVector);
    return true;
  }

  /**
   * R17: a room with quarantined updates (or unloadable rows left in its log) is not compacted.
   * Its doc may hold structs that wait for what the quarantined row had (pending, SPEC R11), which
   * compaction would not write: their rows must stay until an operator has looked.
   */
  private async compactionHeld(): Promise<boolean> {
    let quarantined: number;
    try {
      quarantined = this.keepsUnloadableRows ? 1 : ((await this.store.quarantinedUpdates?.(this.room)) ?? 0);
    } catch (error) {
      this.log.error({ room: this.room, err: String(error) }, 'reading the quarantine failed; not compacting');
      return true;
    }
    if (quarantined === 0) return false;
    if (!this.warnedCompactionHeld) {
      this.warnedCompactionHeld = true;
      this.log.warn({ room: this.room, quarantined }, 'room has stored updates that do not load; not compacting until an operator clears them');
    }
    return true;
  }

  private committed(stateVector: Uint8Array): void {
    this.failing = false;
    this.storedStateVector = stateVector;
    this.onStored(stateVector);
  }

  /** Debounced compaction: after `compactDebounceMs` of quiet, at most `compactMaxDebounceMs` late. */
  private requestCompaction(): void {
    const now = this.clock.now();
    this.compactRequestedAt ??= now;
    this.clearCompactionTimer(false);
    const wait = Math.max(0, Math.min(this.settings.compactDebounceMs, this.compactRequestedAt + this.settings.compactMaxDebounceMs - now));
    this.compactTimer = this.clock.setTimer(() => {
      this.compactTimer = undefined;
      this.compactDue = true;
      this.kick();
    }, wait);
  }

  private clearCompactionTimer(reset = true): void {
    if (this.compactTimer !== undefined) this.clock.clearTimer(this.compactTimer);
    this.compactTimer = undefined;
    if (reset) this.compactRequestedAt = undefined;
  }
}

/** An empty update (`[0, 0]`: no structs, no deletes) is what a client with nothing new sends as sync step 2. */
const EMPTY_UPDATE_BYTES = 2;

/** Why a connection is closed: its code and reason. */
export interface Refusal {
  readonly code: number;
  readonly reason: string;
}

/**
 * Writes the room cannot take now: storage is failing (R13: 1013, the client keeps its edits and
 * retries; this bounds the in-memory queue) or the room would pass its size cap (R12: 4413).
 */
export function writeRefusal(writer: RoomWriter, update: Uint8Array, maxRoomBytes: number): Refusal | undefined {
  if (update.byteLength <= EMPTY_UPDATE_BYTES) return undefined;
  if (writer.failing) return { code: TRANSIENT_CLOSE.tryAgainLater, reason: 'storage unavailable; retry later' };
  if (maxRoomBytes > 0 && writer.sizeBytes + update.byteLength > maxRoomBytes) return { code: CLOSE_CODES.tooLarge, reason: `room over ${maxRoomBytes} bytes` };
  return undefined;
}
