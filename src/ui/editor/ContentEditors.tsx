import { useId } from 'react';
import type { ChecklistItem, ChecklistSection, Field, Step } from '../../domain';
import { copyChecklistItem, copyField, copySection, copyStep, emptyChecklistItem, emptyField, emptySection, emptyStep } from '../../domain/authoring';
import type { DraftOf } from '../../domain/authoring';
import { FieldEditor, withOptional } from './FieldEditor';
import { newPartId } from './labels';
import { ListEditor } from './ListEditor';
import type { SetList } from './ListEditor';
import './editor.css';

type Update<T> = (fn: (draft: T) => T) => void;

const quoted = (text: string): string => (text.trim() === '' ? '' : `“${text.trim()}”`);

function FieldList({ fields, setFields, path, label }: { fields: readonly Field[]; setFields: SetList<Field>; path: string; label: string }) {
  return (
    <ListEditor
      items={fields}
      setItems={setFields}
      noun="Field"
      label={label}
      path={path}
      make={() => emptyField(newPartId)}
      copy={(f) => copyField(f, newPartId)}
      describe={(f) => quoted(f.label)}
      renderItem={(field, index, update) => <FieldEditor field={field} path={`${path}.${index}`} update={update} />}
    />
  );
}

export function FormEditor({ draft, update }: { draft: DraftOf<'form'>; update: Update<DraftOf<'form'>> }) {
  return (
    <section className="content-editor" aria-labelledby="editor-fields-title">
      <h2 id="editor-fields-title">Fields</h2>
      <FieldList
        fields={draft.definition.fields}
        setFields={(fn) => update((d) => ({ ...d, definition: { fields: fn(d.definition.fields) } }))}
        path="fields"
        label="Fields"
      />
    </section>
  );
}

export function ProcedureEditor({ draft, update }: { draft: DraftOf<'procedure'>; update: Update<DraftOf<'procedure'>> }) {
  const setSteps: SetList<Step> = (fn) => update((d) => ({ ...d, definition: { steps: fn(d.definition.steps) } }));
  return (
    <section className="content-editor" aria-labelledby="editor-steps-title">
      <h2 id="editor-steps-title">Steps</h2>
      <ListEditor
        items={draft.definition.steps}
        setItems={setSteps}
        noun="Step"
        label="Steps"
        path="steps"
        make={() => emptyStep(newPartId)}
        copy={(s) => copyStep(s, newPartId)}
        describe={(s) => quoted(s.title)}
        renderItem={(step, index, updateStep) => <StepEditor step={step} path={`steps.${index}`} index={index} update={updateStep} />}
      />
    </section>
  );
}

function StepEditor({ step, path, index, update }: { step: Step; path: string; index: number; update: (fn: (s: Step) => Step) => void }) {
  const id = useId();
  return (
    <div className="step-editor">
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} data-path={`${path}.title`} type="text" value={step.title} autoComplete="off" onChange={(e) => update((s) => ({ ...s, title: e.target.value }))} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Instructions (optional)</label>
        <textarea
          id={`${id}-body`}
          data-path={`${path}.body`}
          rows={3}
          value={step.body ?? ''}
          onChange={(e) => update((s) => withOptional(s, 'body', e.target.value === '' ? undefined : e.target.value))}
        />
      </div>
      <label className="check-row editor-check">
        <input type="checkbox" data-path={`${path}.required`} checked={step.required} onChange={(e) => update((s) => ({ ...s, required: e.target.checked }))} />
        <span>Required step</span>
      </label>
      <div className="step-fields">
        <h3 className="step-fields-title">Inputs on step {index + 1}</h3>
        <FieldList
          fields={step.fields ?? []}
          setFields={(fn) => update((s) => ({ ...s, fields: fn(s.fields ?? []) }))}
          path={`${path}.fields`}
          label={`Inputs on step ${index + 1}`}
        />
      </div>
    </div>
  );
}

export function ChecklistEditor({ draft, update }: { draft: DraftOf<'checklist'>; update: Update<DraftOf<'checklist'>> }) {
  const setSections: SetList<ChecklistSection> = (fn) => update((d) => ({ ...d, definition: { sections: fn(d.definition.sections) } }));
  return (
    <section className="content-editor" aria-labelledby="editor-sections-title">
      <h2 id="editor-sections-title">Sections</h2>
      <ListEditor
        items={draft.definition.sections}
        setItems={setSections}
        noun="Section"
        label="Sections"
        path="sections"
        make={() => emptySection(newPartId)}
        copy={(s) => copySection(s, newPartId)}
        describe={(s) => quoted(s.title)}
        renderItem={(section, index, updateSection) => (
          <SectionEditor section={section} path={`sections.${index}`} index={index} update={updateSection} />
        )}
      />
    </section>
  );
}

function SectionEditor({ section, path, index, update }: { section: ChecklistSection; path: string; index: number; update: (fn: (s: ChecklistSection) => ChecklistSection) => void }) {
  const id = useId();
  return (
    <div className="section-editor">
      <div className="field">
        <label htmlFor={`${id}-title`}>Section title</label>
        <input id={`${id}-title`} data-path={`${path}.title`} type="text" value={section.title} autoComplete="off" onChange={(e) => update((s) => ({ ...s, title: e.target.value }))} />
      </div>
      <ListEditor
        items={section.items}
        setItems={(fn) => update((s) => ({ ...s, items: fn(s.items) }))}
        noun="Item"
        label={`Items in section ${index + 1}`}
        path={`${path}.items`}
        make={() => emptyChecklistItem(newPartId)}
        copy={(i) => copyChecklistItem(i, newPartId)}
        describe={(i) => quoted(i.label)}
        renderItem={(item, itemIndex, updateItem) => <ItemEditor item={item} path={`${path}.items.${itemIndex}`} update={updateItem} />}
      />
    </div>
  );
}

function ItemEditor({ item, path, update }: { item: ChecklistItem; path: string; update: (fn: (i: ChecklistItem) => ChecklistItem) => void }) {
  const id = useId();
  return (
    <div className="item-editor">
      <div className="field">
        <label htmlFor={`${id}-label`}>Label</label>
        <input id={`${id}-label`} data-path={`${path}.label`} type="text" value={item.label} autoComplete="off" onChange={(e) => update((i) => ({ ...i, label: e.target.value }))} />
      </div>
      <label className="check-row editor-check">
        <input type="checkbox" data-path={`${path}.required`} checked={item.required} onChange={(e) => update((i) => ({ ...i, required: e.target.checked }))} />
        <span>Required item</span>
      </label>
    </div>
  );
}
