import { useId } from 'react';
import { calculationToExpr, exprToCalculation } from '../../domain/authoring';
import type { Calculation, Operand, Question } from '../../domain/authoring';
import type { Expr } from '../../domain/logic/expr';
import type { FieldKind } from '../../domain';
import './editor.css';
import './rules.css';

/** The calculations offered, by the field kind that can hold their result. */
const CHOICES = [
  { value: 'sum', label: 'Sum of', kinds: ['number'] },
  { value: 'count', label: 'Count of', kinds: ['number'] },
  { value: 'min', label: 'Smallest of', kinds: ['number'] },
  { value: 'max', label: 'Largest of', kinds: ['number'] },
  { value: 'add', label: 'Add two values', kinds: ['number'] },
  { value: 'sub', label: 'Subtract one value from another', kinds: ['number'] },
  { value: 'mul', label: 'Multiply two values', kinds: ['number'] },
  { value: 'div', label: 'Divide one value by another', kinds: ['number'] },
  { value: 'daysBetween', label: 'Days between two dates', kinds: ['number'] },
  { value: 'concat', label: 'Join texts', kinds: ['text', 'textarea'] },
  { value: 'addDays', label: 'A number of days after a date', kinds: ['date'] },
] as const;
type Choice = (typeof CHOICES)[number]['value'];

const choiceOf = (calc: Calculation): Choice => (calc.kind === 'aggregate' || calc.kind === 'arithmetic' ? calc.op : calc.kind);

/** A fresh calculation of the kind chosen, with the first questions that fit. */
function start(choice: Choice, questions: readonly Question[]): Calculation {
  const numbers = questions.filter((q) => q.type === 'number' && !q.column);
  const dates = questions.filter((q) => q.type === 'date' && !q.column);
  const first: Operand = numbers[0] === undefined ? { lit: 0 } : { ref: numbers[0].ref };
  switch (choice) {
    case 'sum':
    case 'count':
    case 'min':
    case 'max':
      return { kind: 'aggregate', op: choice, refs: [] };
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return { kind: 'arithmetic', op: choice, a: first, b: { lit: choice === 'mul' || choice === 'div' ? 1 : 0 } };
    case 'daysBetween':
      return { kind: 'daysBetween', from: dates[0]?.ref ?? '', to: dates[1]?.ref ?? dates[0]?.ref ?? '' };
    case 'addDays':
      return { kind: 'addDays', from: dates[0]?.ref ?? '', days: { lit: 7 } };
    case 'concat':
      return { kind: 'concat', parts: [] };
  }
}

interface CalculationBuilderProps {
  readonly kind: FieldKind;
  readonly value: Expr | undefined;
  readonly onChange: (expr: Expr | undefined) => void;
  readonly questions: readonly Question[];
  readonly path: string;
}

/**
 * A calculated, read-only value from earlier answers: sum/count/min/max of chosen answers or
 * a repeat column, two values added/subtracted/multiplied/divided, days between two dates, a
 * date some days after another, or texts joined. A calculation the builder cannot show is a custom one that can be removed.
 */
export function CalculationBuilder({ kind, value, onChange, questions, path }: CalculationBuilderProps) {
  const id = useId();
  const offered = CHOICES.filter((c) => (c.kinds as readonly string[]).includes(kind));
  if (offered.length === 0 && value === undefined) return null;
  const calc = value === undefined ? undefined : exprToCalculation(value);
  if (value !== undefined && calc === null) {
    return (
      <fieldset className="rule-builder" data-path={path}>
        <legend>Calculated value</legend>
        <p className="rule-custom">Custom calculation (written outside the editor). It is kept as it is; remove it to build one here.</p>
        <button type="button" className="button small danger-outline" onClick={() => onChange(undefined)}>
          Remove custom calculation
        </button>
      </fieldset>
    );
  }
  const write = (next: Calculation): void => {
    // A half-chosen calculation (no dates picked yet) is not written: a ref must name something.
    if ((next.kind === 'daysBetween' && (next.from === '' || next.to === '')) || (next.kind === 'addDays' && next.from === '')) return;
    onChange(calculationToExpr(next));
  };
  return (
    <fieldset className="rule-builder" data-path={path}>
      <legend>Calculated value</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Calculate this answer</label>
        <select
          id={`${id}-kind`}
          value={calc === undefined || calc === null ? '' : choiceOf(calc)}
          onChange={(e) => (e.target.value === '' ? onChange(undefined) : write(start(e.target.value as Choice, questions)))}
        >
          <option value="">No: the crew answers it</option>
          {offered.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {calc !== undefined && calc !== null && <CalculationParts calc={calc} questions={questions} write={write} />}
    </fieldset>
  );
}

function CalculationParts({ calc, questions, write }: { calc: Calculation; questions: readonly Question[]; write: (c: Calculation) => void }) {
  switch (calc.kind) {
    case 'aggregate': {
      const fits = questions.filter((q) => calc.op === 'count' || q.type === 'number');
      if (fits.length === 0) return <p className="field-hint">There are no earlier answers to use.</p>;
      return (
        <fieldset className="part-settings">
          <legend>Of these answers</legend>
          {fits.map((q) => (
            <label key={q.ref} className="check-row editor-check">
              <input
                type="checkbox"
                checked={calc.refs.includes(q.ref)}
                onChange={(e) => write({ ...calc, refs: e.target.checked ? [...calc.refs, q.ref] : calc.refs.filter((r) => r !== q.ref) })}
              />
              <span>{q.column ? `${q.label} (every row)` : q.label}</span>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'arithmetic':
      return (
        <div className="editor-grid">
          <OperandInput label="First value" operand={calc.a} questions={questions} onChange={(a) => write({ ...calc, a })} />
          <OperandInput label="Second value" operand={calc.b} questions={questions} onChange={(b) => write({ ...calc, b })} />
        </div>
      );
    case 'daysBetween': {
      const dates = questions.filter((q) => q.type === 'date' && !q.column);
      if (dates.length === 0) return <p className="field-hint">There are no earlier date questions to use.</p>;
      return (
        <div className="editor-grid">
          {(['from', 'to'] as const).map((end) => (
            <DateSelect key={end} label={end === 'from' ? 'From date' : 'To date'} dates={dates} value={calc[end]} onChange={(ref) => write({ ...calc, [end]: ref })} />
          ))}
        </div>
      );
    }
    case 'addDays': {
      const dates = questions.filter((q) => q.type === 'date' && !q.column);
      if (dates.length === 0) return <p className="field-hint">There are no earlier date questions to use.</p>;
      return (
        <div className="editor-grid">
          <DateSelect label="After the date" dates={dates} value={calc.from} onChange={(from) => write({ ...calc, from })} />
          <OperandInput label="Days" operand={calc.days} questions={questions} onChange={(days) => write({ ...calc, days })} />
        </div>
      );
    }
    case 'concat':
      return (
        <fieldset className="part-settings">
          <legend>Join, in order</legend>
          <ol className="rule-rows">
            {calc.parts.map((part, i) => (
              <li key={i} className="rule-row">
                <OperandInput label={`Part ${i + 1}`} operand={part} questions={questions} text onChange={(p) => write({ ...calc, parts: calc.parts.map((x, j) => (j === i ? p : x)) })} />
                <button type="button" className="button small danger-outline" onClick={() => write({ ...calc, parts: calc.parts.filter((_, j) => j !== i) })}>
                  Remove<span className="visually-hidden"> part {i + 1}</span>
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="button small" onClick={() => write({ ...calc, parts: [...calc.parts, { lit: ' ' }] })}>
            Add a part
          </button>
        </fieldset>
      );
  }
}

/** One option per question, by its reference. */
function QuestionOptions({ questions }: { questions: readonly Question[] }) {
  return (
    <>
      {questions.map((q) => (
        <option key={q.ref} value={q.ref}>
          {q.label}
        </option>
      ))}
    </>
  );
}

/** A choice of one earlier date question. */
function DateSelect({ label, dates, value, onChange }: { label: string; dates: readonly Question[]; value: string; onChange: (ref: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <QuestionOptions questions={dates} />
      </select>
    </div>
  );
}

/** A value in a calculation: an earlier answer, or a constant number (or text, for joins). */
function OperandInput({ label, operand, questions, onChange, text = false }: { label: string; operand: Operand; questions: readonly Question[]; onChange: (o: Operand) => void; text?: boolean }) {
  const id = useId();
  const fits = questions.filter((q) => !q.column && (text || q.type === 'number'));
  const constant = text ? 'Text…' : 'A number…';
  return (
    <div className="field">
      <label htmlFor={`${id}-src`}>{label}</label>
      <select
        id={`${id}-src`}
        value={'ref' in operand ? operand.ref : ''}
        onChange={(e) => onChange(e.target.value === '' ? { lit: text ? '' : 0 } : { ref: e.target.value })}
      >
        <option value="">{constant}</option>
        <QuestionOptions questions={fits} />
      </select>
      {'lit' in operand && (
        <>
          <label htmlFor={`${id}-lit`} className="visually-hidden">
            {label}: {text ? 'text' : 'number'}
          </label>
          {text ? (
            <input id={`${id}-lit`} type="text" maxLength={1000} value={String(operand.lit)} onChange={(e) => onChange({ lit: e.target.value })} />
          ) : (
            <input
              id={`${id}-lit`}
              type="number"
              inputMode="decimal"
              step="any"
              value={typeof operand.lit === 'number' ? operand.lit : 0}
              onChange={(e) => onChange({ lit: Number.isFinite(Number(e.target.value)) ? Number(e.target.value) : 0 })}
            />
          )}
        </>
      )}
    </div>
  );
}
