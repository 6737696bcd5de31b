import * as Y from 'yjs';

/**
 * Where an instance doc's updates are kept on this device. One adapter per open doc:
 * `load` binds it to the doc and resolves once everything stored is applied (P1);
 * `flushed` resolves once every update made so far is durably stored (P2) and rejects with a
 * `StorageError` otherwise (P3); `destroy` stops listening after pending writes settle (P4).
 */
export interface DocPersistence {
  load(doc: Y.Doc): Promise<void>;
  flushed(): Promise<void>;
  destroy(): Promise<void>;
}

export const STORAGE_ERROR_REASONS = ['quota', 'unavailable', 'aborted', 'unknown'] as const;
export type StorageErrorReason = (typeof STORAGE_ERROR_REASONS)[number];

const MESSAGES: Record<StorageErrorReason, string> = {
  quota: 'This device is out of storage space, so your last change is not saved yet. Free some space and try again.',
  unavailable: 'Storage on this device is not available (private browsing or blocked by the browser), so changes cannot be saved.',
  aborted: 'Saving was interrupted. Your change is kept on screen; try again.',
  unknown: 'Your change could not be saved on this device. Try again.',
};

/** A storage failure with a message fit to show the user; the original error is `cause`. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly reason: StorageErrorReason;
  constructor(reason: StorageErrorReason, cause?: unknown) {
    super(MESSAGES[reason], cause === undefined ? undefined : { cause });
    this.reason = reason;
  }

  static from(error: unknown): StorageError {
    if (error instanceof StorageError) return error;
    const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return new StorageError('quota', error);
    if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'NotFoundError' || name === 'VersionError') {
      return new StorageError('unavailable', error);
    }
    if (name === 'AbortError' || name === 'TransactionInactiveError') return new StorageError('aborted', error);
    return new StorageError('unknown', error);
  }
}

/**
 * Writes one update after another (P2) and remembers a failure: the next `flushed()` retries by
 * storing the doc's whole state, so nothing written before the failure is left out (P3).
 */
export class UpdateWriter {
  private tail: Promise<void> = Promise.resolve();
  private failure: StorageError | null = null;

  constructor(
    private readonly store: (update: Uint8Array) => Promise<void>,
    private readonly wholeState: () => Uint8Array,
  ) {}

  push(update: Uint8Array): void {
    this.enqueue(() => this.store(update));
  }

  async flushed(): Promise<void> {
    await this.tail;
    if (this.failure === null) return;
    this.failure = null;
    this.enqueue(() => this.store(this.wholeState()));
    await this.tail;
    const retryFailure = this.failureSinceRetry();
    if (retryFailure !== null) throw retryFailure;
  }

  private failureSinceRetry(): StorageError | null {
    return this.failure;
  }

  /** Settles once everything queued has been tried; never rejects. */
  settled(): Promise<void> {
    return this.tail;
  }

  private enqueue(write: () => Promise<void>): void {
    this.tail = this.tail.then(write).catch((error: unknown) => {
      this.failure = StorageError.from(error);
    });
  }
}

/** Stored updates by name, shared by memory adapters the way one browser profile shares IndexedDB. */
export class MemoryDocStore {
  readonly docs = new Map<string, Uint8Array[]>();
  /** Test seam: while set, every write fails with this error. */
  failWrites: Error | null = null;

  append(name: string, update: Uint8Array): Promise<void> {
    // A microtask later, like a storage round trip, so callers cannot rely on synchronous writes.
    return Promise.resolve().then(() => {
      if (this.failWrites !== null) throw this.failWrites;
      const list = this.docs.get(name) ?? [];
      list.push(update);
      this.docs.set(name, list);
    });
  }
}

/** In-memory adapter with the same contract as the IndexedDB one (tests, previews). */
export function memoryPersistence(store: MemoryDocStore, name: string): DocPersistence {
  let bound: Y.Doc | null = null;
  let writer: UpdateWriter | null = null;
  const origin = {};
  const onUpdate = (update: Uint8Array, from: unknown): void => {
    if (from !== origin) writer?.push(update);
  };
  return {
    load(doc) {
      if (bound !== null) return Promise.reject(new Error('memoryPersistence: already loaded'));
      bound = doc;
      writer = new UpdateWriter(
        (u) => store.append(name, u),
        () => Y.encodeStateAsUpdate(doc),
      );
      const hadEdits = doc.store.clients.size > 0;
      const stored = store.docs.get(name) ?? [];
      Y.transact(doc, () => stored.forEach((u) => Y.applyUpdate(doc, u)), origin, false);
      doc.on('update', onUpdate);
      // Edits made before load are stored too (P1), as y-indexeddb does.
      if (hadEdits) writer.push(Y.encodeStateAsUpdate(doc));
      return Promise.resolve();
    },
    flushed() {
      return writer?.flushed() ?? Promise.resolve();
    },
    async destroy() {
      bound?.off('update', onUpdate);
      await writer?.settled();
    },
  };
}
