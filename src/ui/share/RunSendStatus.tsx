import { useCallback, useEffect, useState } from 'react';
import type { RecipientData } from '../../share/recipient-data';
import { runOutbox, runSendState } from '../../share/run-send-state';
import type { RunSendState } from '../../share/run-send-state';
import type { ProviderManagerState } from '../../sync/docs/provider-types';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import './share.css';

/** The provider manager's state for this link, live (null until the manager has loaded). */
export function useDocsState(data: RecipientData): ProviderManagerState | null {
  const [docs, setDocs] = useState<ProviderManagerState | null>(null);
  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let cancelled = false;
    void data.instanceSync.manager.then((manager) => {
      if (cancelled) return;
      setDocs(manager.getState());
      unsubscribe = manager.subscribe(setDocs);
    });
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
  }, [data]);
  return docs;
}

/** Whether one run of this link has reached the relay (src/share/run-send-state.ts). */
export function useRunSendState(data: RecipientData, instanceId: string): RunSendState {
  const query = useCallback(() => runOutbox(data.db, instanceId), [data.db, instanceId]);
  const outbox = useLiveQuery(query, { keepPrevious: true }).value;
  return runSendState(outbox, useDocsState(data), instanceId);
}

const TEXT: Record<Exclude<RunSendState, 'checking'>, { title: string; detail: string }> = {
  waiting: { title: 'Waiting to send', detail: 'It is kept on this device and goes to the sender as soon as there is a network.' },
  sent: { title: 'Sent', detail: 'The sender has it.' },
  refused: { title: 'Not sent', detail: 'The sender’s system did not accept it. It stays on this device; ask the sender for a new link.' },
};

/** "Waiting to send" until the relay has stored the finished run, then "Sent". */
export function RunSendStatus({ data, instanceId, compact = false }: { data: RecipientData; instanceId: string; compact?: boolean }) {
  const state = useRunSendState(data, instanceId);
  if (state === 'checking') return null;
  const { title, detail } = TEXT[state];
  return (
    <p role="status" className={`run-send-state is-${state}`}>
      <strong>{title}</strong>
      {compact ? null : <> {detail}</>}
    </p>
  );
}
