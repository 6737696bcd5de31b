import { useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import type { SyncStatusState } from '../../sync/sync-status';
import { useSignedIn } from '../user-data';

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

const failedCount = (s: SyncStatusState): number => (s.outbox?.failed ?? 0) + s.notAccepted;

/** The few words that fit a phone header; the sentence beside it says the same in full. */
export function pillLabel(s: SyncStatusState): string {
  switch (s.summary.tone) {
    case 'failed':
      return `${failedCount(s)} not synced`;
    case 'offline': {
      const where = s.online ? 'No relay' : 'Offline';
      return s.waiting > 0 ? `${where} · ${s.waiting}` : where;
    }
    case 'waiting':
      return `${s.waiting} waiting`;
    case 'saved':
      return 'Synced';
    case 'checking':
      return 'Checking…';
  }
}
