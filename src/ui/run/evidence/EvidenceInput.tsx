import { useId, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { validateAnswer } from '../../../domain';
import type { Field } from '../../../domain';
import type { EvidenceControlProps, EvidenceProps } from './evidence-props';
import { FilesInput } from './FilesInput';
import { LocationInput } from './LocationInput';
import { SignatureInput } from './SignatureInput';
import '../run.css';
import './evidence.css';

/**
 * A photo, file, signature or location field (completion SPEC R40–R43): its label, required
 * tag, help and problem, around the control for its kind. The count of live entries is the
 * field's answer, so required and min/max read as they do for any other field.
 */
export function EvidenceInput(props: EvidenceProps) {
  const { run, field: defined, valueKey, forceErrors, logic } = props;
  const id = useId();
  const field = logic === undefined || logic.isRequired(valueKey) === defined.required ? defined : { ...defined, required: !defined.required };
  const save = useSyncExternalStore(run.tracker.subscribe, run.tracker.getState);
  const live = run.session.model.evidence(valueKey).filter((e) => e.removed === undefined);
  const problem = validateAnswer(field, live.length === 0 ? undefined : live.length);
  const touched = [...save.saving].some((k) => k.startsWith(`v:${valueKey}#`)) || live.length > 0;
  const error = forceErrors || touched ? problem : undefined;
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [field.help !== undefined ? hintId : '', error !== undefined ? errorId : ''].filter(Boolean).join(' ');
  const control: ReactNode = controlFor({ ...props, field, live, describedBy, labelId });
  return (
    <div className={`field run-field evidence-field kind-${field.kind}${error !== undefined ? ' has-error' : ''}`} data-anchor={valueKey} role="group" aria-labelledby={labelId}>
      <div className="label-row">
        <span id={labelId} className="field-label">
          {field.label}
          {field.required && <span className="visually-hidden"> (required)</span>}
        </span>
        {field.required && (
          <span className="tag" aria-hidden="true">
            Required
          </span>
        )}
      </div>
      {field.help !== undefined && (
        <p id={hintId} className="field-hint">
          {field.help}
        </p>
      )}
      {control}
      {error !== undefined && (
        <p id={errorId} className="field-error">
          {error.charAt(0).toUpperCase() + error.slice(1)}
        </p>
      )}
    </div>
  );
}

function controlFor(props: EvidenceControlProps & { readonly field: Field }): ReactNode {
  switch (props.field.kind) {
    case 'photo':
    case 'file':
      return <FilesInput {...props} />;
    case 'signature':
      return <SignatureInput {...props} />;
    case 'location':
      return <LocationInput {...props} />;
    default:
      return null;
  }
}

