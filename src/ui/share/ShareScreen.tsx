import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ShareLink } from '../../domain';
import { loadDocumentLinks } from '../../share/document-links';
import { createRevokeRequest } from '../../share/revoke-request';
import { revokeShareLink } from '../../share/share-links';
import type { CreatedShareLink } from '../../share/share-links';
import { DocumentFallback } from '../shared/DocumentFallback';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { useServices } from '../services';
import { LinkPanel } from '../shared/LinkPanel';
import { linkName, ShareLinkList } from './ShareLinkList';
import { ShareLinkForm } from './ShareLinkForm';
import { useNow } from '../shared/hooks/use-now';
import { useSignedIn } from '../user-data';

/** `/library/:documentId/share`: make links to a document, hand them over, and revoke them. */
export function ShareScreen() {
  const { documentId = '' } = useParams();
  const { data, user } = useSignedIn();
  const { session } = useServices();
  const [created, setCreated] = useState<CreatedShareLink | null>(null);
  const now = useNow();
  // Once per new link, move focus to it so keyboard and screen-reader users land on "Copy link".
  const readyRef = useRef<HTMLHeadingElement>(null);
  const createdId = created?.link.id;
  useEffect(() => {
    if (createdId !== undefined) readyRef.current?.focus();
  }, [createdId]);

  const query = useCallback(() => loadDocumentLinks(data.db, documentId), [data.db, documentId]);
  const { value, loading } = useLiveQuery(query);
  useDocumentTitle(value ? `Share ${value.document.title}` : loading ? 'Share' : 'Document not found');

  const post = useMemo(() => createRevokeRequest({ getToken: () => session.token() }), [session]);
  const onRevoke = useCallback(
    async (link: ShareLink): Promise<string> => {
      try {
        const result = await revokeShareLink(data.db, link, Date.now(), post);
        return result.confirmed
          ? `“${linkName(link)}” is revoked.`
          : `“${linkName(link)}” is revoked on this device. The relay stops it as soon as this device is back online.`;
      } catch {
        return 'The link could not be revoked on this device. Try again.';
      }
    },
    [data.db, post],
  );

  if (loading || value === null || value === undefined) return <DocumentFallback loading={loading} loadingText="Loading…" />;

  const { document, links } = value;
  return (
    <article className="share-screen">
      <p className="breadcrumb">
        <Link to={`/library/${document.id}`}>{document.title}</Link>
      </p>
      <h1 tabIndex={-1}>Share “{document.title}”</h1>
      {document.archivedAt !== undefined ? (
        <p className="notice archived-notice" role="status">
          This document is archived: no new links can be made. Existing links are listed below.
        </p>
      ) : (
        <ShareLinkForm db={data.db} document={document} user={user} onCreated={setCreated} />
      )}
      {created !== null && created.link.documentId === document.id && (
        <section className="panel link-ready" aria-labelledby="link-ready-title">
          <h2 id="link-ready-title" tabIndex={-1} ref={readyRef}>
            Link ready
          </h2>
          <p className="muted">
            {created.link.audience === 'internal' ? 'Workspace members open it after signing in.' : 'Anyone with this link can open the document.'}{' '}
            {typeof navigator !== 'undefined' && !navigator.onLine ? 'This device is offline: the link starts working once it is back online.' : ''}
          </p>
          <LinkPanel url={created.url} name={linkName(created.link)} />
        </section>
      )}
      <ShareLinkList links={links} now={now} onRevoke={onRevoke} />
    </article>
  );
}
