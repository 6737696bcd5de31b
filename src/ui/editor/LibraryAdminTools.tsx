import { useCallback } from 'react';
import { Link } from 'react-router';
import { listDrafts } from '../../authoring';
import type { FieldbookDB } from '../../db';
import { CONTENT_TYPES } from '../../domain';
import { TYPE_LABEL } from '../shared/format';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { NEW_LABEL } from './labels';
import './editor.css';

/** The library's authoring entry points (admins only): new document by type, import, drafts. */
export function LibraryAdminTools({ db }: { db: FieldbookDB }) {
  const query = useCallback(() => listDrafts(db), [db]);
  const drafts = useLiveQuery(query).value ?? [];
  return (
    <div className="library-admin">
      <details className="new-document">
        <summary className="button primary">New document</summary>
        <ul className="new-document-menu" aria-label="Type of new document">
          {CONTENT_TYPES.map((type) => (
            <li key={type}>
              <Link className="button" to={`/library/new/${type}`}>
                {NEW_LABEL[type]}
              </Link>
            </li>
          ))}
        </ul>
      </details>
      <Link className="button" to="/library/import">
        Import JSON
      </Link>
      {drafts.length > 0 && (
        <section className="drafts" aria-labelledby="drafts-title">
          <h2 id="drafts-title">Drafts on this device</h2>
          <ul>
            {drafts.map((draft) => (
              <li key={draft.documentId}>
                <Link to={`/library/${draft.documentId}/edit`}>{draft.title.trim() || `Untitled ${TYPE_LABEL[draft.contentType].toLowerCase()}`}</Link>{' '}
                <span className="muted">(draft)</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
