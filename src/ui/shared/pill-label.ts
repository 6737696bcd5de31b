import type { SyncStatusState } from '../../sync/sync-status';

/**
 * The few words of the header pill that fit a phone ("3 waiting", "Offline · 3", "Synced"). The
 * pill keeps the full sentence (`summary.text`) as its accessible name, so the two must agree.
 */
export function pillLabel(s: Pick<SyncStatusState, 'summary' | 'outbox' | 'notAccepted' | 'online' | 'waiting'> & { readonly files?: SyncStatusState['files'] }): string {
  // Files count like changes: "2 changes and 3 files, 4.1 MB waiting" is "5 waiting".
  const waiting = s.waiting + (s.files?.pending ?? 0);
  switch (s.summary.tone) {
    case 'failed':
      return `${(s.outbox?.failed ?? 0) + s.notAccepted + (s.files?.refused ?? 0)} not synced`;
    case 'offline': {
      const where = s.online ? 'No relay' : 'Offline';
      return waiting > 0 ? `${where} · ${waiting}` : where;
    }
    case 'waiting':
      return `${waiting} waiting`;
    case 'saved':
      return 'Synced';
    case 'checking':
      return 'Checking…';
  }
}
