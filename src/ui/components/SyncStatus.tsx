import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { useSignedIn } from '../user-data';

/**
 * Header summary in plain words, from one store (src/sync/sync-status.ts): what is still only on
 * this device (record writes and document changes the relay has not durably stored), what the
 * relay refused, and whether the relay can be reached. Details and actions are on /sync.
 */
export function SyncStatus() {
  const { data } = useSignedIn();
  const status = useSyncExternalStore(data.syncStatus.subscribe, data.syncStatus.getState);
  const offline = !status.online || status.relayReachable === false;
  const { tone, text } = status.summary;

  return (
    <div className="sync-status">
      <p className={`connection ${offline ? 'is-offline' : 'is-online'}`}>
        <span className="dot" aria-hidden="true" />
        {!status.online ? 'Offline' : status.relayReachable === false ? 'Relay not reachable' : 'Online'}
      </p>
      <p className={`outbox-count${tone === 'failed' ? ' is-failed' : ''}`} role="status">
        {text}
        {tone === 'failed' && status.waiting > 0 ? `; ${status.waiting} waiting` : ''}
      </p>
      <Link className="sync-link" to="/sync">
        Sync details
      </Link>
    </div>
  );
}
