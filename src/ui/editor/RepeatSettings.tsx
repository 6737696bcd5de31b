import { useId } from 'react';
import type { Repeat } from '../../domain/logic/expr';
import { useQuestionsBefore } from './editor-context';
import { clamp, withOptional } from './with-optional';
import './editor.css';
import './rules.css';

interface RepeatSettingsProps {
  readonly repeat: Repeat | undefined;
  readonly onChange: (repeat: Repeat | undefined) => void;
  /** Zod path of the section or step. */
  readonly path: string;
  /** "Repeat these fields", "Repeat this step's fields". */
  readonly label: string;
}

/** A whole number of rows within the schema's bounds, so the draft always saves. */
const count = (text: string, least: number): number | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? clamp(Math.round(n), least, 200) : undefined;
};

/**
 * A repeat group: the crew adds rows (one per defect, per person) between min and max, with
 * the add button's words; or the rows come from an earlier number answer (one per tester).
 */
export function RepeatSettings({ repeat, onChange, path, label }: RepeatSettingsProps) {
  const id = useId();
  const numbers = useQuestionsBefore(path).filter((q) => q.type === 'number' && !q.column);
  const set = <K extends keyof Repeat>(key: K, value: Repeat[K] | undefined) => onChange(withOptional(repeat ?? {}, key, value));
  return (
    <div className="repeat-settings" data-path={`${path}.repeat`}>
      <label className="check-row editor-check">
        <input type="checkbox" checked={repeat !== undefined} onChange={(e) => onChange(e.target.checked ? {} : undefined)} />
        <span>{label}</span>
      </label>
      {repeat !== undefined && (
        <fieldset className="part-settings">
          <legend>Rows</legend>
          <div className="field">
            <label htmlFor={`${id}-from`}>How rows are made</label>
            <select id={`${id}-from`} data-path={`${path}.repeat.countFrom`} value={repeat.countFrom ?? ''} onChange={(e) => set('countFrom', e.target.value === '' ? undefined : e.target.value)}>
              <option value="">The crew adds rows</option>
              {numbers.map((q) => (
                <option key={q.ref} value={q.ref}>
                  One row per “{q.label}” (the number answered)
                </option>
              ))}
              {repeat.countFrom !== undefined && !numbers.some((q) => q.ref === repeat.countFrom) && <option value={repeat.countFrom}>Not an earlier number question ({repeat.countFrom})</option>}
            </select>
          </div>
          <div className="editor-grid">
            <div className="field">
              <label htmlFor={`${id}-min`}>Fewest rows (optional)</label>
              <input id={`${id}-min`} data-path={`${path}.repeat.min`} type="number" inputMode="numeric" min={0} max={200} step={1} value={repeat.min ?? ''} onChange={(e) => set('min', count(e.target.value, 0))} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-max`}>Most rows (optional)</label>
              <input id={`${id}-max`} data-path={`${path}.repeat.max`} type="number" inputMode="numeric" min={1} max={200} step={1} value={repeat.max ?? ''} onChange={(e) => set('max', count(e.target.value, 1))} />
            </div>
          </div>
          {repeat.countFrom === undefined && (
            <div className="field">
              <label htmlFor={`${id}-add`}>Words on the add button (optional)</label>
              <input
                id={`${id}-add`}
                data-path={`${path}.repeat.addLabel`}
                type="text"
                maxLength={60}
                placeholder="Add row"
                value={repeat.addLabel ?? ''}
                onChange={(e) => set('addLabel', e.target.value === '' ? undefined : e.target.value)}
              />
            </div>
          )}
        </fieldset>
      )}
    </div>
  );
}
