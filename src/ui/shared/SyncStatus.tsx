import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { useSignedIn } from '../user-data';
import { pillLabel } from './pill-label';

/**
 * The header's sync pill, from one store (src/sync/sync-status.ts): a short label with the count
 * of what is still only on this device ("3 waiting", "Offline · 3", "Synced"), linking to /sync.
 * The full sentence ("3 changes waiting to sync") is the live status, the link's accessible name
 * and its tooltip; details and actions are on /sync.
 */
export function SyncStatus() {
  const { data } = useSignedIn();
  const status = useSyncExternalStore(data.syncStatus.subscribe, data.syncStatus.getState);
  const { tone } = status.summary;
  const sentence = `${status.summary.text}${tone === 'failed' && status.waiting > 0 ? `; ${status.waiting} waiting` : ''}`;

  return (
    <Link className={`status-pill is-${tone}`} to="/sync" aria-label={`${sentence}. Sync details`} title={`${sentence}. Open sync details`}>
      <span className="dot" aria-hidden="true" />
      <span className="pill-label" aria-hidden="true">
        {pillLabel(status)}
      </span>
      <span className="visually-hidden" role="status">
        {sentence}
      </span>
    </Link>
  );
}
