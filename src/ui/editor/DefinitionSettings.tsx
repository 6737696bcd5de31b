import { useId, useRef } from 'react';
import { RESPONSE_COLOURS } from '../../domain';
import type { ContentType, Definition, Response, ResponseColour, ResponseSet } from '../../domain';
import { emptyResponse, emptyResponseSet, titleExample, titleKeys } from '../../domain/authoring';
import { newPartId } from './labels';
import { ListEditor } from './ListEditor';
import { clamp, withOptional } from './with-optional';
import './editor.css';
import './rules.css';

const COLOUR_LABEL: Record<ResponseColour, string> = { green: 'Green', red: 'Red', amber: 'Amber', grey: 'Grey', blue: 'Blue' };
const quoted = (text: string): string => (text.trim() === '' ? '' : `“${text.trim()}”`);

interface DefinitionSettingsProps {
  readonly contentType: ContentType;
  readonly definition: Definition;
  readonly update: (fn: (definition: Definition) => Definition) => void;
}

/** What the whole definition says: scoring, how a run names itself, and (items and steps) the author's own response sets. */
export function DefinitionSettings({ contentType, definition, update }: DefinitionSettingsProps) {
  const id = useId();
  const answers = contentType !== 'form';
  return (
    <section className="panel content-editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Answers and run names</h2>
      {answers && (
        <div className="field">
          <label className="check-row editor-check">
            <input
              type="checkbox"
              data-path="scoring"
              aria-describedby={`${id}-scoring-hint`}
              checked={definition.scoring === true}
              onChange={(e) => update((d) => withOptional(d, 'scoring', e.target.checked ? true : undefined))}
            />
            <span>Score answers</span>
          </label>
          <p id={`${id}-scoring-hint`} className="field-hint">
            Each response’s score counts, weighted per {contentType === 'checklist' ? 'item' : 'step'}; the run shows its score and percentage.
          </p>
        </div>
      )}
      <RunName contentType={contentType} definition={definition} update={update} />
      {answers && (
        <div className="response-sets">
          <h3>Your response sets</h3>
          <p className="field-hint">Pass / Fail / N/A, Yes / No / N/A, Safe / At risk / N/A and Good / Fair / Poor are always there. Add your own here.</p>
          <ListEditor<ResponseSet>
            items={definition.responseSets ?? []}
            setItems={(fn) => update((d) => { const sets = fn(d.responseSets ?? []); return withOptional(d, 'responseSets', sets.length === 0 ? undefined : sets); })}
            noun="Response set"
            label="Your response sets"
            path="responseSets"
            make={() => emptyResponseSet(newPartId)}
            copy={(s) => ({ ...s, id: newPartId(), responses: s.responses.map((r) => ({ ...r, id: newPartId() })) })}
            describe={(s) => quoted(s.label)}
            renderItem={(set, index, updateSet) => <ResponseSetEditor set={set} path={`responseSets.${index}`} update={updateSet} />}
          />
        </div>
      )}
    </section>
  );
}

function RunName({ contentType, definition, update }: DefinitionSettingsProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const keys = titleKeys(contentType, definition);
  const template = definition.titleTemplate ?? '';
  const insert = (key: string): void => {
    const el = input.current;
    const at = el?.selectionStart ?? template.length;
    const end = el?.selectionEnd ?? at;
    const next = `${template.slice(0, at)}{${key}}${template.slice(end)}`;
    update((d) => withOptional(d, 'titleTemplate', next));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + key.length + 2, at + key.length + 2);
    });
  };
  return (
    <div className="run-name">
      <div className="field">
        <label htmlFor={`${id}-template`}>Name each run from its answers (optional)</label>
        <p id={`${id}-hint`} className="field-hint">
          Words in braces are answers, e.g. <code>{'{vehicle} — {site}'}</code>. Empty: each run is named after the document.
        </p>
        <input
          id={`${id}-template`}
          ref={input}
          data-path="titleTemplate"
          aria-describedby={`${id}-hint`}
          type="text"
          maxLength={200}
          autoComplete="off"
          value={template}
          onChange={(e) => update((d) => withOptional(d, 'titleTemplate', e.target.value === '' ? undefined : e.target.value))}
        />
      </div>
      {keys.length > 0 ? (
        <div className="insert-keys" role="group" aria-label="Insert an answer into the run name">
          {keys.map((k) => (
            <button key={k.key} type="button" className="button small" onClick={() => insert(k.key)}>
              Insert “{k.label}”
            </button>
          ))}
        </div>
      ) : (
        <p className="field-hint">Add questions (fields{contentType === 'checklist' ? ' before the items' : ''}) to name runs from their answers.</p>
      )}
      {template.trim() !== '' && (
        <p className="run-name-example" aria-live="polite">
          Example: <strong>{titleExample(template, keys)}</strong>
        </p>
      )}
    </div>
  );
}

function ResponseSetEditor({ set, path, update }: { set: ResponseSet; path: string; update: (fn: (s: ResponseSet) => ResponseSet) => void }) {
  const id = useId();
  return (
    <div>
      <div className="field">
        <label htmlFor={`${id}-label`}>Name of the set</label>
        <input id={`${id}-label`} data-path={`${path}.label`} type="text" maxLength={100} value={set.label} autoComplete="off" onChange={(e) => update((s) => ({ ...s, label: e.target.value }))} />
      </div>
      <ListEditor<Response>
        items={set.responses}
        setItems={(fn) => update((s) => ({ ...s, responses: fn(s.responses) }))}
        noun="Response"
        label={`Responses of ${set.label.trim() === '' ? 'this set' : set.label}`}
        path={`${path}.responses`}
        make={() => emptyResponse(newPartId)}
        copy={(r) => ({ ...r, id: newPartId() })}
        describe={(r) => quoted(r.label)}
        renderItem={(response, index, updateResponse) => <ResponseEditor response={response} path={`${path}.responses.${index}`} update={updateResponse} />}
      />
    </div>
  );
}

function ResponseEditor({ response, path, update }: { response: Response; path: string; update: (fn: (r: Response) => Response) => void }) {
  const id = useId();
  return (
    <div className="response-row">
      <div className="field">
        <label htmlFor={`${id}-label`}>Label</label>
        <input id={`${id}-label`} data-path={`${path}.label`} type="text" maxLength={60} value={response.label} autoComplete="off" onChange={(e) => update((r) => ({ ...r, label: e.target.value }))} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-colour`}>Colour</label>
        <div className="colour-pick">
          <span className={`swatch swatch-${response.colour}`} aria-hidden="true" />
          <select id={`${id}-colour`} data-path={`${path}.colour`} value={response.colour} onChange={(e) => update((r) => ({ ...r, colour: e.target.value as ResponseColour }))}>
            {RESPONSE_COLOURS.map((c) => (
              <option key={c} value={c}>
                {COLOUR_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-score`}>Score (optional)</label>
        <input
          id={`${id}-score`}
          data-path={`${path}.score`}
          type="number"
          inputMode="decimal"
          min={0}
          max={100}
          step="any"
          value={response.score ?? ''}
          onChange={(e) => update((r) => withOptional(r, 'score', e.target.value.trim() === '' || !Number.isFinite(Number(e.target.value)) ? undefined : clamp(Number(e.target.value), 0, 100)))}
        />
      </div>
      <label className="check-row editor-check">
        <input type="checkbox" data-path={`${path}.flagged`} checked={response.flagged} onChange={(e) => update((r) => ({ ...r, flagged: e.target.checked }))} />
        <span>Flagged (a finding)</span>
      </label>
    </div>
  );
}
