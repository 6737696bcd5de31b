import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { discardDraft, publishVersion, saveDraft } from '../../authoring';
import type { FieldbookDB } from '../../db';
import type { ContentDocument, Definition, DocumentVersion, User } from '../../domain';
import type { DatabaseHolds } from '../../sync/database-holds';
import { draftFromVersion } from '../../domain/authoring';
import type { AuthoringProblem, Draft, DraftOf } from '../../domain/authoring';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { plural, TYPE_LABEL } from '../shared/format';
import { ChecklistEditor, FormEditor, ProcedureEditor } from './ContentEditors';
import { DefinitionSettings } from './DefinitionSettings';
import { EditorDraftContext } from './editor-context';
import type { EditorDraftInfo } from './editor-context';
import { EditorNoticeContext } from './notice';
import type { EditorNotice, EditorNoticeApi } from './notice';
import { Preview } from './Preview';
import { useAutosave } from './use-autosave';
import './editor.css';

interface DocumentEditorProps {
  readonly db: FieldbookDB;
  /** Holds the database open until the draft's last save on unmount has settled. */
  readonly work?: DatabaseHolds;
  readonly user: User;
  /** The stored document; undefined for one never published. */
  readonly document: ContentDocument | undefined;
  readonly currentVersion: DocumentVersion | undefined;
  readonly initialDraft: Draft;
  /** The draft came from kv (not freshly made from the current version). */
  readonly restored: boolean;
}

/** Focus the control a problem points at: its exact path, else the nearest enclosing part. */
function focusPath(path: string): void {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const target = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (target === null) continue;
    // A rule lives in a closed Rules panel: open every panel around it so it can take the focus.
    for (let el = target.parentElement; el !== null; el = el.parentElement) if (el instanceof HTMLDetailsElement) el.open = true;
    const control = target.matches('input, select, textarea, button') ? target : target.querySelector<HTMLElement>('input, select, textarea, button');
    (control ?? target).focus();
    return;
  }
}

/**
 * The authoring screen body: the document's words, the list editor for its type, a live
 * preview on the real runner, the draft saved on this device as you type, and Publish.
 */
export function DocumentEditor({ db, work, user, document, currentVersion, initialDraft, restored }: DocumentEditorProps) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<EditorNotice | null>(null);
  const [problems, setProblems] = useState<AuthoringProblem[] | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const problemsRef = useRef<HTMLDivElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  const save = useCallback((value: Draft) => saveDraft(db, { ...value, savedAt: Date.now() }), [db]);
  const autosave = useAutosave(draft, dirty, save, work);

  const update = useCallback((fn: (d: Draft) => Draft) => {
    setDraft(fn);
    setDirty(true);
  }, []);
  const noticeApi = useMemo<EditorNoticeApi>(
    () => ({ say: (message, undo) => setNotice((n) => ({ message, ...(undo !== undefined ? { undo } : {}), serial: (n?.serial ?? 0) + 1 })) }),
    [],
  );
  // A deleted row's button is gone with it: the Undo button takes the focus.
  useEffect(() => {
    if (notice?.undo !== undefined) undoRef.current?.focus();
  }, [notice]);
  useEffect(() => {
    if (problems !== null && problems.length > 0) problemsRef.current?.focus();
  }, [problems]);

  const publish = async (): Promise<void> => {
    setPublishing(true);
    setFailure(null);
    try {
      await autosave.hold();
      const result = await publishVersion(db, { document, draft, by: user.id, now: Date.now(), newId: () => crypto.randomUUID() });
      if (result.ok) {
        await navigate(`/library/${result.document.id}`, { state: { published: result.version.version } });
        return;
      }
      autosave.resume();
      setProblems(result.problems);
    } catch (error) {
      autosave.resume();
      console.error(error);
      setFailure('This version could not be published on this device. Your draft is kept; try again.');
    } finally {
      setPublishing(false);
    }
  };

  const discard = async (): Promise<void> => {
    setConfirmDiscard(false);
    await autosave.hold();
    await discardDraft(db, draft.documentId);
    if (document === undefined || currentVersion === undefined) {
      await navigate('/library');
      return;
    }
    setDraft(draftFromVersion(document, currentVersion, Date.now()));
    setDirty(false);
    setProblems(null);
    autosave.resume();
    noticeApi.say(`Draft discarded. Back to version ${currentVersion.version}.`);
  };

  const draftInfo = useMemo<EditorDraftInfo>(() => ({ contentType: draft.contentType, definition: draft.definition }), [draft.contentType, draft.definition]);
  const updateDefinition = useCallback((fn: (d: Definition) => Definition) => update((d) => ({ ...d, definition: fn(d.definition) }) as Draft), [update]);
  const typeLabel = TYPE_LABEL[draft.contentType];
  const heading = document === undefined ? `New ${typeLabel.toLowerCase()}` : `Edit ${typeLabel.toLowerCase()}`;
  const staleBase = document !== undefined && currentVersion !== undefined && draft.baseVersionId !== undefined && draft.baseVersionId !== currentVersion.id;
  const saveText =
    autosave.state === 'saving' ? 'Saving draft…' : autosave.state === 'saved' ? 'Draft saved on this device' : autosave.state === 'failed' ? '' : restored ? 'Draft restored from this device' : '';

  const editor =
    draft.contentType === 'form' ? (
      <FormEditor draft={draft} update={update as (fn: (d: DraftOf<'form'>) => DraftOf<'form'>) => void} />
    ) : draft.contentType === 'procedure' ? (
      <ProcedureEditor draft={draft} update={update as (fn: (d: DraftOf<'procedure'>) => DraftOf<'procedure'>) => void} />
    ) : (
      <ChecklistEditor draft={draft} update={update as (fn: (d: DraftOf<'checklist'>) => DraftOf<'checklist'>) => void} />
    );

  return (
    <EditorNoticeContext value={noticeApi}>
      <article className="editor">
        <p className="breadcrumb">
          <Link to="/library">Library</Link>
          {document !== undefined && (
            <>
              {' › '}
              <Link to={`/library/${document.id}`}>{document.title}</Link>
            </>
          )}
        </p>
        <h1 tabIndex={-1}>{heading}</h1>
        {currentVersion !== undefined && (
          <p className="muted">
            Publishing makes version {currentVersion.version + 1}. Runs already started keep the version they started with.
          </p>
        )}
        {staleBase && (
          <p className="notice" role="status">
            Version {currentVersion.version} was published after this draft was started. Publishing replaces it with this draft as version {currentVersion.version + 1}; discard the
            draft to start again from version {currentVersion.version}.
          </p>
        )}

        <div className="editor-layout">
          <div className="editor-main">
            <section className="panel editor-details" aria-labelledby="editor-details-title">
              <h2 id="editor-details-title">Details</h2>
              <div className="field">
                <label htmlFor={titleId}>Title</label>
                <input id={titleId} data-path="title" type="text" value={draft.title} autoComplete="off" onChange={(e) => update((d) => ({ ...d, title: e.target.value }))} />
              </div>
              <div className="field">
                <label htmlFor={descriptionId}>Description (optional)</label>
                <textarea id={descriptionId} data-path="description" rows={2} value={draft.description} onChange={(e) => update((d) => ({ ...d, description: e.target.value }))} />
              </div>
            </section>
            <EditorDraftContext value={draftInfo}>
              {editor}
              <DefinitionSettings contentType={draft.contentType} definition={draft.definition} update={updateDefinition} />
            </EditorDraftContext>
          </div>
          <Preview draft={draft} db={db} userId={user.id} />
        </div>

        {problems !== null && problems.length > 0 && (
          <div className="form-error publish-problems" role="alert" tabIndex={-1} ref={problemsRef} aria-labelledby="publish-problems-title">
            <h2 id="publish-problems-title">
              {plural(problems.length, 'problem')} {problems.length === 1 ? 'stops' : 'stop'} this from being published
            </h2>
            <ul>
              {problems.map((p, i) => (
                <li key={`${p.path}-${i}`}>
                  <button type="button" className="link-button" onClick={() => focusPath(p.path)}>
                    {p.where}: {p.message}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {failure !== null && (
          <p className="form-error" role="alert">
            {failure}
          </p>
        )}

        <div className="editor-bar">
          <p role="status" className="save-state">
            {autosave.state === 'failed' ? 'The draft could not be saved on this device.' : saveText}
          </p>
          <div className="editor-notice">
            <p role="status">
              {notice?.message}
            </p>
            {notice?.undo !== undefined && (
              <button
                ref={undoRef}
                type="button"
                className="button small"
                onClick={() => {
                  notice.undo?.();
                  setNotice(null);
                }}
              >
                Undo
              </button>
            )}
          </div>
          <div className="button-row">
            <button type="button" className="button" onClick={() => setConfirmDiscard(true)} disabled={publishing}>
              Discard draft
            </button>
            <button type="button" className="button primary large" onClick={() => void publish()} aria-busy={publishing} disabled={publishing}>
              {publishing ? 'Publishing…' : 'Publish'}
            </button>
          </div>
        </div>
        <ConfirmDialog
          open={confirmDiscard}
          title="Discard this draft?"
          confirmLabel="Discard draft"
          cancelLabel="Keep editing"
          onConfirm={() => void discard()}
          onCancel={() => setConfirmDiscard(false)}
        >
          <p>{document === undefined ? 'This document was never published, so it will be gone.' : 'Your changes since the last published version will be gone.'}</p>
        </ConfirmDialog>
      </article>
    </EditorNoticeContext>
  );
}
