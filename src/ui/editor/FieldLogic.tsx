import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { isEvidenceKind } from '../../domain';
import type { Field } from '../../domain';
import type { Question } from '../../domain/authoring';
import { selfQuestion } from '../../domain/rule-questions';
import type { Constraint, Expr, Literal } from '../../domain/logic/expr';
import { CalculationBuilder } from './CalculationBuilder';
import { ConditionBuilder, ValueInput } from './ConditionBuilder';
import { useDraftInfo, useQuestionsBefore } from './editor-context';
import { withOptional } from './with-optional';
import './rules.css';

/** How many rules a part carries, for the summary line of its closed rules panel. */
export function ruleCount(part: { visibleWhen?: Expr | undefined; requiredWhen?: Expr | undefined; constraints?: readonly Constraint[] | undefined; calculate?: Expr | undefined; default?: Expr | undefined }): number {
  return [part.visibleWhen, part.requiredWhen, part.calculate, part.default].filter((x) => x !== undefined).length + (part.constraints?.length ?? 0);
}

interface PartRulesProps {
  readonly path: string;
  readonly visibleWhen: Expr | undefined;
  readonly requiredWhen?: Expr | undefined;
  readonly onVisible: (expr: Expr | undefined) => void;
  /** Absent for sections (they are shown or hidden, never required). */
  readonly onRequired?: (expr: Expr | undefined) => void;
  /** What is shown or hidden: "field", "item", "step", "section". */
  readonly noun: string;
}

/** "Show when…" and "Required when…" of any part, built from the answers before it. */
export function PartRules({ path, visibleWhen, requiredWhen, onVisible, onRequired, noun }: PartRulesProps) {
  const questions = useQuestionsBefore(path);
  return (
    <>
      <ConditionBuilder legend="Show when…" emptyText={`Always shown. Add a condition to show this ${noun} only after certain answers.`} value={visibleWhen} onChange={onVisible} questions={questions} path={`${path}.visibleWhen`} />
      {onRequired !== undefined && (
        <ConditionBuilder legend="Required when…" emptyText="Never required by a condition (the Required box above still applies)." value={requiredWhen} onChange={onRequired} questions={questions} path={`${path}.requiredWhen`} />
      )}
    </>
  );
}

/** The rules panel of a part: closed until opened, open from the start when it has rules. */
export function RulesPanel({ count, children }: { count: number; children: ReactNode }) {
  // Open or closed is the author's from then on: removing the last rule must not fold the panel away.
  const [open, setOpen] = useState(count > 0);
  return (
    <details className="logic-details" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Rules
        <span className="logic-count">{count === 0 ? '(none)' : `(${count})`}</span>
      </summary>
      {children}
    </details>
  );
}

/** A field's rules: show when, required when, checks with the author's message, calculation, default. */
export function FieldLogic({ field, path, update }: { field: Field; path: string; update: (fn: (f: Field) => Field) => void }) {
  const questions = useQuestionsBefore(path);
  const { contentType, definition } = useDraftInfo();
  const self = selfQuestion(contentType, definition, path);
  const set = <K extends keyof Field>(key: K, value: Field[K] | undefined) => update((f) => withOptional(f, key, value));
  return (
    <RulesPanel count={ruleCount(field)}>
      <PartRules path={path} noun="field" visibleWhen={field.visibleWhen} requiredWhen={field.requiredWhen} onVisible={(e) => set('visibleWhen', e)} onRequired={(e) => set('requiredWhen', e)} />
      <Constraints field={field} path={path} questions={self === undefined ? questions : [self, ...questions]} onChange={(c) => set('constraints', c.length === 0 ? undefined : c)} />
      {/* Photos, files, signatures and locations are captured, never calculated or defaulted. */}
      {!isEvidenceKind(field.kind) && (
        <CalculationBuilder kind={field.kind} value={field.calculate} onChange={(e) => set('calculate', e)} questions={questions} path={`${path}.calculate`} />
      )}
      {field.calculate === undefined && !isEvidenceKind(field.kind) && <DefaultValue field={field} path={path} onChange={(e) => set('default', e)} />}
    </RulesPanel>
  );
}

function Constraints({ field, path, questions, onChange }: { field: Field; path: string; questions: readonly Question[]; onChange: (c: Constraint[]) => void }) {
  const id = useId();
  const list = field.constraints ?? [];
  const first = questions[0];
  return (
    <fieldset className="rule-builder" data-path={`${path}.constraints`}>
      <legend>Checks on the answer</legend>
      {list.length === 0 && <p className="field-hint">No checks. A check refuses an answer with your message when it does not hold.</p>}
      <ol className="rule-rows">
        {list.map((c, i) => (
          <li key={i} data-path={`${path}.constraints.${i}`}>
            <ConditionBuilder
              legend={`Check ${i + 1}: accept the answer when…`}
              emptyText="Add a condition."
              value={c.check}
              onChange={(check) => onChange(check === undefined ? list.filter((_, j) => j !== i) : list.map((x, j) => (j === i ? { ...x, check } : x)))}
              questions={questions}
              path={`${path}.constraints.${i}.check`}
            />
            <div className="field">
              <label htmlFor={`${id}-m${i}`}>Message when check {i + 1} fails</label>
              <input id={`${id}-m${i}`} data-path={`${path}.constraints.${i}.message`} type="text" maxLength={200} value={c.message} onChange={(e) => onChange(list.map((x, j) => (j === i ? { ...x, message: e.target.value } : x)))} />
            </div>
            <button type="button" className="button small danger-outline" onClick={() => onChange(list.filter((_, j) => j !== i))}>
              Remove check {i + 1}
            </button>
          </li>
        ))}
      </ol>
      {first !== undefined && (
        <button
          type="button"
          className="button small"
          onClick={() => onChange([...list, { check: { op: 'and', args: [{ op: 'answered', args: [{ ref: first.ref }] }] }, message: '' }])}
        >
          Add a check
        </button>
      )}
    </fieldset>
  );
}

/** The value read while nobody has answered: a constant of the field's own kind. */
function DefaultValue({ field, path, onChange }: { field: Field; path: string; onChange: (e: Expr | undefined) => void }) {
  const id = useId();
  const current = field.default;
  if (current !== undefined && !('lit' in current)) {
    return (
      <div className="field" data-path={`${path}.default`}>
        <p className="rule-custom">Custom default value (written outside the editor), kept as it is.</p>
        <button type="button" className="button small danger-outline" onClick={() => onChange(undefined)}>
          Remove custom default
        </button>
      </div>
    );
  }
  if (field.kind === 'multiselect') return null;
  const type = field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : field.kind === 'select' ? 'choice' : field.kind === 'checkbox' ? 'boolean' : 'text';
  const question: Question = { ref: field.id, label: field.label, type, column: false, ...(field.options === undefined ? {} : { options: field.options.filter((o) => o.trim() !== '').map((o) => ({ value: o, label: o })) }) };
  const value: Literal | undefined = current === undefined ? undefined : current.lit;
  const write = (lit: Literal): void => onChange(lit === null || lit === '' ? undefined : { lit });
  return (
    <div className="field" data-path={`${path}.default`}>
      <label htmlFor={`${id}-default`}>Default value (optional)</label>
      {field.kind === 'checkbox' || field.kind === 'select' ? (
        <select id={`${id}-default`} value={value === undefined || value === null ? '' : String(value)} onChange={(e) => write(e.target.value === '' ? null : field.kind === 'checkbox' ? e.target.value === 'true' : e.target.value)}>
          <option value="">No default</option>
          {field.kind === 'checkbox' ? (
            <>
              <option value="true">Ticked</option>
              <option value="false">Not ticked</option>
            </>
          ) : (
            question.options?.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))
          )}
        </select>
      ) : (
        <ValueInput id={`${id}-default`} question={question} value={value} onChange={write} />
      )}
    </div>
  );
}

