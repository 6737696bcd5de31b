import { Component, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { FieldbookDB } from '../../db';
import type { Definition, DocumentVersion, InstanceId, UserId } from '../../domain';
import { previewOf } from '../../domain/authoring';
import type { Draft } from '../../domain/authoring';
import { ChecklistRunner } from '../run/ChecklistRunner';
import { FormRunner } from '../run/FormRunner';
import { ProcedureRunner } from '../run/ProcedureRunner';
import { closePreviewRun, forgetPreviewPosition, openPreviewRun } from '../../runs/preview-run';
import type { PreviewRun as Opened } from '../../runs/preview-run';
import { useDocRevision } from '../run/use-run';
import type { OpenRun } from '../run/use-run';
import './editor.css';

interface PreviewProps {
  readonly draft: Draft;
  readonly db: FieldbookDB;
  readonly userId: UserId;
}

/**
 * The real runner for the draft's type, on an in-memory Y.Doc: answers, ticks and
 * validation behave exactly as in the field, and nothing reaches IndexedDB, the outbox or the
 * relay. The runner's own "where you left off" is one kv key, removed when the preview closes.
 */
export function Preview({ draft, db, userId }: PreviewProps) {
  const [generation, setGeneration] = useState(0);
  return (
    <section className="editor-preview panel" aria-labelledby="run-title">
      <div className="preview-head">
        <h2 id="run-title">{draft.title.trim() === '' ? 'Preview' : `Preview: ${draft.title.trim()}`}</h2>
        <button type="button" className="button small" onClick={() => setGeneration((g) => g + 1)}>
          Reset preview
        </button>
      </div>
      <p className="muted preview-note">This is how the crew sees it. Answers you try here are not saved.</p>
      <PreviewBoundary key={generation}>
        <PreviewRun draft={draft} db={db} userId={userId} />
      </PreviewBoundary>
    </section>
  );
}

function PreviewRun({ draft, db, userId }: PreviewProps) {
  const preview = useMemo(() => previewOf(draft.contentType, draft.definition), [draft.contentType, draft.definition]);
  const definition = preview.definition;
  const session = usePreviewSession(draft.documentId as string as InstanceId, draft, definition, db, userId);
  if (session === null) return <p className="muted">Opening preview…</p>;
  return (
    <>
      {preview.rulesLeftOut !== undefined && (
        <p className="notice preview-rules-note" role="status">
          The preview runs without the rules until they are complete: {preview.rulesLeftOut}
        </p>
      )}
      <PreviewRunner session={session} definition={definition} db={db} userId={userId} />
    </>
  );
}

interface PreviewRunnerProps {
  readonly session: Opened;
  readonly definition: Definition;
  readonly db: FieldbookDB;
  readonly userId: UserId;
}

function PreviewRunner({ session, definition, db, userId }: PreviewRunnerProps) {
  useDocRevision(session.session);
  const run: OpenRun = useMemo(
    () => ({ session: session.session, tracker: session.tracker, instance: session.instance, version: { ...session.version, definition } as DocumentVersion, position: undefined, reader: false, db }),
    [session, definition, db],
  );
  const readOnly = session.session.model.isReadOnly;
  const props = { run, readOnly, db, userId };
  switch (run.version.contentType) {
    case 'procedure':
      return <ProcedureRunner {...props} definition={run.version.definition} />;
    case 'checklist':
      return <ChecklistRunner {...props} definition={run.version.definition} />;
    case 'form':
      return <FormRunner {...props} definition={run.version.definition} />;
  }
}

/**
 * One in-memory instance per preview mount (the content type of a draft never changes). It
 * follows the draft's definition as the author edits, so answers stay and every edit is
 * projected against the steps, items or fields on screen.
 */
function usePreviewSession(instanceId: InstanceId, draft: Draft, definition: Definition, db: FieldbookDB, userId: UserId): Opened | null {
  const [opened, setOpened] = useState<Opened | null>(null);
  const contentType = draft.contentType;
  const documentId = draft.documentId;
  const latest = useRef(definition);
  useEffect(() => {
    latest.current = definition;
    opened?.follow(definition);
  }, [opened, definition]);
  useEffect(() => {
    let cancelled = false;
    let current: Opened | null = null;
    openPreviewRun({ instanceId, documentId, contentType, userId, definition: latest.current })
      .then((run) => {
        current = run;
        if (cancelled) void closePreviewRun(run);
        else setOpened(run);
      })
      .catch((error: unknown) => console.warn('The preview could not open', error));
    return () => {
      cancelled = true;
      if (current !== null) void closePreviewRun(current);
      void forgetPreviewPosition(db, instanceId);
    };
  }, [instanceId, documentId, contentType, db, userId]);
  return opened;
}

class PreviewBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render(): ReactNode {
    return this.state.failed ? <p className="muted">The preview cannot show this draft yet. Fix the problems listed when you publish, then reset the preview.</p> : this.props.children;
  }
}
