import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { duplicateDocument, setArchived } from '../../authoring';
import type { FieldbookDB } from '../../db';
import type { ContentDocument, DocumentVersion, UserId } from '../../domain';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { downloadDocumentFile } from './export-file';
import './editor.css';

interface DocumentAdminActionsProps {
  readonly db: FieldbookDB;
  readonly userId: UserId;
  readonly document: ContentDocument;
  readonly version: DocumentVersion | undefined;
}

/** What an admin can do with a document: edit, duplicate, export, archive or restore. */
export function DocumentAdminActions({ db, userId, document, version }: DocumentAdminActionsProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const flash = location.state as { published?: number; imported?: boolean; duplicated?: boolean } | null;
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const archived = document.archivedAt !== undefined;

  const act = async (task: () => Promise<void>, failure: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (e) {
      console.error(e);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const duplicate = () =>
    act(async () => {
      const copy = await duplicateDocument(db, { documentId: document.id, by: userId, now: Date.now(), newId: () => crypto.randomUUID() });
      if (copy?.ok === true) await navigate(`/library/${copy.document.id}`, { state: { duplicated: true } });
      else setError('This document could not be duplicated: its content is not on this device yet.');
    }, 'This document could not be duplicated on this device.');

  const archive = (value: boolean) =>
    act(async () => {
      setConfirmArchive(false);
      await setArchived(db, { documentId: document.id, archived: value, now: Date.now() });
    }, 'This change could not be saved on this device.');

  return (
    <section className="document-admin" aria-label="Authoring">
      {flash?.published !== undefined && (
        <p className="notice ok" role="status">
          Version {flash.published} published. It reaches every device when they sync.
        </p>
      )}
      {flash?.imported === true && (
        <p className="notice ok" role="status">
          Imported as a new document (version 1).
        </p>
      )}
      {flash?.duplicated === true && (
        <p className="notice ok" role="status">
          Duplicated as a new document (version 1).
        </p>
      )}
      {/* The document screen says it is archived (to everyone); admins also learn where it went. */}
      {archived && <p className="muted">It is hidden from the library. Runs and history that use it are kept.</p>}
      <div className="button-row">
        <Link className="button" to={`/library/${document.id}/edit`}>
          Edit
        </Link>
        <button type="button" className="button" disabled={busy || version === undefined} onClick={() => void duplicate()}>
          Duplicate
        </button>
        <button type="button" className="button" disabled={version === undefined} onClick={() => version !== undefined && downloadDocumentFile(document, version)}>
          Export JSON
        </button>
        {archived ? (
          <button type="button" className="button" disabled={busy} onClick={() => void archive(false)}>
            Restore to the library
          </button>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => setConfirmArchive(true)}>
            Archive
          </button>
        )}
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={confirmArchive}
        title={`Archive “${document.title}”?`}
        confirmLabel="Archive"
        cancelLabel="Keep it"
        onConfirm={() => void archive(true)}
        onCancel={() => setConfirmArchive(false)}
      >
        <p>It will be hidden from the library on every device. Runs in progress carry on, and finished runs and activity keep their history.</p>
      </ConfirmDialog>
    </section>
  );
}
