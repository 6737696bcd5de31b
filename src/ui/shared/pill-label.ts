import type { SyncStatusState } from '../../sync/sync-status';

/**
 * The few words of the header pill that fit a phone ("3 waiting", "Offline · 3", "Synced"). The
 * pill keeps the full sentence (`summary.text`) as its accessible name, so the two must agree.
 */
export function pillLabel(s: Pick<SyncStatusState, 'summary' | 'outbox' | 'notAccepted' | 'online' | 'waiting'>): string {
  switch (s.summary.tone) {
    case 'failed':
      return `${(s.outbox?.failed ?? 0) + s.notAccepted} not synced`;
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
