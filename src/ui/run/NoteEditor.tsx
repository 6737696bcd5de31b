import { useId, useRef, useState } from 'react';
import { deviceId } from '../../sync/device';
import { useNames } from '../shared/hooks/use-members';
import type { Names } from '../shared/hooks/use-members';
import { formatWhen } from '../shared/time';
import { useDraft, useSaveState } from './use-draft';
import type { OpenRun } from './use-run';
import { whoWrote } from './who-wrote';
import './run.css';

interface NoteEditorProps {
  readonly run: OpenRun;
  readonly stepId: string;
  readonly readOnly: boolean;
  readonly userId: string;
  /** What the notes are on, in the labels: "step" (default) or "item". */
  readonly noun?: string;
}

const newNoteId = (): string => crypto.randomUUID();

/** The writer at the start of a line: "You, on this device". */
function writer(by: string, device: string, userId: string, names: Names): string {
  const who = whoWrote(by, device, userId, names);
  return who.charAt(0).toUpperCase() + who.slice(1);
}

/**
 * A step's notes (completion SPEC R7): a list of entries, each with who wrote it and when, so
 * notes written on two tablets at once stay two notes. The box below the list writes this
 * device's note as it is typed (saved keystroke by keystroke, latest wins); "Add another note"
 * closes it into the list. This device's own notes can be edited again or removed.
 */
export function NoteEditor({ run, stepId, readOnly, userId, noun = 'step' }: NoteEditorProps) {
  const id = useId();
  const names = useNames();
  const model = run.session.model;
  const save = useSaveState(run.tracker);
  /** The note the box writes: null until the first keystroke of a new note. */
  const [editing, setEditing] = useState<string | null>(null);
  const key = `note:${stepId}:${editing ?? 'new'}`;
  const busy = save.saving.has(key);
  const failed = save.failure?.keys.has(key) ?? false;
  const notes = model.notes(stepId);
  const mine = deviceId();
  const stored = editing === null ? '' : (notes.find((n) => n.id === editing && n.device === mine)?.text ?? '');
  const draft = useDraft(stored, busy);
  const latest = useRef('');
  const legacy = model.legacyNote(stepId);
  const listed = notes.filter((n) => !(n.id === editing && n.device === mine));

  const write = (noteId: string, text: string): void => {
    latest.current = text;
    run.tracker.save(`note:${stepId}:${noteId}`, () => ({ kind: 'note', stepId, noteId, text: latest.current }));
  };

  return (
    <div className="note-field">
      <h3 className="note-title">Notes</h3>
      {(legacy !== '' || listed.length > 0) && (
        <ul className="note-list">
          {legacy !== '' && (
            <li className="note-entry">
              <p className="note-text">{legacy}</p>
              <p className="muted note-source">Earlier note</p>
            </li>
          )}
          {listed.map((note) => (
            <li key={`${note.device}-${note.id}`} className="note-entry">
              <p className="note-text">{note.text}</p>
              <p className="muted note-source">
                {writer(note.by, note.device, userId, names)} · {formatWhen(note.at)}
              </p>
              {!readOnly && note.device === mine && (
                <div className="button-row">
                  <button type="button" className="button" onClick={() => setEditing(note.id)}>
                    Edit<span className="visually-hidden"> note “{note.text.slice(0, 40)}”</span>
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => run.tracker.save(`note:${stepId}:${note.id}`, () => ({ kind: 'note', stepId, noteId: note.id, text: '' }))}
                  >
                    Remove<span className="visually-hidden"> note “{note.text.slice(0, 40)}”</span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <div className="field">
          <label htmlFor={id}>{editing !== null && stored !== '' ? 'Your note' : listed.length > 0 ? 'Add a note' : `Note for this ${noun}`}</label>
          <textarea
            id={id}
            rows={3}
            value={draft.value}
            aria-busy={busy}
            aria-describedby={`${id}-state`}
            onFocus={draft.onFocus}
            onBlur={draft.onBlur}
            onChange={(e) => {
              const noteId = editing ?? newNoteId();
              if (editing === null) setEditing(noteId);
              draft.set(e.target.value);
              write(noteId, e.target.value);
            }}
          />
          <p id={`${id}-state`} className="save-flag" aria-live="polite">
            {busy ? 'Saving…' : failed ? 'Not saved' : ''}
          </p>
          {editing !== null && draft.value !== '' && (
            <button type="button" className="button" onClick={() => setEditing(null)}>
              Add another note
            </button>
          )}
        </div>
      )}
      {readOnly && legacy === '' && listed.length === 0 && <p className="muted">No notes on this {noun}.</p>}
    </div>
  );
}
