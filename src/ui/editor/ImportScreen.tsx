import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { importDocument } from '../../authoring';
import { describeProblem, parseDocumentFileText } from '../../domain/authoring';
import type { AuthoringProblem } from '../../domain/authoring';
import { plural } from '../shared/format';
import { useDocumentTitle } from '../shared/hooks/use-document-title';
import { useSignedIn } from '../user-data';
import './editor.css';

/** Files larger than this are not documents an admin wrote; refuse before reading them. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * `/library/import` (admins): read a `.fieldbook.json` file, check it against the same schema
 * as publishing, and either list every problem by path (writing nothing) or create a new
 * document with version 1.
 */
export function ImportScreen() {
  useDocumentTitle('Import a document');
  const { data, user } = useSignedIn();
  const navigate = useNavigate();
  const inputId = useId();
  const [problems, setProblems] = useState<{ file: string; list: AuthoringProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const problemsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems !== null) problemsRef.current?.focus();
  }, [problems]);

  if (user.role !== 'admin') {
    return (
      <>
        <h1 tabIndex={-1}>Importing is for the workspace admin</h1>
        <p>
          <Link to="/library">Back to the library</Link>
        </p>
      </>
    );
  }

  const read = async (file: File): Promise<void> => {
    setBusy(true);
    setProblems(null);
    setFailure(null);
    try {
      const parsed =
        file.size > MAX_FILE_BYTES
          ? { ok: false as const, problems: [{ path: '(root)', where: 'File', message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` }] }
          : parseDocumentFileText(await file.text());
      if (!parsed.ok) {
        setProblems({ file: file.name, list: parsed.problems });
        return;
      }
      const result = await importDocument(data.db, { file: parsed.file, by: user.id, now: Date.now(), newId: () => crypto.randomUUID() });
      if (!result.ok) setProblems({ file: file.name, list: result.problems });
      else await navigate(`/library/${result.document.id}`, { state: { imported: true } });
    } catch (error) {
      console.error(error);
      setFailure('The file could not be imported on this device. Nothing was changed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="import">
      <p className="breadcrumb">
        <Link to="/library">Library</Link>
      </p>
      <h1 tabIndex={-1}>Import a document</h1>
      <p>
        Choose a document file exported from Fieldbook (<code>.fieldbook.json</code>). It is checked before anything is saved: a file with problems changes
        nothing.
      </p>
      <div className="field">
        <label htmlFor={inputId}>Document file (JSON)</label>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file !== undefined) void read(file);
          }}
        />
      </div>
      {busy && (
        <p role="status" className="muted">
          Checking the file…
        </p>
      )}
      {failure !== null && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {problems !== null && (
        <div className="form-error import-problems" role="alert" tabIndex={-1} ref={problemsRef} aria-labelledby="import-problems-title">
          <h2 id="import-problems-title">
            {problems.file} was not imported: {plural(problems.list.length, 'problem')}
          </h2>
          <p>Nothing was saved. Fix the file and choose it again.</p>
          <ul className="problem-list">
            {problems.list.map((problem, i) => (
              <li key={i}>
                {describeProblem(problem)} <code className="problem-path">{problem.path}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}
