import { useMemo } from 'react';
import { Outlet } from 'react-router';
import { recipientSessionId } from '../../share/recipient-session';
import { Shell } from '../components/Shell';
import { useOnline } from '../hooks/use-online';
import { RecipientContext, registryFor } from './recipient-context';
import type { Recipient } from './recipient-context';

/** Frame of `/s…`: no sign-in, no navigation; the anonymous session id kept on this device. */
export function RecipientLayout() {
  const online = useOnline();
  const value = useMemo<Recipient>(() => {
    const sessionId = recipientSessionId();
    return { sessionId, registry: registryFor(sessionId) };
  }, []);
  return (
    <RecipientContext value={value}>
      <Shell
        status={
          <div className="sync-status">
            <p className={`connection ${online ? 'is-online' : 'is-offline'}`} role="status">
              <span className="dot" aria-hidden="true" />
              {online ? 'Online' : 'Offline'}
            </p>
          </div>
        }
      >
        <Outlet />
      </Shell>
    </RecipientContext>
  );
}
