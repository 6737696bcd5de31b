import { useEffect, useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { insertItem, moveItem, removeItem } from '../../domain/authoring';
import { useEditorNotice } from './notice';
import './editor.css';

/** Functional update of a list, so a late undo applies to the list as it is then. */
export type SetList<T> = (fn: (items: T[]) => T[]) => void;

interface ListEditorProps<T extends { id: string }> {
  readonly items: readonly T[];
  readonly setItems: SetList<T>;
  /** "Field", "Step", "Section", "Item": names each row ("Field 2"). */
  readonly noun: string;
  /** Names the list for assistive tech and the drop target ("Fields of step 1"). */
  readonly label: string;
  /** Zod path of the list (`fields`, `steps.0.fields`): rows carry `data-path` for problem links. */
  readonly path: string;
  readonly make: () => T;
  readonly copy: (item: T) => T;
  /** What a row is called in the undo message ("“Name”"). */
  readonly describe: (item: T) => string;
  readonly renderItem: (item: T, index: number, update: (fn: (item: T) => T) => void) => ReactNode;
}

type FocusTarget = { readonly id: string; readonly what: 'up' | 'down' | 'first' };


const FIRST_INPUT = 'input:not([type="hidden"]), select, textarea';

/**
 * An ordered list of parts with everything done to a row: move up/down (the keyboard way),
 * drag by the handle (HTML5 drag and drop), duplicate, delete with an undo notice, add.
 * Focus follows the row that moved or was added, so a keyboard user keeps their place.
 */
export function ListEditor<T extends { id: string }>({ items, setItems, noun, label, path, make, copy, describe, renderItem }: ListEditorProps<T>) {
  const notice = useEditorNotice();
  const listRef = useRef<HTMLOListElement>(null);
  const [focus, setFocus] = useState<FocusTarget | null>(null);
  const [dropAt, setDropAt] = useState<number | null>(null);
  /** The row of THIS list being dragged: other lists (nested or not) ignore the drag, so a drop lands only where it came from. */
  const dragging = useRef<number | null>(null);
  const lower = noun.toLowerCase();

  useEffect(() => {
    if (focus === null) return;
    const row = listRef.current?.querySelector<HTMLElement>(`:scope > li[data-row="${CSS.escape(focus.id)}"]`);
    if (row === null || row === undefined) return;
    const wanted =
      focus.what === 'first'
        ? row.querySelector<HTMLElement>(FIRST_INPUT)
        : row.querySelector<HTMLButtonElement>(`:scope > fieldset > .row-tools [data-move="${focus.what}"]:not(:disabled)`) ??
          row.querySelector<HTMLButtonElement>(`:scope > fieldset > .row-tools [data-move]:not(:disabled)`);
    wanted?.focus();
  }, [focus, items]);

  const update = (id: string) => (fn: (item: T) => T) => setItems((list) => list.map((x) => (x.id === id ? fn(x) : x)));

  const move = (item: T, index: number, to: number, what: 'up' | 'down'): void => {
    setItems((list) => moveItem(list, list.findIndex((x) => x.id === item.id), to));
    setFocus({ id: item.id, what });
    notice.say(`${noun} ${index + 1} moved to position ${to + 1}.`);
  };

  const duplicate = (item: T): void => {
    const copied = copy(item);
    setItems((list) => insertItem(list, list.findIndex((x) => x.id === item.id) + 1, copied));
    setFocus({ id: copied.id, what: 'first' });
    notice.say(`${noun} duplicated.`);
  };

  const remove = (item: T, index: number): void => {
    setItems((list) => removeItem(list, list.findIndex((x) => x.id === item.id)).list);
    const name = describe(item);
    notice.say(`Deleted ${lower} ${index + 1}${name === '' ? '' : ` ${name}`}.`, () => {
      setItems((list) => (list.some((x) => x.id === item.id) ? list : insertItem(list, index, item)));
      setFocus({ id: item.id, what: 'first' });
    });
  };

  const add = (): void => {
    const item = make();
    setItems((list) => [...list, item]);
    setFocus({ id: item.id, what: 'first' });
  };

  const onDrop = (event: DragEvent, to: number): void => {
    const from = dragging.current;
    if (from === null) return;
    event.preventDefault();
    event.stopPropagation();
    dragging.current = null;
    setDropAt(null);
    const item = items[from];
    if (item === undefined || from === to) return;
    setItems((list) => moveItem(list, from, to));
    notice.say(`${noun} ${from + 1} moved to position ${to + 1}.`);
  };

  return (
    <div className="list-editor">
      <ol className="editor-list" ref={listRef} aria-label={label}>
        {items.map((item, index) => (
          <li
            key={item.id}
            data-row={item.id}
            data-path={`${path}.${index}`}
            className={`editor-row${dropAt === index ? ' is-drop-target' : ''}`}
            onDragOver={(event) => {
              if (dragging.current === null) return;
              event.preventDefault();
              event.stopPropagation();
              event.dataTransfer.dropEffect = 'move';
              if (dropAt !== index) setDropAt(index);
            }}
            onDragLeave={() => setDropAt((at) => (at === index ? null : at))}
            onDrop={(event) => onDrop(event, index)}
          >
            <fieldset className="editor-row-body">
              <legend className="row-legend">
                {noun} {index + 1}
              </legend>
              <div className="row-tools">
                <span
                  className="drag-handle"
                  draggable
                  title={`Drag to reorder (or use Move up / Move down)`}
                  aria-hidden="true"
                  onDragStart={(event) => {
                    event.stopPropagation();
                    dragging.current = index;
                    event.dataTransfer.effectAllowed = 'move';
                    event.dataTransfer.setData('text/plain', `${noun} ${index + 1}`);
                    const row = event.currentTarget.closest('li');
                    if (row !== null) event.dataTransfer.setDragImage(row, 24, 24);
                  }}
                  onDragEnd={() => {
                    dragging.current = null;
                    setDropAt(null);
                  }}
                >
                  ⠿
                </span>
                <button type="button" className="button small" data-move="up" disabled={index === 0} onClick={() => move(item, index, index - 1, 'up')}>
                  Move up<span className="visually-hidden"> {`${lower} ${index + 1}`}</span>
                </button>
                <button
                  type="button"
                  className="button small"
                  data-move="down"
                  disabled={index === items.length - 1}
                  onClick={() => move(item, index, index + 1, 'down')}
                >
                  Move down<span className="visually-hidden"> {`${lower} ${index + 1}`}</span>
                </button>
                <button type="button" className="button small" onClick={() => duplicate(item)}>
                  Duplicate<span className="visually-hidden"> {`${lower} ${index + 1}`}</span>
                </button>
                <button type="button" className="button small danger-outline" onClick={() => remove(item, index)}>
                  Delete<span className="visually-hidden"> {`${lower} ${index + 1}`}</span>
                </button>
              </div>
              {renderItem(item, index, update(item.id))}
            </fieldset>
          </li>
        ))}
      </ol>
      {items.length === 0 && <p className="muted">No {lower}s yet.</p>}
      <button type="button" className="button add-row" onClick={add}>
        Add {lower}
      </button>
    </div>
  );
}
