import { useId } from 'react';
import './editor.css';

interface TextSettingProps {
  readonly label: string;
  /** The definition path a publish problem points at (`data-path`). */
  readonly path: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** A multi-line setting (instructions, a description) with this many rows; one line without it. */
  readonly rows?: number;
}

/** A labelled text setting of a step or section: its title, or its instructions or description. */
export function TextSetting({ label, path, value, onChange, rows }: TextSettingProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {rows === undefined ? (
        <input id={id} data-path={path} type="text" value={value} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      ) : (
        <textarea id={id} data-path={path} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}
