import { closeInstance, indexeddbPersistence, openInstance, StorageError } from '../completion';
import type { OpenInstance } from '../completion';
import { getVersion } from '../db';
import type { FieldbookDB } from '../db';
import { instanceIdSchema } from '../domain';
import type { DocumentVersion, Instance } from '../domain';
import { deviceId } from '../sync/device';
import type { InstanceSync } from '../sync/docs/instance-sync';
import type { DatabaseHolds } from '../sync/database-holds';
import type { RemoteRunResult } from '../sync/remote-run';
import { EditTracker } from './edit-tracker';
import { recordWriter } from './record-writer';
import { loadPosition } from './run-position';

export interface OpenRun {
  readonly session: OpenInstance;
  readonly tracker: EditTracker;
  /** The instance row as it was when the run opened. */
  readonly instance: Instance;
  /** The version the instance pins (never the document's newer one). */
  readonly version: DocumentVersion;
  /** Where the user left off: a step, item or field id. */
  readonly position: string | undefined;
  /** Someone else's run, opened for review: read-only, and opening it writes nothing (completion R17). */
  readonly reader: boolean;
  /** The database the run lives in; its photos and files are stored there too. */
  readonly db: FieldbookDB;
}

/**
 * `instance`: not on this device (and no relay to ask); `offline`: not here and the relay
 * cannot be reached; `forbidden`: the relay says it is not the viewer's to read; `not_found`:
 * the relay has no such run either; `version`: its pinned version has not arrived.
 */
export type MissingRunReason = 'instance' | 'offline' | 'forbidden' | 'not_found' | 'version';

export type OpenRunResult = { readonly kind: 'missing'; readonly reason: MissingRunReason } | ({ readonly kind: 'ready' } & OpenRun);

export type RunState = { readonly kind: 'loading' } | { readonly kind: 'error'; readonly message: string } | OpenRunResult;

/** Where a run lives: a member's `UserData` or a recipient's `RecipientData`. */
export interface RunHost {
  readonly db: FieldbookDB;
  readonly instanceSync?: InstanceSync | undefined;
  /** Held from opening until the run's last edits are written, so the database stays open. */
  readonly work?: DatabaseHolds | undefined;
  /** Fetch a run this device does not have from the relay (a reviewer opening it by its link). */
  readonly fetchRun?: ((instanceId: string) => Promise<RemoteRunResult>) | undefined;
}

/**
 * Find a run and open its doc: its row and pinned version from Dexie (or, when the row is not
 * here, from the relay through `fetchRun`), the doc loaded from IndexedDB fully, and where the
 * user left off. A run whose owner is not `viewerId` opens read-only and writes nothing. The
 * caller owns the open run and closes it with `closeRun`. Storage failures are thrown.
 */
export async function openRun(host: RunHost, instanceIdText: string, viewerId?: string): Promise<OpenRunResult> {
  const { db, fetchRun } = host;
  const id = instanceIdSchema.safeParse(instanceIdText);
  if (!id.success) return { kind: 'missing', reason: fetchRun === undefined ? 'instance' : 'not_found' };
  let instance = await db.instances.get(id.data);
  if (instance === undefined && fetchRun !== undefined) {
    // Not here yet: ask the relay (a reviewer's feed may not have brought it, or never will).
    const fetched = await fetchRun(id.data);
    if (fetched !== 'stored') return { kind: 'missing', reason: fetched };
    instance = await db.instances.get(id.data);
  }
  if (instance === undefined) return { kind: 'missing', reason: 'instance' };
  const version = await getVersion(db, instance.documentVersionId);
  if (version === undefined) return { kind: 'missing', reason: 'version' };
  const position = await loadPosition(db, instance.id);
  const reader = viewerId !== undefined && instance.userId !== viewerId && instance.sessionId !== viewerId;
  const session = await openInstance({
    instance,
    version,
    persistence: indexeddbPersistence(instance.id),
    records: recordWriter(db),
    device: deviceId(),
    readOnly: reader,
  });
  return { kind: 'ready', session, tracker: new EditTracker(session), instance, version, position, reader, db };
}

/** Let the run's pending edits settle, then close its doc (a Y.Doc is never left open behind the screen). */
export async function closeRun(run: OpenRun): Promise<void> {
  await run.tracker.idle();
  await closeInstance(run.session);
}

/**
 * Keep a run open while it is shown: open it (`show` gets the outcome, or an error in words),
 * connect its doc to the relay only once fully loaded from IndexedDB, and hold the host's
 * database (`work`) from the first moment. The returned `close` detaches the doc (the provider
 * manager keeps syncing pending changes in the background), lets the last edits settle, closes
 * the doc and then releases the database; an open still in flight closes its run itself. After
 * `close`, `show` is not called again. `close` resolves when all of that is done.
 */
export function showRun(host: RunHost, instanceIdText: string, viewerId: string | undefined, show: (state: RunState) => void): () => Promise<void> {
  let closed = false;
  let opened: OpenRun | null = null;
  // A layout's effect cleanup (closing the database) runs before its child's: hold it from here on.
  const release = host.work?.hold() ?? (() => undefined);
  const opening = openRun(host, instanceIdText, viewerId)
    .then(async (result) => {
      if (result.kind !== 'ready') {
        if (!closed) show(result);
        return;
      }
      if (closed) return closeRun(result);
      opened = result;
      host.instanceSync?.attach(result.instance.id, result.session.model.doc, { readOnly: result.reader });
      show(result);
    })
    .catch((error: unknown) => {
      if (!closed) show({ kind: 'error', message: StorageError.from(error).message });
    });
  return () => {
    closed = true;
    let closing: Promise<void> = Promise.resolve();
    const run: OpenRun | null = opened;
    if (run !== null) {
      host.instanceSync?.detach(run.instance.id);
      closing = closeRun(run).catch((error: unknown) => console.warn('Closing a run failed', error));
    }
    return Promise.all([opening, closing]).then(release, release);
  };
}
