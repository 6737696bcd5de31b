import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { saveDraft } from '../../authoring';
import { contentTypeSchema } from '../../domain';
import { newDraft } from '../../domain/authoring';
import { newPartId } from './labels';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useSignedIn } from '../user-data';

/**
 * `/library/new/:contentType` (admins): make a draft of a new document under a fresh id, save
 * it on this device, and continue in its editor (`/library/<id>/edit`), so a reload or a
 * return later finds the same draft.
 */
export function EditorNewScreen() {
  const { contentType = '' } = useParams();
  const { data, user } = useSignedIn();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  const type = contentTypeSchema.safeParse(contentType);
  useDocumentTitle('New document');

  useEffect(() => {
    if (!type.success || user.role !== 'admin' || started.current) return;
    started.current = true;
    const draft = newDraft(type.data, crypto.randomUUID(), newPartId, Date.now());
    saveDraft(data.db, draft)
      .then(() => navigate(`/library/${draft.documentId}/edit`, { replace: true }))
      .catch((error: unknown) => {
        console.error(error);
        setFailed(true);
      });
  }, [type.success, type.data, user.role, data.db, navigate]);

  if (!type.success || user.role !== 'admin' || failed) {
    return (
      <>
        <h1 tabIndex={-1}>Cannot start a new document</h1>
        <p>
          {user.role !== 'admin'
            ? 'Only the workspace admin can write documents.'
            : failed
              ? 'The draft could not be saved on this device.'
              : 'There is no such kind of document.'}
        </p>
        <p>
          <Link to="/library">Back to the library</Link>
        </p>
      </>
    );
  }
  return (
    <p role="status" className="muted">
      Starting a new document…
    </p>
  );
}
