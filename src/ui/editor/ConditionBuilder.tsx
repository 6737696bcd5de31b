import { useId } from 'react';
import { conditionToExpr, exprToCondition, firstValue, newRow, TEST_LABEL, testNeedsValue, testsFor } from '../../domain/authoring';
import type { Combine, Condition, ConditionRow, Question, Test } from '../../domain/authoring';
import type { Expr, Literal } from '../../domain/logic/expr';
import './editor.css';
import './rules.css';

interface ConditionBuilderProps {
  /** "Show when…", "Required when…", "Accept the answer when…". */
  readonly legend: string;
  /** Said when there is no condition: "Always shown." */
  readonly emptyText: string;
  readonly value: Expr | undefined;
  readonly onChange: (expr: Expr | undefined) => void;
  readonly questions: readonly Question[];
  /** Zod path of the rule (`fields.2.visibleWhen`), so a publish problem focuses it. */
  readonly path: string;
}

/**
 * A rule as rows of [question][test][value], combined with "all of these" or "any of these":
 * no JSON typing. A rule the rows cannot show (an imported file's own) is shown as a custom
 * rule that can only be removed, so it is never lost or rewritten by accident.
 */
export function ConditionBuilder({ legend, emptyText, value, onChange, questions, path }: ConditionBuilderProps) {
  const id = useId();
  const condition = exprToCondition(value);
  const choosable = questions.filter((q) => !q.column);

  if (condition === null) {
    return (
      <fieldset className="rule-builder" data-path={path}>
        <legend>{legend}</legend>
        <p className="rule-custom">Custom rule (written outside the editor). It is kept as it is; remove it to build one here.</p>
        <button type="button" className="button small danger-outline" onClick={() => onChange(undefined)}>
          Remove custom rule<span className="visually-hidden"> from {legend}</span>
        </button>
      </fieldset>
    );
  }

  const write = (next: Condition): void => onChange(conditionToExpr(next));
  const setRow = (index: number, row: ConditionRow): void => write({ ...condition, rows: condition.rows.map((r, i) => (i === index ? row : r)) });
  const add = (): void => {
    const first = choosable[0];
    if (first !== undefined) write({ ...condition, rows: [...condition.rows, newRow(first)] });
  };

  return (
    <fieldset className="rule-builder" data-path={path}>
      <legend>{legend}</legend>
      {condition.rows.length === 0 && <p className="field-hint">{emptyText}</p>}
      {condition.rows.length > 1 && (
        <div className="field rule-combine">
          <label htmlFor={`${id}-combine`}>Holds when</label>
          <select id={`${id}-combine`} value={condition.combine} onChange={(e) => write({ ...condition, combine: e.target.value as Combine })}>
            <option value="all">all of these are true</option>
            <option value="any">any of these is true</option>
          </select>
        </div>
      )}
      <ol className="rule-rows">
        {condition.rows.map((row, index) => (
          <li key={index} className="rule-row">
            <RowEditor row={row} index={index} questions={choosable} onChange={(next) => setRow(index, next)} />
            <button type="button" className="button small danger-outline" onClick={() => write({ ...condition, rows: condition.rows.filter((_, i) => i !== index) })}>
              Remove<span className="visually-hidden"> condition {index + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      {choosable.length === 0 ? (
        <p className="field-hint">There are no earlier questions to base this on. Rules ask about answers that come before this part.</p>
      ) : (
        <button type="button" className="button small" onClick={add}>
          Add a condition<span className="visually-hidden"> to {legend}</span>
        </button>
      )}
    </fieldset>
  );
}

function RowEditor({ row, index, questions, onChange }: { row: ConditionRow; index: number; questions: readonly Question[]; onChange: (row: ConditionRow) => void }) {
  const id = useId();
  const question = questions.find((q) => q.ref === row.ref);
  const tests = question === undefined ? [row.test] : testsFor(question.type);
  const pickQuestion = (ref: string): void => {
    const next = questions.find((q) => q.ref === ref);
    if (next === undefined) return;
    const test = testsFor(next.type).includes(row.test) ? row.test : (testsFor(next.type)[0] ?? 'answered');
    onChange(testNeedsValue(test) ? { ref, test, value: firstValue(next) } : { ref, test });
  };
  const pickTest = (test: Test): void => {
    if (!testNeedsValue(test)) onChange({ ref: row.ref, test });
    else onChange({ ref: row.ref, test, value: testNeedsValue(row.test) ? (row.value ?? null) : firstValue(question) });
  };
  return (
    <div className="rule-row-controls">
      <div className="field">
        <label htmlFor={`${id}-q`}>Question {index + 1}</label>
        <select id={`${id}-q`} value={row.ref} onChange={(e) => pickQuestion(e.target.value)}>
          {question === undefined && <option value={row.ref}>Not an earlier question ({row.ref})</option>}
          {questions.map((q) => (
            <option key={q.ref} value={q.ref}>
              {q.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-t`}>Test {index + 1}</label>
        <select id={`${id}-t`} value={row.test} onChange={(e) => pickTest(e.target.value as Test)}>
          {tests.map((t) => (
            <option key={t} value={t}>
              {TEST_LABEL[t]}
            </option>
          ))}
        </select>
      </div>
      {testNeedsValue(row.test) && (
        <div className="field">
          <label htmlFor={`${id}-v`}>Value {index + 1}</label>
          <ValueInput id={`${id}-v`} question={question} value={row.value} onChange={(value) => onChange({ ...row, value })} />
        </div>
      )}
    </div>
  );
}

/** The value to compare with: a select for choices and ticks, a number, date or text input otherwise. */
export function ValueInput({ id, question, value, onChange }: { id: string; question: Question | undefined; value: Literal | undefined; onChange: (value: Literal) => void }) {
  const type = question?.type;
  if ((type === 'choice' || type === 'list') && question?.options !== undefined && question.options.length > 0) {
    return (
      <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)}>
        {typeof value !== 'string' && <option value="">Choose…</option>}
        {question.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  if (type === 'boolean') {
    return (
      <select id={id} value={value === false ? 'false' : 'true'} onChange={(e) => onChange(e.target.value === 'true')}>
        <option value="true">ticked (done)</option>
        <option value="false">not ticked</option>
      </select>
    );
  }
  if (type === 'number') {
    return (
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step="any"
        value={typeof value === 'number' ? value : ''}
        onChange={(e) => onChange(e.target.value.trim() === '' || !Number.isFinite(Number(e.target.value)) ? null : Number(e.target.value))}
      />
    );
  }
  if (type === 'date') return <input id={id} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />;
  return <input id={id} type="text" autoComplete="off" maxLength={1000} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
}
