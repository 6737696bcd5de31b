import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { getDocument, getVersion } from '../../db';
import { documentIdSchema } from '../../domain';
import type { ChecklistDefinition, ContentDocument, DocumentVersion, Field, FormDefinition, ProcedureDefinition } from '../../domain';
import { DocumentFallback } from '../shared/DocumentFallback';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { describeSize, TYPE_LABEL } from '../shared/format';
import { DocumentAdminActions } from '../editor/DocumentAdminActions';
import { FIELD_KIND_LABEL } from '../editor/labels';
import { useSignedIn } from '../user-data';
import './library.css';

interface Loaded {
  readonly document: ContentDocument;
  readonly version: DocumentVersion | undefined;
}


export function DocumentScreen() {
  const { documentId = '' } = useParams();
  const { data, user } = useSignedIn();
  const query = useCallback(async (): Promise<Loaded | null> => {
    const id = documentIdSchema.safeParse(documentId);
    if (!id.success) return null;
    const document = await getDocument(data.db, id.data);
    if (document === undefined) return null;
    return { document, version: await getVersion(data.db, document.currentVersionId) };
  }, [data.db, documentId]);
  const { value, loading } = useLiveQuery(query);
  useDocumentTitle(value ? value.document.title : loading ? 'Document' : 'Document not found');

  if (loading || value === null || value === undefined) return <DocumentFallback loading={loading} loadingText="Loading document…" />;

  const { document, version } = value;
  return (
    <article className="document">
      <p className="breadcrumb">
        <Link to="/library">Library</Link>
      </p>
      <h1 tabIndex={-1}>{document.title}</h1>
      <p className="card-meta">
        <span className="badge">{TYPE_LABEL[document.contentType]}</span>
        {version !== undefined && (
          <span>
            {describeSize(version)} · version {version.version}
          </span>
        )}
      </p>
      {document.description !== undefined && <p className="lead">{document.description}</p>}
      {user.role === 'admin' && <DocumentAdminActions db={data.db} userId={user.id} document={document} version={version} />}
      {document.archivedAt !== undefined ? (
        <p className="notice archived-notice" role="status">
          This document is archived: it cannot be started or shared. Runs already in progress can still be finished.
        </p>
      ) : (
        <>
          <StartButton document={document} version={version} />
          <p className="share-entry">
            <Link className="button" to={`/library/${document.id}/share`}>
              Share
            </Link>
          </p>
        </>
      )}
      {version === undefined ? (
        <p className="muted" role="status">
          The content of this document has not reached this device yet.
        </p>
      ) : (
        <Outline version={version} />
      )}
    </article>
  );
}

/**
 * "Start" makes an instance pinned to the version shown (the document's current one) and
 * opens its runner. The start code (and Yjs behind it) loads on demand.
 */
function StartButton({ document, version }: { document: ContentDocument; version: DocumentVersion | undefined }) {
  const { data, user } = useSignedIn();
  const navigate = useNavigate();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async (): Promise<void> => {
    if (version === undefined) return;
    setStarting(true);
    setError(null);
    try {
      const { startRun } = await import('../../runs/start-run');
      const instance = await startRun(data.db, user.id, document, version);
      await navigate(`/run/${instance.id}`);
    } catch (e) {
      setError(e instanceof Error && e.name === 'StorageError' ? e.message : 'This run could not be started on this device. Try again.');
      setStarting(false);
    }
  };
  return (
    <div className="button-row start-row">
      <button type="button" className="button primary large" disabled={version === undefined || starting} onClick={() => void start()}>
        {starting ? 'Starting…' : `Start ${TYPE_LABEL[document.contentType].toLowerCase()}`}
      </button>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Outline({ version }: { version: DocumentVersion }) {
  switch (version.contentType) {
    case 'procedure':
      return <ProcedureOutline definition={version.definition} />;
    case 'checklist':
      return <ChecklistOutline definition={version.definition} />;
    case 'form':
      return <FormOutline definition={version.definition} />;
  }
}

const Required = ({ required }: { required: boolean }) => (required ? <span className="tag">Required</span> : <span className="tag optional">Optional</span>);

function FieldList({ fields }: { fields: readonly Field[] }) {
  return (
    <ul className="outline-fields">
      {fields.map((field) => (
        <li key={field.id}>
          <span className="outline-label">{field.label}</span> <span className="muted">({FIELD_KIND_LABEL[field.kind]})</span>{' '}
          <Required required={field.required} />
          {field.help !== undefined && <p className="muted">{field.help}</p>}
        </li>
      ))}
    </ul>
  );
}

function ProcedureOutline({ definition }: { definition: ProcedureDefinition }) {
  return (
    <section aria-labelledby="outline-title">
      <h2 id="outline-title">Steps</h2>
      <ol className="outline">
        {definition.steps.map((step) => (
          <li key={step.id}>
            <div className="outline-head">
              <h3 className="outline-label">{step.title}</h3>
              <Required required={step.required} />
            </div>
            {step.body !== undefined && <p className="outline-body">{step.body}</p>}
            {step.fields !== undefined && step.fields.length > 0 && <FieldList fields={step.fields} />}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ChecklistOutline({ definition }: { definition: ChecklistDefinition }) {
  return (
    <section aria-labelledby="outline-title">
      <h2 id="outline-title">Sections</h2>
      {definition.sections.map((section) => (
        <section key={section.id} className="outline-section">
          <h3>{section.title}</h3>
          <ul className="outline">
            {section.items.map((item) => (
              <li key={item.id}>
                <span className="outline-label">{item.label}</span> <Required required={item.required} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function FormOutline({ definition }: { definition: FormDefinition }) {
  return (
    <section aria-labelledby="outline-title">
      <h2 id="outline-title">Fields</h2>
      <FieldList fields={definition.fields} />
    </section>
  );
}
