import { useEffect, useState, useSyncExternalStore } from 'react';
import { closeInstance, indexeddbPersistence, openInstance, StorageError } from '../../completion';
import type { InstanceSession } from '../../completion';
import { getVersion, kvGet } from '../../db';
import type { FieldbookDB } from '../../db';
import { instanceIdSchema } from '../../domain';
import type { DocumentVersion, Instance } from '../../domain';
import type { InstanceSync } from '../../sync/docs/instance-sync';
import type { PendingWork } from '../../sync/pending-work';
import type { RemoteRunResult } from '../../sync/remote-run';
import { deviceId } from '../../sync/device';
import { EditTracker } from './edit-tracker';
import { recordWriter } from './records';
import { positionKey, positionSchema } from './position';

export interface OpenRun {
  readonly session: InstanceSession;
  readonly tracker: EditTracker;
  /** The instance row as it was when the run opened. */
  readonly instance: Instance;
  /** The version the instance pins (never the document's newer one). */
  readonly version: DocumentVersion;
  /** Where the user left off: a step, item or field id. */
  readonly position: string | undefined;
  /** Someone else's run, opened for review: read-only, and opening it writes nothing (completion R17). */
  readonly reader: boolean;
}

export type RunState =
  | { readonly kind: 'loading' }
  /**
   * `instance`: not on this device (and no relay to ask); `offline`: not here and the relay
   * cannot be reached; `forbidden`: the relay says it is not the viewer's to read; `not_found`:
   * the relay has no such run either; `version`: its pinned version has not arrived.
   */
  | { readonly kind: 'missing'; readonly reason: 'instance' | 'offline' | 'forbidden' | 'not_found' | 'version' }
  | { readonly kind: 'error'; readonly message: string }
  | ({ readonly kind: 'ready' } & OpenRun);

/** Where a run lives: a member's `UserData` or a recipient's `RecipientData`. */
export interface RunHost {
  readonly db: FieldbookDB;
  readonly instanceSync?: InstanceSync;
  /** Held from opening until the run's last edits are written, so the database stays open. */
  readonly work?: PendingWork;
  /** Fetch a run this device does not have from the relay (a reviewer opening it by its link). */
  readonly fetchRun?: (instanceId: string) => Promise<RemoteRunResult>;
}

/**
 * Open the instance doc while the run is on screen: load its row and pinned version from
 * Dexie, load the doc from IndexedDB fully, and on unmount let pending edits settle, then
 * close it. A Y.Doc is never left open behind the screen. The host's database is held
 * (`work`) until then: a layout closing it on the same unmount waits for the last edits.
 */
export function useRun(host: RunHost, instanceIdText: string, viewerId?: string): RunState {
  const { db, instanceSync: sync, work, fetchRun } = host;
  const [state, setState] = useState<{ id: string; run: RunState }>({ id: instanceIdText, run: { kind: 'loading' } });

  useEffect(() => {
    let cancelled = false;
    let opened: OpenRun | null = null;
    // Parents' effect cleanups run before ours on unmount: hold the database from here on.
    const release = work?.hold() ?? (() => undefined);
    const show = (run: RunState): void => {
      if (!cancelled) setState({ id: instanceIdText, run });
    };
    const open = async (): Promise<void> => {
      const id = instanceIdSchema.safeParse(instanceIdText);
      if (!id.success) return show({ kind: 'missing', reason: fetchRun === undefined ? 'instance' : 'not_found' });
      let instance = await db.instances.get(id.data);
      if (instance === undefined && fetchRun !== undefined) {
        // Not here yet: ask the relay (a reviewer's feed may not have brought it, or never will).
        const fetched = await fetchRun(id.data);
        if (fetched !== 'stored') return show({ kind: 'missing', reason: fetched });
        instance = await db.instances.get(id.data);
      }
      if (instance === undefined) return show({ kind: 'missing', reason: 'instance' });
      const version = await getVersion(db, instance.documentVersionId);
      if (version === undefined) return show({ kind: 'missing', reason: 'version' });
      const position = await kvGet(db, positionKey(instance.id), positionSchema).catch(() => undefined);
      const reader = viewerId !== undefined && instance.userId !== viewerId && instance.sessionId !== viewerId;
      const session = await openInstance({
        instance,
        version,
        persistence: indexeddbPersistence(instance.id),
        records: recordWriter(db),
        device: deviceId(),
        readOnly: reader,
      });
      const run: OpenRun = { session, tracker: new EditTracker(session), instance, version, position, reader };
      if (cancelled) {
        await closeRun(run);
        return;
      }
      opened = run;
      // Connect to the relay only now that the doc is fully loaded from IndexedDB.
      sync?.attach(instance.id, session.model.doc, { readOnly: reader });
      show({ kind: 'ready', ...run });
    };
    const opening = open().catch((error: unknown) => show({ kind: 'error', message: StorageError.from(error).message }));
    return () => {
      cancelled = true;
      let closing: Promise<void> = Promise.resolve();
      if (opened !== null) {
        // Detach before the doc is destroyed; the manager keeps syncing pending changes in the background.
        sync?.detach(opened.instance.id);
        closing = closeRun(opened).catch((error: unknown) => console.warn('Closing a run failed', error));
      }
      // An open still in flight closes its run itself (it sees `cancelled`).
      void Promise.all([opening, closing]).finally(release);
    };
  }, [db, instanceIdText, sync, work, fetchRun, viewerId]);

  return state.id === instanceIdText ? state.run : { kind: 'loading' };
}

async function closeRun(run: OpenRun): Promise<void> {
  await run.tracker.idle();
  await closeInstance(run.session);
}

/**
 * Re-render on every change of the doc (local edits, notes, and updates from elsewhere); the
 * returned number changes with each one, so it can key memoised reads of the model.
 */
export function useDocRevision(session: InstanceSession): number {
  const doc = session.model.doc;
  return useSyncExternalStore(
    (listener) => {
      const onUpdate = (): void => {
        revisions.set(doc, (revisions.get(doc) ?? 0) + 1);
        listener();
      };
      doc.on('update', onUpdate);
      return () => doc.off('update', onUpdate);
    },
    () => revisions.get(doc) ?? 0,
  );
}

const revisions = new WeakMap<object, number>();
