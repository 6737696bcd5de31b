import { useId } from 'react';
import type { Field } from '../../domain';
import './editor.css';

/** The file types an author can pick for a file question (what the relay accepts by default). */
const FILE_TYPES: readonly (readonly [string, string])[] = [
  ['application/pdf', 'PDF'],
  ['image/*', 'Images (JPEG, PNG, WebP)'],
];

const MIB = 1024 * 1024;

const numberOrUndefined = (text: string, scale = 1): number | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.round(n * scale) : undefined;
};

interface CaptureSettingsProps {
  readonly field: Field;
  readonly path: string;
  readonly set: <K extends keyof Field>(key: K, value: Field[K] | undefined) => void;
}

/**
 * How a photo, file or location is captured: camera only and the photo size, the file types and
 * size accepted, the accuracy a position needs. Signatures have nothing to set.
 */
export function CaptureSettings({ field, path, set }: CaptureSettingsProps) {
  const id = useId();
  switch (field.kind) {
    case 'photo':
      return (
        <>
          <label className="check-row editor-check">
            <input type="checkbox" data-path={`${path}.cameraOnly`} checked={field.cameraOnly === true} onChange={(e) => set('cameraOnly', e.target.checked ? true : undefined)} />
            <span>Camera only (no photos from the gallery)</span>
          </label>
          <div className="field">
            <label htmlFor={`${id}-edge`}>Photo size: longest side in pixels (optional)</label>
            <p id={`${id}-edge-hint`} className="field-hint">
              2048 when empty. Larger keeps more detail and takes longer to send.
            </p>
            <input
              id={`${id}-edge`}
              data-path={`${path}.longEdge`}
              aria-describedby={`${id}-edge-hint`}
              type="number"
              inputMode="numeric"
              min={320}
              max={8192}
              step={1}
              value={field.longEdge ?? ''}
              onChange={(e) => set('longEdge', numberOrUndefined(e.target.value))}
            />
          </div>
        </>
      );
    case 'file': {
      const accept = field.accept ?? [];
      const toggle = (type: string, on: boolean): void => {
        const next = on ? [...accept, type] : accept.filter((t) => t !== type);
        set('accept', next.length === 0 ? undefined : next);
      };
      return (
        <>
          <fieldset className="part-settings" data-path={`${path}.accept`}>
            <legend>Files accepted</legend>
            <p className="field-hint">PDF and images when none is ticked.</p>
            {FILE_TYPES.map(([type, label]) => (
              <label key={type} className="check-row editor-check">
                <input type="checkbox" checked={accept.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
                <span>{label}</span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-size`}>Largest file in MB (optional)</label>
            <input
              id={`${id}-size`}
              data-path={`${path}.maxBytes`}
              type="number"
              inputMode="decimal"
              min={0.1}
              step="any"
              value={field.maxBytes === undefined ? '' : Math.round((field.maxBytes / MIB) * 10) / 10}
              onChange={(e) => set('maxBytes', numberOrUndefined(e.target.value, MIB))}
            />
          </div>
        </>
      );
    }
    case 'location':
      return (
        <div className="field">
          <label htmlFor={`${id}-accuracy`}>Warn when less accurate than, in metres (optional)</label>
          <p id={`${id}-accuracy-hint`} className="field-hint">
            A position within 5 m is taken on its own; a worse one is accepted by hand and marked so.
          </p>
          <input
            id={`${id}-accuracy`}
            data-path={`${path}.accuracyLimit`}
            aria-describedby={`${id}-accuracy-hint`}
            type="number"
            inputMode="decimal"
            min={1}
            step="any"
            value={field.accuracyLimit ?? ''}
            onChange={(e) => set('accuracyLimit', numberOrUndefined(e.target.value))}
          />
        </div>
      );
    default:
      return null;
  }
}
