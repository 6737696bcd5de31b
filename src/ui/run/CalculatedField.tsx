import { useId } from 'react';
import { isEmptyAnswer } from '../../domain';
import type { AnswerValue, Field } from '../../domain';
import './run.css';
import './logic.css';

interface CalculatedFieldProps {
  readonly field: Field;
  readonly valueKey: string;
  /** The calculation's current value (derived on read, never written into the doc). */
  readonly value: AnswerValue | undefined;
}

function shown(value: AnswerValue | undefined): string | undefined {
  if (value === undefined || isEmptyAnswer(value)) return undefined;
  if (value === true) return 'Yes';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
  return String(value);
}

/**
 * A calculated field: its label, its value in an `<output>` and a "Calculated" tag. Nothing
 * to answer, so no control; the value follows the answers it is worked out from.
 */
export function CalculatedField({ field, valueKey, value }: CalculatedFieldProps) {
  const id = useId();
  const text = shown(value);
  return (
    <div className="field run-field is-calculated" data-anchor={valueKey}>
      <div className="label-row">
        <label id={`${id}-label`} htmlFor={id}>
          {field.label}
        </label>
        <span className="tag calculated-tag">Calculated</span>
      </div>
      {field.help !== undefined && <p className="field-hint">{field.help}</p>}
      <output id={id} className="calculated-value" aria-labelledby={`${id}-label`} aria-live="polite">
        {text ?? <span className="muted">Worked out once the answers it needs are in</span>}
      </output>
    </div>
  );
}
