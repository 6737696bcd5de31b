import { useId } from 'react';
import { BUILT_IN_RESPONSE_SETS, responseSetById } from '../../domain';
import { useDraftDefinition, useScoring } from './editor-context';
import { clamp, withOptional } from './with-optional';
import './editor.css';
import './rules.css';

interface Answerable {
  readonly responses?: string | undefined;
  readonly noteWhenFlagged?: 'optional' | 'required' | undefined;
  readonly photoWhenFlagged?: 'optional' | 'required' | undefined;
  readonly weight?: number | undefined;
}

interface AnswerWithProps<T extends Answerable> {
  readonly part: T;
  /** Zod path of the item or step. */
  readonly path: string;
  readonly update: (fn: (part: T) => T) => void;
}

/**
 * How a checklist item or procedure step is answered: a tick (done), or a response set, the
 * built-in ones by name and the definition's own. With a set: whether a flagged answer needs
 * a note, and (when the definition scores answers) this part's weight.
 */
export function AnswerWith<T extends Answerable>({ part, path, update }: AnswerWithProps<T>) {
  const id = useId();
  const definition = useDraftDefinition();
  const scoring = useScoring();
  const own = definition.responseSets ?? [];
  const set = part.responses === undefined ? undefined : responseSetById(own, part.responses);
  const flags = set?.responses.some((r) => r.flagged) ?? false;
  const setKey = <K extends keyof Answerable>(key: K, value: Answerable[K]) => update((p) => withOptional(p, key as keyof T, value as T[keyof T]));
  return (
    <div className="editor-grid">
      <div className="field">
        <label htmlFor={`${id}-with`}>Answer with</label>
        <select
          id={`${id}-with`}
          data-path={`${path}.responses`}
          value={part.responses ?? ''}
          onChange={(e) =>
            update((p) => {
              const next = withOptional(p, 'responses', (e.target.value === '' ? undefined : e.target.value) as T[keyof T]);
              return e.target.value === '' ? withOptional(withOptional(next, 'noteWhenFlagged', undefined), 'photoWhenFlagged', undefined) : next;
            })
          }
        >
          <option value="">Tick (done)</option>
          <optgroup label="Response sets">
            {BUILT_IN_RESPONSE_SETS.filter((b) => !own.some((o) => o.id === b.id)).map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
            {own.map((o, i) => (
              <option key={o.id} value={o.id}>
                {o.label.trim() === '' ? `Your set ${i + 1} (no name yet)` : o.label}
              </option>
            ))}
          </optgroup>
          {part.responses !== undefined && set === undefined && <option value={part.responses}>A set that no longer exists</option>}
        </select>
      </div>
      {set !== undefined && flags && (
        <div className="field">
          <label htmlFor={`${id}-note`}>Note when flagged</label>
          <select
            id={`${id}-note`}
            data-path={`${path}.noteWhenFlagged`}
            value={part.noteWhenFlagged ?? 'optional'}
            onChange={(e) => setKey('noteWhenFlagged', e.target.value === 'required' ? 'required' : undefined)}
          >
            <option value="optional">Note optional</option>
            <option value="required">Note required</option>
          </select>
        </div>
      )}
      {set !== undefined && flags && (
        <div className="field">
          <label htmlFor={`${id}-photo`}>Photo when flagged</label>
          <select
            id={`${id}-photo`}
            data-path={`${path}.photoWhenFlagged`}
            value={part.photoWhenFlagged ?? ''}
            onChange={(e) => setKey('photoWhenFlagged', e.target.value === 'required' ? 'required' : e.target.value === 'optional' ? 'optional' : undefined)}
          >
            <option value="">No photo asked</option>
            <option value="optional">Photo optional</option>
            <option value="required">Photo required</option>
          </select>
        </div>
      )}
      {set !== undefined && scoring && (
        <div className="field">
          <label htmlFor={`${id}-weight`}>Weight of this answer’s score</label>
          <input
            id={`${id}-weight`}
            data-path={`${path}.weight`}
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            step="any"
            placeholder="1"
            value={part.weight ?? ''}
            onChange={(e) => setKey('weight', e.target.value.trim() === '' || !Number.isFinite(Number(e.target.value)) ? undefined : clamp(Number(e.target.value), 0, 100))}
          />
        </div>
      )}
    </div>
  );
}
