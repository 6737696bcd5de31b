import { useCallback, useState, useSyncExternalStore } from 'react';
import { Link, useNavigate } from 'react-router';
import { failedOutbox } from '../../db';
import type { OutboxEntry, RecordKind } from '../../db';
import type { Instance, InstanceId } from '../../domain';
import { RECORD_LABEL } from '../../records';
import type { InstanceSyncState } from '../../sync/docs/provider-types';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { plural } from '../shared/format';
import { useSignedIn } from '../user-data';
import { copyIntoNewRun } from '../../runs/copy-run';
import { FileSyncPanel } from './FileSyncPanel';
import './sync.css';

const KIND_LABEL: Record<RecordKind, string> = RECORD_LABEL;

const CONNECTION_LABEL: Record<InstanceSyncState['connection'], string> = {
  'waiting-for-record': 'Waiting for the run itself to reach the relay',
  connecting: 'Connecting to the relay',
  connected: 'Connected',
  offline: 'Offline',
  refused: 'Refused by the relay',
  closed: 'Not connected',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (at: number | undefined): string => (at === undefined ? 'Not yet' : dateTime.format(at));

function titleOf(entry: OutboxEntry): string {
  const value = entry.value as { title?: unknown; type?: unknown; version?: unknown } | null;
  if (typeof value?.title === 'string') return value.title;
  if (entry.kind === 'version' && typeof value?.version === 'number') return `Version ${value.version}`;
  return entry.recordId;
}

/** Why the relay will never take these changes, in the user's words. */
function notAcceptedReason(pending: number, row: Instance | undefined): string {
  const count = pending > 0 ? plural(pending, 'change') : 'Changes';
  const finishedAt = row?.status === 'abandoned' ? row.abandonedAt : (row?.submittedAt ?? row?.completedAt);
  const verb = row?.status === 'submitted' ? 'submitted' : row?.status === 'abandoned' ? 'abandoned' : 'completed';
  if (finishedAt !== undefined) return `${count} made on this device were not accepted: this run was ${verb} on another device on ${dateTime.format(finishedAt)}.`;
  return `${count} made on this device were not accepted: the relay holds this run read-only (it was finished on another device).`;
}

/** Rejected writes with their reason and Retry / Discard, what is still waiting, and "Sync now". */
export function SyncScreen() {
  useDocumentTitle('Sync');
  const { data } = useSignedIn();
  const status = useSyncExternalStore(data.syncStatus.subscribe, data.syncStatus.getState);
  const failed = useLiveQuery(useCallback(() => failedOutbox(data.db, 200), [data.db]));
  const instanceIds = status.instances.map((i) => i.instanceId).join(',');
  const runs = useLiveQuery(
    useCallback(async () => {
      const ids = instanceIds === '' ? [] : (instanceIds.split(',') as InstanceId[]);
      const rows = await data.db.instances.bulkGet(ids);
      return new Map(rows.flatMap((row) => (row ? [[row.id as string, row] as const] : [])));
    }, [data.db, instanceIds]),
    { keepPrevious: true },
  ).value;
  const titles = new Map([...(runs ?? new Map<string, Instance>())].map(([id, row]) => [id, row.title] as const));
  const navigate = useNavigate();
  const [discardingRun, setDiscardingRun] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [discarding, setDiscarding] = useState<OutboxEntry | null>(null);
  const [message, setMessage] = useState('');

  const syncNow = async () => {
    setSyncing(true);
    setMessage('');
    try {
      await data.syncNow();
      setMessage('Sync finished.');
    } finally {
      setSyncing(false);
    }
  };

  const retry = async (entry: OutboxEntry) => {
    if (entry.seq === undefined) return;
    await data.flusher.retry(entry.seq);
    setMessage(`Trying “${titleOf(entry)}” again.`);
  };

  const discard = async () => {
    const entry = discarding;
    setDiscarding(null);
    if (entry?.seq === undefined) return;
    await data.flusher.discard(entry.seq);
    setMessage(`“${titleOf(entry)}” was discarded.`);
  };

  const retryInstance = async (instanceId: string) => {
    (await data.instanceSync.manager).retry(instanceId);
  };

  const docs = status.instances.filter((i) => (i.pending !== 0 || i.refused !== undefined) && i.notAccepted === undefined);
  const notAccepted = status.instances.filter((i) => i.notAccepted !== undefined && i.notAccepted.resolved === undefined);

  const copyRun = async (instanceId: string) => {
    const source = runs?.get(instanceId);
    if (source === undefined) return;
    setMessage('');
    const copy = await copyIntoNewRun(data.db, data.userId, source);
    if (copy === undefined) {
      setMessage(`“${source.title}” could not be copied: its document is not on this device.`);
      return;
    }
    (await data.instanceSync.manager).resolveNotAccepted(instanceId, 'copied', copy.id);
    void navigate(`/run/${copy.id}`);
  };

  const discardRun = async () => {
    const instanceId = discardingRun;
    setDiscardingRun(null);
    if (instanceId === null) return;
    (await data.instanceSync.manager).resolveNotAccepted(instanceId, 'discarded');
    setMessage(`The changes to “${titles.get(instanceId) ?? 'this run'}” that the relay did not accept were discarded. They stay readable in the run on this device.`);
  };
  const failedEntries = failed.value ?? [];

  return (
    <>
      <h1 tabIndex={-1}>Sync</h1>
      <p className="lead">{status.summary.text}</p>

      <section className="panel" aria-labelledby="sync-now-title">
        <h2 id="sync-now-title">This device</h2>
        <dl className="facts">
          <div>
            <dt>Connection</dt>
            <dd>{!status.online ? 'Offline' : status.relayReachable === false ? 'Online, but the relay cannot be reached' : status.relayReachable ? 'Online, relay reachable' : 'Online'}</dd>
          </div>
          <div>
            <dt>Records waiting</dt>
            <dd>{status.outbox === undefined ? '…' : plural(status.outbox.pending, 'change')}</dd>
          </div>
          <div>
            <dt>Run changes not yet on the relay</dt>
            <dd>{plural(status.docChanges, 'change')}</dd>
          </div>
          <div>
            <dt>Last received from the relay</dt>
            <dd>{when(status.lastPulledAt)}</dd>
          </div>
          <div>
            <dt>Last sent to the relay</dt>
            <dd>{when(status.lastFlushedAt)}</dd>
          </div>
        </dl>
        <div className="button-row">
          <button type="button" className="button primary large" onClick={() => void syncNow()} disabled={syncing || !status.online}>
            {syncing ? 'Syncing…' : 'Sync now'}
          </button>
        </div>
        {!status.online && <p className="muted">Sync starts by itself when this device is back online. Your changes are kept here until then.</p>}
        <p role="status" className="muted">
          {message}
        </p>
      </section>

      <FileSyncPanel files={data.files} />

      <section className="panel" aria-labelledby="failed-title">
        <h2 id="failed-title">Changes the relay refused</h2>
        {failedEntries.length === 0 ? (
          <p className="muted">None. Every change this device sent was accepted.</p>
        ) : (
          <>
            <p>
              The relay refused {plural(failedEntries.length, 'change')}. They are kept on this device: fix the cause and retry, or discard them.
            </p>
            <ul className="sync-list">
              {failedEntries.map((entry) => (
                <li key={entry.seq} className="sync-item">
                  <h3>
                    {KIND_LABEL[entry.kind]}: {titleOf(entry)}
                  </h3>
                  <p>
                    {entry.lastError?.message ?? 'Refused by the relay.'}{' '}
                    <span className="muted">
                      ({entry.lastError ? `${entry.lastError.status} ${entry.lastError.code}` : 'no reason given'}, saved {when(entry.createdAt)})
                    </span>
                  </p>
                  <div className="button-row">
                    <button type="button" className="button" onClick={() => void retry(entry)} aria-label={`Retry ${titleOf(entry)}`}>
                      Retry
                    </button>
                    <button type="button" className="button" onClick={() => setDiscarding(entry)} aria-label={`Discard ${titleOf(entry)}`}>
                      Discard
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {notAccepted.length > 0 && (
        <section className="panel" aria-labelledby="not-accepted-title">
          <h2 id="not-accepted-title">Changes the relay did not accept</h2>
          <ul className="sync-list">
            {notAccepted.map((doc) => {
              const row = runs?.get(doc.instanceId);
              const title = row?.title ?? 'Run';
              return (
                <li key={doc.instanceId} className="sync-item">
                  <h3>{title}</h3>
                  <p>{notAcceptedReason(doc.pending, row)}</p>
                  <p className="muted">Refused {when(doc.notAccepted?.at)}. They are kept on this device: copy them into a new run, or discard them.</p>
                  <div className="button-row">
                    <Link className="button" to={`/run/${doc.instanceId}`}>
                      Open run<span className="visually-hidden"> {title}</span>
                    </Link>
                    <button type="button" className="button primary" onClick={() => void copyRun(doc.instanceId)}>
                      Copy into a new run<span className="visually-hidden"> ({title})</span>
                    </button>
                    <button type="button" className="button" onClick={() => setDiscardingRun(doc.instanceId)}>
                      Discard<span className="visually-hidden"> the changes to {title}</span>
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section className="panel" aria-labelledby="docs-title">
        <h2 id="docs-title">Runs with changes not yet on the relay</h2>
        {docs.length === 0 ? (
          <p className="muted">None. The relay has stored every run change made on this device.</p>
        ) : (
          <ul className="sync-list">
            {docs.map((doc) => {
              const title = titles?.get(doc.instanceId) ?? 'Run';
              return (
                <li key={doc.instanceId} className="sync-item">
                  <h3>{title}</h3>
                  <p>
                    {doc.pending === -1 ? 'Changes not yet checked against the relay' : `${plural(doc.pending, 'change')} not yet on the relay`}
                    {' — '}
                    {CONNECTION_LABEL[doc.connection]}
                  </p>
                  {doc.refused && (
                    <>
                      <p>
                        The relay refused this run: {doc.refused.reason || 'no reason given'} <span className="muted">(code {doc.refused.code})</span>
                      </p>
                      <div className="button-row">
                        <button type="button" className="button" onClick={() => void retryInstance(doc.instanceId)} aria-label={`Try ${title} again`}>
                          Try again
                        </button>
                      </div>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <ConfirmDialog
        open={discardingRun !== null}
        title="Discard the changes the relay did not accept?"
        confirmLabel="Discard changes"
        cancelLabel="Keep them"
        onConfirm={() => void discardRun()}
        onCancel={() => setDiscardingRun(null)}
      >
        <p>They will no longer count as waiting and will never reach the relay. You can still read them in the run on this device.</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={discarding !== null}
        title="Discard this change?"
        confirmLabel="Discard change"
        cancelLabel="Keep it"
        onConfirm={() => void discard()}
        onCancel={() => setDiscarding(null)}
      >
        <p>
          {discarding ? `${KIND_LABEL[discarding.kind]} “${titleOf(discarding)}”` : 'This change'} will be removed from this device and never reach the relay. This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
