import { useCallback } from 'react';
import { outboxCounts } from '../../db';
import type { RecipientData } from '../../share/recipient-data';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { useOnline } from '../shared/hooks/use-online';
import { useDocsState } from './RunSendStatus';
import './share.css';

/**
 * What has reached the relay, truthfully: records still in the outbox plus answer changes the
 * relay has not acknowledged storing. Nothing is called "sent" before the relay has it.
 */
export function SendStatus({ data }: { data: RecipientData }) {
  const online = useOnline();
  const countsQuery = useCallback(() => outboxCounts(data.db), [data.db]);
  const counts = useLiveQuery(countsQuery, { keepPrevious: true }).value;
  const docs = useDocsState(data);

  if (counts === undefined) return null;
  const waiting = counts.pending + (docs?.pending ?? 0) + (docs?.unknown ?? 0);
  let text: string;
  if (counts.failed > 0) text = `${counts.failed} ${counts.failed === 1 ? 'change was' : 'changes were'} not accepted. They stay on this device; ask the sender for a new link.`;
  else if (waiting > 0) text = online ? 'Sending your answers…' : 'Your answers are saved on this device and will be sent when the network returns.';
  else text = 'Nothing waiting to be sent.';
  return (
    <p role="status" className={`send-status${counts.failed > 0 ? ' is-failed' : waiting > 0 ? ' is-pending' : ''}`}>
      {text}
    </p>
  );
}
