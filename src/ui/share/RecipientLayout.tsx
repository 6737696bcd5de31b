import { useMemo } from 'react';
import { Outlet } from 'react-router';
import { recipientSessionId } from '../../share/recipient-session';
import { Shell } from '../shared/Shell';
import { ConnectionStatus } from '../shared/ConnectionStatus';
import { RecipientContext, registryFor } from './recipient-context';
import type { Recipient } from './recipient-context';
import './share.css';

/** Frame of `/s…`: no sign-in, no navigation; the anonymous session id kept on this device. */
export function RecipientLayout() {
  const value = useMemo<Recipient>(() => {
    const sessionId = recipientSessionId();
    return { sessionId, registry: registryFor(sessionId) };
  }, []);
  return (
    <RecipientContext value={value}>
      <Shell
        status={<ConnectionStatus />}
      >
        <Outlet />
      </Shell>
    </RecipientContext>
  );
}
