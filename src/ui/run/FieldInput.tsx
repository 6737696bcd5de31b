import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { valueSlot } from '../../completion';
import { isEmptyAnswer, isFinished, rangeWarning, validateAnswer } from '../../domain';
import type { AnswerValue, Field, LogicState } from '../../domain';
import { isEvidenceKind } from '../../domain';
import type { EvidenceKind } from '../../domain';
import { CalculatedField } from './CalculatedField';
import { EvidenceInput } from './evidence/EvidenceInput';
import { ConflictPicker } from './ConflictPicker';
import { useDraft, useSaveState } from './use-draft';
import type { OpenRun } from './use-run';
import { WrittenBy } from './WrittenBy';
import './run.css';

interface FieldInputProps {
  readonly run: OpenRun;
  readonly field: Field;
  /** Where the answer lives: the field id (form) or stepValueKey(step, field) (procedure). */
  readonly valueKey: string;
  readonly readOnly: boolean;
  /** Show problems even before the user touched the field (after Submit or "done"). */
  readonly forceErrors: boolean;
  readonly userId: string;
  /**
   * The run's rules (`useLogic`): hidden fields render nothing, calculated ones are read-only,
   * `requiredWhen` and constraints apply, and a default shows while nobody wrote the field.
   */
  readonly logic?: LogicState;
}

/** Every field kind's control keeps its text while typing; numbers are parsed from it. */
type Shown = string | string[] | boolean;

function shownOf(field: Field, stored: AnswerValue | undefined): Shown {
  switch (field.kind) {
    case 'multiselect':
      return Array.isArray(stored) ? stored : [];
    case 'checkbox':
      return stored === true;
    case 'number':
      return typeof stored === 'number' ? String(stored) : '';
    default:
      return typeof stored === 'string' ? stored : '';
  }
}

/** The answer a control's content stands for; `invalid` when it cannot be one (a half-typed number). */
function answerOf(field: Field, shown: Shown): { value: AnswerValue } | { invalid: string } {
  if (field.kind !== 'number') return { value: shown };
  const text = typeof shown === 'string' ? shown.trim() : '';
  if (text === '') return { value: null };
  const n = Number(text);
  return Number.isFinite(n) ? { value: n } : { invalid: 'must be a number' };
}

export function describeAnswer(value: AnswerValue | undefined): string {
  if (value === undefined || value === null || value === '') return '(empty)';
  if (value === true) return 'Ticked';
  if (value === false) return 'Not ticked';
  if (Array.isArray(value)) return value.length === 0 ? '(none chosen)' : value.join(', ');
  return String(value);
}

/**
 * One field of a form or step: the control for its kind, validation as you type (from the
 * zod schema the domain builds from the field definition), a pending state until the change
 * is durable, and the conflict picker when two devices wrote it at once.
 */
export function FieldInput(props: FieldInputProps) {
  const { logic, valueKey } = props;
  if (logic !== undefined && !logic.isVisible(valueKey)) return null;
  if (logic?.isCalculated(valueKey) === true) {
    // A finished run shows what its record froze; an open one works the value out from the answers.
    const instance = props.run.session.instance;
    const frozen = isFinished(instance.status) ? instance.calculated?.[valueKey] : undefined;
    return <CalculatedField field={props.field} valueKey={valueKey} value={frozen ?? logic.valueOf(valueKey)} />;
  }
  if (isEvidenceKind(props.field.kind)) return <EvidenceInput {...props} field={props.field as Field & { readonly kind: EvidenceKind }} />;
  return <AnswerInput {...props} />;
}

function AnswerInput({ run, field: defined, valueKey, readOnly, forceErrors, userId, logic }: FieldInputProps) {
  const id = useId();
  // Required by a rule counts like `required: true`.
  const field = logic === undefined || logic.isRequired(valueKey) === defined.required ? defined : { ...defined, required: !defined.required };
  const slot = valueSlot(valueKey);
  const save = useSaveState(run.tracker);
  const busy = save.saving.has(slot);
  const failed = save.failure?.keys.has(slot) ?? false;
  const written = run.session.model.read(slot);
  // A default is shown, never written, while nobody has written the field (a cleared answer stays cleared).
  const stored = written === undefined && logic !== undefined ? logic.valueOf(valueKey) : written;
  const draft = useDraft<Shown>(shownOf(field, stored), busy);
  const [touched, setTouched] = useState(false);

  const answer = answerOf(field, draft.value);
  const problem =
    'invalid' in answer
      ? answer.invalid
      : (validateAnswer(field, answer.value) ?? (isEmptyAnswer(answer.value) ? undefined : logic?.constraintError(valueKey)));
  const error = touched || forceErrors ? problem : undefined;
  // A reading outside warning limits is kept and flagged, never refused (completion/SPEC.md R17).
  const flag = problem === undefined && 'value' in answer ? rangeWarning(field, answer.value) : undefined;

  const change = (shown: Shown): void => {
    draft.set(shown);
    setTouched(true);
    const next = answerOf(field, shown);
    if ('invalid' in next) return;
    run.tracker.save(slot, () => ({ kind: 'value', key: valueKey, value: next.value }));
  };

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const stateId = `${id}-state`;
  const flagId = `${id}-flag`;
  const describedBy = [field.help !== undefined ? hintId : '', error !== undefined ? errorId : '', flag !== undefined ? flagId : '', stateId]
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-busy': busy,
    onFocus: draft.onFocus,
    onBlur: draft.onBlur,
  };
  const textCommon = { ...common, 'aria-invalid': error !== undefined, 'aria-required': field.required, readOnly };

  let control: ReactNode;
  switch (field.kind) {
    case 'textarea':
      control = <textarea {...textCommon} rows={4} value={draft.value as string} onChange={(e) => change(e.target.value)} />;
      break;
    case 'number':
      control = (
        <input
          {...textCommon}
          type="number"
          inputMode="decimal"
          step="any"
          {...(field.limits === 'block' && field.min !== undefined ? { min: field.min } : {})}
          {...(field.limits === 'block' && field.max !== undefined ? { max: field.max } : {})}
          value={draft.value as string}
          onChange={(e) => change(e.target.value)}
        />
      );
      break;
    case 'date':
      control = <input {...textCommon} type="date" value={draft.value as string} onChange={(e) => change(e.target.value)} />;
      break;
    case 'select':
      control = (
        <select
          {...common}
          aria-invalid={error !== undefined}
          aria-required={field.required}
          disabled={readOnly}
          value={draft.value as string}
          onChange={(e) => change(e.target.value)}
        >
          <option value="">Choose…</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case 'text':
      control = <input {...textCommon} type="text" autoComplete="off" value={draft.value as string} onChange={(e) => change(e.target.value)} />;
      break;
    case 'multiselect':
    case 'checkbox':
      control = null;
      break;
  }

  const chosen = Array.isArray(draft.value) ? draft.value : [];
  const state = (
    <p id={stateId} className="save-flag" aria-live="polite">
      {busy ? 'Saving…' : failed ? 'Not saved' : ''}
    </p>
  );
  const requiredTag = field.required ? (
    <span className="tag" aria-hidden="true">
      Required
    </span>
  ) : null;

  return (
    <div className={`field run-field kind-${field.kind}${error !== undefined ? ' has-error' : ''}${flag !== undefined ? ' is-flagged' : ''}`} data-anchor={valueKey}>
      {field.kind === 'multiselect' ? (
        <fieldset className="choice-group" aria-describedby={describedBy} aria-busy={busy}>
          <legend>
            {field.label}
            {field.required && <span className="visually-hidden"> (required)</span>} {requiredTag}
          </legend>
          {field.help !== undefined && (
            <p id={hintId} className="field-hint">
              {field.help}
            </p>
          )}
          {(field.options ?? []).map((option) => (
            <label key={option} className="check-row">
              <input
                type="checkbox"
                disabled={readOnly}
                checked={chosen.includes(option)}
                onFocus={draft.onFocus}
                onBlur={draft.onBlur}
                onChange={(e) => change(e.target.checked ? [...chosen, option] : chosen.filter((o) => o !== option))}
              />
              <span>{option}</span>
            </label>
          ))}
        </fieldset>
      ) : field.kind === 'checkbox' ? (
        <div className="check-field">
          <label className="check-row" htmlFor={id}>
            <input
              {...common}
              type="checkbox"
              aria-invalid={error !== undefined}
              aria-required={field.required}
              disabled={readOnly}
              checked={draft.value === true}
              onChange={(e) => change(e.target.checked)}
            />
            <span>{field.label}</span>
          </label>
          {requiredTag}
          {field.help !== undefined && (
            <p id={hintId} className="field-hint">
              {field.help}
            </p>
          )}
        </div>
      ) : (
        <>
          <div className="label-row">
            <label htmlFor={id}>{field.label}</label>
            {requiredTag}
          </div>
          {field.help !== undefined && (
            <p id={hintId} className="field-hint">
              {field.help}
            </p>
          )}
          {control}
        </>
      )}
      {error !== undefined && (
        <p id={errorId} className="field-error">
          {error.charAt(0).toUpperCase() + error.slice(1)}
        </p>
      )}
      {flag !== undefined && (
        <p id={flagId} className="field-flag">
          Recorded and flagged: {flag}.
        </p>
      )}
      {state}
      {run.reader && <WrittenBy run={run} slot={slot} userId={userId} />}
      <ConflictPicker run={run} slot={slot} label={field.label} describe={describeAnswer} readOnly={readOnly} userId={userId} />
    </div>
  );
}
