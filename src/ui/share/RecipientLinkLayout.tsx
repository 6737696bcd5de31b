import { useEffect, useState } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { openRecipientData } from '../../share/recipient-data';
import type { RecipientData } from '../../share/recipient-data';
import { getRedeemedLink } from '../../share/recipient-store';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { RecipientLinkContext, useRecipient } from './recipient-context';
import { SendStatus } from './SendStatus';

type State = { kind: 'loading' } | { kind: 'missing' } | { kind: 'error' } | { kind: 'ready'; data: RecipientData };

/**
 * `/s/:linkId`: a link this device has redeemed, opened from the device (so it works offline),
 * with its outbox flusher and websocket providers running on the link's grant while it is on screen.
 */
export function RecipientLinkLayout() {
  const { linkId = '' } = useParams();
  const { sessionId, registry } = useRecipient();
  const [state, setState] = useState<{ linkId: string; value: State }>({ linkId, value: { kind: 'loading' } });

  useEffect(() => {
    let cancelled = false;
    let opened: RecipientData | null = null;
    getRedeemedLink(registry, linkId)
      .then((link) => {
        if (cancelled) return;
        if (link === undefined) return setState({ linkId, value: { kind: 'missing' } });
        opened = openRecipientData({ sessionId, link });
        opened.start();
        setState({ linkId, value: { kind: 'ready', data: opened } });
      })
      .catch(() => {
        if (!cancelled) setState({ linkId, value: { kind: 'error' } });
      });
    return () => {
      cancelled = true;
      // Runs before the child run's cleanup (parents first on unmount): close() waits until the
      // run, which holds `data.work`, has written its last edits, then closes the database.
      opened?.close();
    };
  }, [registry, sessionId, linkId]);

  const current = state.linkId === linkId ? state.value : { kind: 'loading' as const };
  useDocumentTitle(current.kind === 'ready' ? current.data.link.title : current.kind === 'loading' ? 'Shared document' : 'Link not opened here');

  if (current.kind === 'loading') {
    return (
      <p role="status" className="muted">
        Opening shared document…
      </p>
    );
  }
  if (current.kind !== 'ready') {
    return (
      <section className="panel narrow">
        <h1 tabIndex={-1}>This link has not been opened on this device</h1>
        <p>{current.kind === 'error' ? 'This device could not read its stored links. Open the link you were sent again.' : 'Open this link once while online; after that it works offline.'}</p>
        <p>
          <Link to="/s">Documents shared with you</Link>
        </p>
      </section>
    );
  }
  return (
    <RecipientLinkContext value={current.data}>
      <SendStatus data={current.data} />
      <Outlet />
    </RecipientLinkContext>
  );
}
