import { useCallback, useEffect, useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { getVersion, listLibrary } from '../../db';
import type { ContentDocument, ContentType, DocumentVersion } from '../../domain';
import { CONTENT_TYPES } from '../../domain';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { describeSize, plural, TYPE_LABEL } from '../shared/format';
import { LibraryAdminTools } from '../editor/LibraryAdminTools';
import { markFirstScreenShown } from '../first-screen';
import { useSignedIn } from '../user-data';
import './library.css';

const FILTERS: readonly { value: ContentType | undefined; label: string }[] = [
  { value: undefined, label: 'All' },
  { value: 'procedure', label: 'Procedures' },
  { value: 'checklist', label: 'Checklists' },
  { value: 'form', label: 'Forms' },
];

interface LibraryRow {
  readonly document: ContentDocument;
  readonly version: DocumentVersion | undefined;
}

const parseType = (value: string | null): ContentType | undefined => CONTENT_TYPES.find((t) => t === value);

export function LibraryScreen() {
  useDocumentTitle('Library');
  const { data, user } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const contentType = parseType(params.get('type'));
  const searchId = useId();

  const query = useCallback(async (): Promise<LibraryRow[]> => {
    const documents = await listLibrary(data.db, {
      ...(contentType !== undefined ? { contentType } : {}),
      ...(search.trim() !== '' ? { search } : {}),
    });
    const versions = await Promise.all(documents.map((d) => getVersion(data.db, d.currentVersionId)));
    return documents.map((document, i) => ({ document, version: versions[i] }));
  }, [data.db, contentType, search]);
  const { value: rows, error } = useLiveQuery(query, { keepPrevious: true });
  const loaded = rows !== undefined;
  useEffect(() => {
    // The cold-start bench's mark; also lets sync start (first-screen.ts).
    if (loaded) markFirstScreenShown();
  }, [loaded]);

  const update = (key: 'q' | 'type', value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const filtered = search.trim() !== '' || contentType !== undefined;

  return (
    <>
      <h1 tabIndex={-1}>Library</h1>
      {user.role === 'admin' && <LibraryAdminTools db={data.db} />}
      <div className="library-tools">
        <div className="field search-field">
          <label htmlFor={searchId}>Search documents</label>
          <input id={searchId} type="search" value={search} autoComplete="off" onChange={(event) => update('q', event.target.value)} />
        </div>
        <div className="toggle-group" role="group" aria-label="Filter by type">
          {FILTERS.map((filter) => (
            <button
              key={filter.label}
              type="button"
              className="toggle"
              aria-pressed={contentType === filter.value}
              onClick={() => update('type', filter.value)}
            >
              {filter.label}
            </button>
          ))}
        </div>
      </div>

      {error !== undefined ? (
        <p className="form-error" role="alert">
          The library could not be read from this device. Reload Fieldbook to try again.
        </p>
      ) : rows === undefined ? (
        <p role="status" className="muted">
          Loading documents…
        </p>
      ) : (
        <>
          <p role="status" className="result-count">
            {rows.length === 0 ? '' : plural(rows.length, 'document')}
          </p>
          {rows.length === 0 ? (
            <EmptyLibrary filtered={filtered} onClear={() => setParams(new URLSearchParams(), { replace: true })} />
          ) : (
            <ul className="cards">
              {rows.map((row) => (
                <DocumentCard key={row.document.id} row={row} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function DocumentCard({ row: { document, version } }: { row: LibraryRow }) {
  return (
    <li className={`card type-${document.contentType}`}>
      <h2 className="card-title">
        <Link to={`/library/${document.id}`}>{document.title}</Link>
      </h2>
      <p className="card-meta">
        <span className="badge">{TYPE_LABEL[document.contentType]}</span>
        {version !== undefined && <span>{describeSize(version)}</span>}
      </p>
      {document.description !== undefined && <p className="card-description">{document.description}</p>}
    </li>
  );
}

function EmptyLibrary({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <div className="empty">
        <p>No documents match this search.</p>
        <button type="button" className="button" onClick={onClear}>
          Show all documents
        </button>
      </div>
    );
  }
  return (
    <div className="empty">
      <p>No documents on this device yet.</p>
      <p className="muted">Documents your team publishes appear here after this device syncs with the relay.</p>
    </div>
  );
}
