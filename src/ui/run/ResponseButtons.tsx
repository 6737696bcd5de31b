import { useId, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { valueSlot } from '../../completion';
import { flaggedPhotosKey, responseOf } from '../../domain';
import type { AnswerValue, ResponsePart } from '../../domain';
import { ConflictPicker } from './ConflictPicker';
import { EvidenceInput } from './evidence/EvidenceInput';
import { useDraft, useSaveState } from './use-draft';
import type { OpenRun } from './use-run';
import { WrittenBy } from './WrittenBy';
import './run.css';
import './responses.css';

interface ResponseButtonsProps {
  readonly run: OpenRun;
  readonly part: ResponsePart;
  /** The group's visible label: the item's label, or "Answer" under a step's title. */
  readonly label: string;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly userId: string;
  /** The part has a note (a flagged answer that requires one asks for it until then). */
  readonly hasNote: boolean;
  readonly onChanged?: () => void;
}

/**
 * A checklist item's or a step's answer: one big button per response of its set (glove-sized,
 * the response's colour as a bar beside its label, never colour alone), pressed state shown by
 * fill, border and a check mark. A tap writes the response id as the part's value (an ordinary
 * register write: conflicts show as for fields). Tapping the chosen response again keeps it —
 * a double tap with a glove must not erase an answer — and "Clear answer" removes it.
 * Keyboard: Tab reaches each button, arrow keys move between them, Space or Enter chooses.
 */
export function ResponseButtons({ run, part, label, required, readOnly, userId, hasNote, onChanged }: ResponseButtonsProps) {
  const id = useId();
  const slot = valueSlot(part.id);
  const save = useSaveState(run.tracker);
  const busy = save.saving.has(slot);
  const failed = save.failure?.keys.has(slot) ?? false;
  const stored = run.session.model.read(slot);
  const draft = useDraft<AnswerValue | undefined>(stored, busy);
  const chosen = responseOf(part, draft.value);
  const buttons = useRef<HTMLDivElement>(null);

  const choose = (value: string | null): void => {
    draft.set(value);
    run.tracker.save(slot, () => ({ kind: 'value', key: part.id, value }));
    onChanged?.();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    const all = [...(buttons.current?.querySelectorAll<HTMLButtonElement>('button.response') ?? [])];
    const at = all.findIndex((b) => b === document.activeElement);
    if (at < 0) return;
    e.preventDefault();
    all[(at + step + all.length) % all.length]?.focus();
  };

  const flagged = chosen?.flagged === true;
  const needsNote = flagged && part.noteWhenFlagged === 'required' && !hasNote;
  const describe = (value: AnswerValue | undefined): string => responseOf(part, value)?.label ?? 'No answer';

  return (
    <div className={`response-part${flagged ? ' is-flagged' : ''}`} data-anchor={part.id}>
      <div className="response-head">
        <span id={`${id}-label`} className="response-label">
          {label}
        </span>
        {required && (
          <span className="tag" aria-hidden="true">
            Required
          </span>
        )}
        {flagged && <span className="tag flagged-tag">Flagged</span>}
        <span id={`${id}-state`} className="save-flag" aria-live="polite">
          {busy ? 'Saving…' : failed ? 'Not saved' : ''}
        </span>
      </div>
      <div
        ref={buttons}
        className="response-buttons"
        role="group"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-state${needsNote ? ` ${id}-note` : ''}`}
        aria-busy={busy}
        onKeyDown={onKeyDown}
      >
        {part.set.responses.map((response) => {
          const pressed = chosen?.id === response.id;
          return (
            <button
              key={response.id}
              type="button"
              className={`response colour-${response.colour}${pressed ? ' is-pressed' : ''}`}
              aria-pressed={pressed}
              disabled={readOnly}
              onFocus={draft.onFocus}
              onBlur={draft.onBlur}
              onClick={() => {
                if (!pressed) choose(response.id);
              }}
            >
              <span className="response-mark" aria-hidden="true">
                {pressed ? '✓' : ''}
              </span>
              {response.label}
              {required && <span className="visually-hidden"> (required)</span>}
            </button>
          );
        })}
      </div>
      {!readOnly && chosen !== undefined && (
        <button type="button" className="button clear-answer" onClick={() => choose(null)}>
          Clear answer<span className="visually-hidden"> for {label}</span>
        </button>
      )}
      {needsNote && (
        <p id={`${id}-note`} className="note-needed">
          Add a note about what you found.
        </p>
      )}
      {/* R45: a flagged answer may ask for photos of what was found; they stay in the doc if the answer changes. */}
      {flagged && part.photoWhenFlagged !== undefined && (
        <EvidenceInput
          run={run}
          field={{ id: flaggedPhotosKey(part.id), label: `Photo of what was found on “${label}”`, kind: 'photo', required: part.photoWhenFlagged === 'required' }}
          valueKey={flaggedPhotosKey(part.id)}
          readOnly={readOnly}
          forceErrors={false}
          userId={userId}
        />
      )}
      {run.reader && <WrittenBy run={run} slot={slot} userId={userId} />}
      <ConflictPicker run={run} slot={slot} label={label} describe={describe} readOnly={readOnly} userId={userId} />
    </div>
  );
}
