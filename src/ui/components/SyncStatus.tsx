import { useCallback, useSyncExternalStore } from 'react';
import { outboxCounts } from '../../db';
import type { PullStatus } from '../../sync/puller';
import { useLiveQuery } from '../hooks/use-live-query';
import { useOnline } from '../hooks/use-online';
import { useSignedIn } from '../user-data';
import { plural } from '../format';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function pullText(status: PullStatus, online: boolean): string {
  if (!online) return 'Working offline';
  switch (status.state) {
    case 'pulling':
      return 'Syncing…';
    case 'offline':
      return 'Relay not reachable';
    case 'error':
      return status.error?.code === 'unauthenticated' ? 'Sign in again to sync' : 'Sync problem';
    case 'idle':
      return status.lastPulledAt === undefined ? 'Not synced yet' : `Up to date at ${timeFormat.format(status.lastPulledAt)}`;
  }
}

/** Header summary: network, what is still on this device only, and the change feed. */
export function SyncStatus() {
  const { data } = useSignedIn();
  const online = useOnline();
  const pull = useSyncExternalStore(data.puller.subscribe, data.puller.getStatus);
  const counts = useLiveQuery(useCallback(() => outboxCounts(data.db), [data.db])).value;

  return (
    <div className="sync-status">
      <p className={`connection ${online ? 'is-online' : 'is-offline'}`} role="status">
        <span className="dot" aria-hidden="true" />
        {online ? 'Online' : 'Offline'}
      </p>
      {counts !== undefined && counts.pending > 0 && (
        <p className="outbox-count" role="status">
          {plural(counts.pending, 'change')} waiting to sync
        </p>
      )}
      {counts !== undefined && counts.failed > 0 && (
        <p className="outbox-count is-failed" role="status">
          {plural(counts.failed, 'change')} could not sync
        </p>
      )}
      <p className="pull-state">
        {pullText(pull, online)}
      </p>
    </div>
  );
}
