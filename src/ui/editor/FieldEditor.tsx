import { useId } from 'react';
import { FIELD_KINDS } from '../../domain';
import type { Field, FieldKind } from '../../domain';
import { FIELD_KIND_SETTINGS } from '../../domain/authoring';
import { FIELD_KIND_LABEL, MIN_MAX_LABEL } from './labels';
import { CaptureSettings } from './CaptureSettings';
import { FieldLogic } from './FieldLogic';
import { withOptional } from './with-optional';
import './editor.css';

export { withOptional };


const numberOrUndefined = (text: string): number | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
};

interface FieldEditorProps {
  readonly field: Field;
  /** Zod path of the field, e.g. `fields.1` or `steps.0.fields.2`. */
  readonly path: string;
  readonly update: (fn: (field: Field) => Field) => void;
}

/** One field: label, kind, required, help, and the settings its kind uses. */
export function FieldEditor({ field, path, update }: FieldEditorProps) {
  const id = useId();
  const uses = FIELD_KIND_SETTINGS[field.kind];
  const minMax = MIN_MAX_LABEL[field.kind];
  const set = <K extends keyof Field>(key: K, value: Field[K] | undefined) => update((f) => withOptional(f, key, value));

  return (
    <div className="field-editor">
      <div className="editor-grid">
        <div className="field">
          <label htmlFor={`${id}-label`}>Label</label>
          <input id={`${id}-label`} data-path={`${path}.label`} type="text" value={field.label} autoComplete="off" onChange={(e) => set('label', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} data-path={`${path}.kind`} value={field.kind} onChange={(e) => set('kind', e.target.value as FieldKind)}>
            {FIELD_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {FIELD_KIND_LABEL[kind]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="check-row editor-check">
        <input type="checkbox" data-path={`${path}.required`} checked={field.required} onChange={(e) => set('required', e.target.checked)} />
        <span>Required</span>
      </label>
      <div className="field">
        <label htmlFor={`${id}-help`}>Help text (optional)</label>
        <input id={`${id}-help`} data-path={`${path}.help`} type="text" value={field.help ?? ''} onChange={(e) => set('help', e.target.value === '' ? undefined : e.target.value)} />
      </div>
      {uses.options && (
        <div className="field">
          <label htmlFor={`${id}-options`}>Options</label>
          <p id={`${id}-options-hint`} className="field-hint">
            One option per line.
          </p>
          <textarea
            id={`${id}-options`}
            data-path={`${path}.options`}
            aria-describedby={`${id}-options-hint`}
            rows={4}
            value={(field.options ?? []).join('\n')}
            onChange={(e) => set('options', e.target.value.split('\n'))}
          />
        </div>
      )}
      {uses.minMax && minMax !== undefined && (
        <div className="editor-grid">
          <div className="field">
            <label htmlFor={`${id}-min`}>{minMax[0]} (optional)</label>
            <input
              id={`${id}-min`}
              data-path={`${path}.min`}
              type="number"
              inputMode="decimal"
              step="any"
              value={field.min ?? ''}
              onChange={(e) => set('min', numberOrUndefined(e.target.value))}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-max`}>{minMax[1]} (optional)</label>
            <input
              id={`${id}-max`}
              data-path={`${path}.max`}
              type="number"
              inputMode="decimal"
              step="any"
              value={field.max ?? ''}
              onChange={(e) => set('max', numberOrUndefined(e.target.value))}
            />
          </div>
        </div>
      )}
      {uses.minMax && field.kind === 'number' && (
        <div className="field">
          <label className="check-row editor-check">
            <input
              type="checkbox"
              data-path={`${path}.limits`}
              aria-describedby={`${id}-limits-hint`}
              checked={field.limits === 'block'}
              onChange={(e) => set('limits', e.target.checked ? 'block' : undefined)}
            />
            <span>Hard limit: refuse readings outside this range</span>
          </label>
          <p id={`${id}-limits-hint`} className="field-hint">
            Off (the default): a reading outside the range is recorded and flagged for review, so a real reading, such as 18 % oxygen, can always be entered.
          </p>
        </div>
      )}
      {uses.pattern && (
        <div className="field">
          <label htmlFor={`${id}-pattern`}>Pattern (optional)</label>
          <p id={`${id}-pattern-hint`} className="field-hint">
            A regular expression the whole answer must match, e.g. <code>CV-[0-9]+</code>.
          </p>
          <input
            id={`${id}-pattern`}
            data-path={`${path}.pattern`}
            aria-describedby={`${id}-pattern-hint`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={field.pattern ?? ''}
            onChange={(e) => set('pattern', e.target.value === '' ? undefined : e.target.value)}
          />
        </div>
      )}
      {uses.pattern && field.pattern !== undefined && (
        <div className="editor-grid">
          <div className="field">
            <label htmlFor={`${id}-pattern-message`}>Message when it does not match (optional)</label>
            <input
              id={`${id}-pattern-message`}
              data-path={`${path}.patternMessage`}
              type="text"
              value={field.patternMessage ?? ''}
              onChange={(e) => set('patternMessage', e.target.value === '' ? undefined : e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-pattern-example`}>Example of a correct answer (optional)</label>
            <input
              id={`${id}-pattern-example`}
              data-path={`${path}.patternExample`}
              type="text"
              autoComplete="off"
              value={field.patternExample ?? ''}
              onChange={(e) => set('patternExample', e.target.value === '' ? undefined : e.target.value)}
            />
          </div>
        </div>
      )}
      <CaptureSettings field={field} path={path} set={set} />
      <FieldLogic field={field} path={path} update={update} />
    </div>
  );
}
