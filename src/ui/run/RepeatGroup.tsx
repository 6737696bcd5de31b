import { useEffect, useRef, useState } from 'react';
import { newRowId } from '../../completion';
import { pluralOf, rowNoun, rowValueKey } from '../../domain';
import type { Field, LogicState, Repeat } from '../../domain';
import { plural } from '../shared/format';
import { FieldInput } from './FieldInput';
import { strandedRows } from './stranded-rows';
import type { OpenRun } from './use-run';
import './logic.css';

export interface RepeatGroupProps {
  readonly run: OpenRun;
  /** The group's key: the form section id or the procedure step id. */
  readonly group: string;
  readonly repeat: Repeat;
  /** The fields of one row. */
  readonly fields: readonly Field[];
  readonly logic: LogicState;
  readonly readOnly: boolean;
  readonly forceErrors: boolean;
  readonly userId: string;
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "At least 2 and at most 5 defects." — the limits, said before anyone hits them. */
function limitsText(repeat: Repeat, noun: string): string | undefined {
  const { min, max } = repeat;
  if (min !== undefined && min > 0 && max !== undefined) return `At least ${min} and at most ${plural(max, noun, pluralOf(noun))}.`;
  if (min !== undefined && min > 0) return `At least ${plural(min, noun, pluralOf(noun))}.`;
  if (max !== undefined) return `At most ${plural(max, noun, pluralOf(noun))}.`;
  return undefined;
}

/**
 * A repeat group's rows (a form section's or a procedure step's): each row a numbered card with
 * its fields, moved up or down by buttons (keyboard friendly), deleted softly with an Undo;
 * rows added here at the end, up to the group's max. A count-driven group shows the rows the
 * count answer asks for and nothing to add or delete. Rows deleted while another device was
 * still writing in them are offered back, so no answer is stranded.
 */
export function RepeatGroup({ run, group, repeat, fields, logic, readOnly, forceErrors, userId }: RepeatGroupProps) {
  const model = run.session.model;
  const rows = logic.rowsOf(group);
  const counted = repeat.countFrom !== undefined;
  const noun = rowNoun(repeat);
  const listRef = useRef<HTMLOListElement>(null);
  const moves = useRef(0);
  /** A row to put focus in once it has rendered (just added, or moved); cleared once done. */
  const pendingFocus = useRef<{ readonly row: string; readonly control: 'field' | 'up' | 'down' } | null>(null);
  const setFocus = (request: { readonly row: string; readonly control: 'field' | 'up' | 'down' }): void => {
    pendingFocus.current = request;
  };
  const [deleted, setDeleted] = useState<{ readonly row: string; readonly number: number } | null>(null);
  const editable = !readOnly && !counted;
  const atMax = repeat.max !== undefined && rows.length >= repeat.max;

  // After every render: once the row asked for is there (an added row appears when its edit is
  // applied), put focus in it, once.
  useEffect(() => {
    const focus = pendingFocus.current;
    if (focus === null) return;
    const card = listRef.current?.querySelector<HTMLElement>(`[data-row="${CSS.escape(focus.row)}"]`);
    if (card === null || card === undefined) return;
    pendingFocus.current = null;
    const target = focus.control === 'field' ? card.querySelector<HTMLElement>('input, select, textarea') : card.querySelector<HTMLElement>(`[data-move="${focus.control}"]:not(:disabled)`);
    (target ?? card.querySelector<HTMLElement>('button:not(:disabled)'))?.focus();
  });

  const add = (): void => {
    const rowId = newRowId();
    run.tracker.save(`rows:${group}:${rowId}:add`, () => ({ kind: 'row-add', group, rowId }));
    setFocus({ row: rowId, control: 'field' });
  };

  const move = (rowId: string, by: -1 | 1): void => {
    moves.current += 1;
    // Each press is its own edit (a key of its own, so none replaces another), worked out when
    // it runs from the rows as they are then, so quick presses add up.
    run.tracker.save(`rows:${group}:${rowId}:move:${moves.current}`, () => {
      const live = model.liveRows(group);
      const at = live.indexOf(rowId);
      const before = by === -1 ? live[at - 1] : live[at + 2];
      return { kind: 'row-move', group, rowId, before: before ?? null };
    });
    setFocus({ row: rowId, control: by === -1 ? 'up' : 'down' });
  };

  const remove = (rowId: string, number: number): void => {
    run.tracker.save(`rows:${group}:${rowId}:deleted`, () => ({ kind: 'row-delete', group, rowId }));
    setDeleted({ row: rowId, number });
  };

  const restore = (rowIds: readonly string[]): void => {
    for (const rowId of rowIds) run.tracker.save(`rows:${group}:${rowId}:deleted`, () => ({ kind: 'row-restore', group, rowId }));
    setDeleted(null);
    const first = rowIds[0];
    if (first !== undefined) setFocus({ row: first, control: 'field' });
  };

  const stranded = counted ? [] : strandedRows(model, group, fields).filter((row) => row !== deleted?.row);
  const limits = counted ? undefined : limitsText(repeat, noun);

  return (
    <div className="repeat-group" data-anchor={group}>
      {limits !== undefined && <p className="repeat-limits">{limits}</p>}
      {deleted !== null && !readOnly && (
        <p className="notice repeat-undo" role="status">
          {capitalise(noun)} {deleted.number} deleted.{' '}
          <button type="button" className="button" onClick={() => restore([deleted.row])}>
            Undo
          </button>
        </p>
      )}
      {stranded.length > 0 && !readOnly && (
        <p className="notice repeat-stranded" role="status">
          {plural(stranded.length, `deleted ${noun}`, `deleted ${pluralOf(noun)}`)} {stranded.length === 1 ? 'has' : 'have'} answers written on another device.{' '}
          <button type="button" className="button" onClick={() => restore(stranded)}>
            Restore
          </button>
        </p>
      )}
      <ol className="repeat-rows" ref={listRef}>
        {rows.map((row, i) => {
          const title = `${capitalise(noun)} ${i + 1}`;
          const headingId = `row-${group}-${row}`;
          return (
            <li key={row} className="repeat-row" data-row={row}>
              <section aria-labelledby={headingId}>
                <div className="repeat-row-head">
                  <h3 id={headingId}>{title}</h3>
                  {editable && (
                    <div className="repeat-row-tools">
                      <button type="button" className="button" data-move="up" disabled={i === 0} aria-label={`Move ${title} up`} onClick={() => move(row, -1)}>
                        Move up
                      </button>
                      <button type="button" className="button" data-move="down" disabled={i === rows.length - 1} aria-label={`Move ${title} down`} onClick={() => move(row, 1)}>
                        Move down
                      </button>
                      <button type="button" className="button" aria-label={`Delete ${title}`} onClick={() => remove(row, i + 1)}>
                        Delete
                      </button>
                    </div>
                  )}
                </div>
                {fields.map((field) => {
                  const key = rowValueKey(group, row, field.id);
                  return <FieldInput key={key} run={run} field={field} valueKey={key} readOnly={readOnly} forceErrors={forceErrors} userId={userId} logic={logic} />;
                })}
              </section>
            </li>
          );
        })}
      </ol>
      {rows.length === 0 && <p className="muted">{counted ? `No ${pluralOf(noun)} yet: they follow the number answered above.` : `No ${pluralOf(noun)} yet.`}</p>}
      {editable && (
        <button type="button" className="button large repeat-add" disabled={atMax} {...(atMax ? { 'aria-describedby': `${group}-max` } : {})} onClick={add}>
          {repeat.addLabel ?? 'Add row'}
        </button>
      )}
      {editable && atMax && (
        <p id={`${group}-max`} className="muted">
          This group has the most {pluralOf(noun)} it allows.
        </p>
      )}
    </div>
  );
}
