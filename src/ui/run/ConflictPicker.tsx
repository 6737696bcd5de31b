import { useId } from 'react';
import type { Slot } from '../../completion';
import type { AnswerValue } from '../../domain';
import { useNames } from '../shared/hooks/use-members';
import { formatWhen } from '../shared/time';
import type { OpenRun } from './use-run';
import { whoWrote } from './who-wrote';
import './run.css';

interface ConflictPickerProps {
  readonly run: OpenRun;
  readonly slot: Slot;
  /** What the slot is, in the user's words ("Conveyor ID", "Step done"). */
  readonly label: string;
  readonly describe: (value: AnswerValue | undefined) => string;
  readonly readOnly: boolean;
  readonly userId: string;
}

/**
 * Two devices wrote this slot concurrently (model.conflicts non-empty): show every value with
 * who wrote it and when, and let the user keep one (Edit kind 'settle'). Until then the latest
 * write is the one in effect, shown first.
 */
export function ConflictPicker({ run, slot, label, describe, readOnly, userId }: ConflictPickerProps) {
  const titleId = useId();
  const names = useNames();
  const model = run.session.model;
  const conflicts = model.conflicts(slot);
  const current = model.lastWrite(slot);
  if (conflicts.length === 0 || current === undefined) return null;
  const options = [{ ...current, value: model.read(slot), inEffect: true }, ...conflicts.map((c) => ({ ...c, inEffect: false }))];
  return (
    <div className="conflict" role="group" aria-labelledby={titleId}>
      <p id={titleId} className="conflict-title">
        {label}: changed on two devices at once. Keep one value.
      </p>
      <ul className="conflict-options">
        {options.map((option) => {
          const text = describe(option.value);
          return (
            <li key={`${option.device}-${option.at}`}>
              <p className="conflict-value">{text}</p>
              <p className="muted conflict-source">
                {whoWrote(option.by, option.device, userId, names)} · {formatWhen(option.at)}
                {option.inEffect && ' · in effect now'}
              </p>
              {!readOnly && (
                <button
                  type="button"
                  className="button"
                  onClick={() => run.tracker.save(slot, () => ({ kind: 'settle', slot, value: option.value ?? null }))}
                >
                  Keep<span className="visually-hidden"> “{text}” for {label}</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
