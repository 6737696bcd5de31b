import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { getDocument, getVersion } from '../../db';
import { loadDraft } from '../../authoring';
import { documentIdSchema } from '../../domain';
import type { ContentDocument, DocumentVersion } from '../../domain';
import { draftFromVersion } from '../../domain/authoring';
import type { Draft } from '../../domain/authoring';
import { DocumentEditor } from './DocumentEditor';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useSignedIn } from '../user-data';

type Loaded =
  | { readonly kind: 'loading' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'waiting' }
  | { readonly kind: 'ready'; readonly document: ContentDocument | undefined; readonly version: DocumentVersion | undefined; readonly draft: Draft; readonly restored: boolean };

/**
 * `/library/:documentId/edit` (admins): the saved draft of the document if this device has
 * one, else a new draft from its current version. Read once: the editor owns the draft
 * from then on, so a sync arriving mid-edit never replaces what the admin is typing.
 */
export function EditorScreen() {
  const { documentId = '' } = useParams();
  const { data, user } = useSignedIn();
  const [loaded, setLoaded] = useState<{ id: string; state: Loaded }>({ id: documentId, state: { kind: 'loading' } });
  const state = loaded.id === documentId ? loaded.state : { kind: 'loading' as const };
  useDocumentTitle(state.kind === 'ready' ? `Edit ${state.draft.title || 'document'}` : 'Edit document');

  useEffect(() => {
    let cancelled = false;
    const show = (next: Loaded): void => {
      if (!cancelled) setLoaded({ id: documentId, state: next });
    };
    const load = async (): Promise<void> => {
      const id = documentIdSchema.safeParse(documentId);
      if (!id.success) return show({ kind: 'missing' });
      const [document, draft] = await Promise.all([getDocument(data.db, id.data), loadDraft(data.db, id.data)]);
      const version = document === undefined ? undefined : await getVersion(data.db, document.currentVersionId);
      if (draft !== undefined) return show({ kind: 'ready', document, version, draft, restored: true });
      if (document === undefined) return show({ kind: 'missing' });
      if (version === undefined) return show({ kind: 'waiting' });
      show({ kind: 'ready', document, version, draft: draftFromVersion(document, version, Date.now()), restored: false });
    };
    load().catch((error: unknown) => {
      console.error(error);
      show({ kind: 'missing' });
    });
    return () => {
      cancelled = true;
    };
  }, [data.db, documentId]);

  if (user.role !== 'admin') {
    return (
      <>
        <h1 tabIndex={-1}>Editing is for the workspace admin</h1>
        <p>Only the workspace admin can write and publish documents.</p>
        <p>
          <Link to="/library">Back to the library</Link>
        </p>
      </>
    );
  }
  if (state.kind === 'loading') {
    return (
      <p role="status" className="muted">
        Opening the editor…
      </p>
    );
  }
  if (state.kind !== 'ready') {
    return (
      <>
        <h1 tabIndex={-1}>{state.kind === 'missing' ? 'Document not found' : 'Document not ready'}</h1>
        <p>
          {state.kind === 'missing'
            ? 'There is no such document or draft on this device.'
            : 'The content of this document has not reached this device yet, so it cannot be edited here.'}
        </p>
        <p>
          <Link to="/library">Back to the library</Link>
        </p>
      </>
    );
  }
  return (
    <DocumentEditor
      key={state.draft.documentId}
      db={data.db}
      work={data.work}
      user={user}
      document={state.document}
      currentVersion={state.version}
      initialDraft={state.draft}
      restored={state.restored}
    />
  );
}
