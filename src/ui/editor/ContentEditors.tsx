import type { ChecklistSection, Field, FormSection, Step } from '../../domain';
import { copyFormSection, copySection, copyStep, emptyFormSection, emptySection, emptyStep } from '../../domain/authoring';
import type { DraftOf } from '../../domain/authoring';
import { FieldList, quoted } from './FieldList';
import { FormSectionEditor } from './FormSectionEditor';
import { newPartId } from './labels';
import { ListEditor } from './ListEditor';
import type { SetList } from './ListEditor';
import { ChecklistSectionEditor, StepEditor } from './PartEditors';
import './editor.css';

type Update<T> = (fn: (draft: T) => T) => void;

export function FormEditor({ draft, update }: { draft: DraftOf<'form'>; update: Update<DraftOf<'form'>> }) {
  // Every setter spreads the definition: its sections, sets and run name stay as they are.
  const setSections: SetList<FormSection> = (fn) =>
    update((d) => {
      const sections = fn(d.definition.sections ?? []);
      const { sections: _old, ...rest } = d.definition;
      return { ...d, definition: sections.length === 0 ? rest : { ...rest, sections } };
    });
  return (
    <>
      <section className="content-editor" aria-labelledby="editor-fields-title">
        <h2 id="editor-fields-title">Fields</h2>
        <p className="field-hint">Fields at the top of the form, before any section.</p>
        <FieldList fields={draft.definition.fields} setFields={(fn) => update((d) => ({ ...d, definition: { ...d.definition, fields: fn(d.definition.fields) } }))} path="fields" label="Fields" />
      </section>
      <section className="content-editor" aria-labelledby="editor-form-sections-title">
        <h2 id="editor-form-sections-title">Sections</h2>
        <p className="field-hint">Pages of a long form. A section can repeat its fields (one row per person, per defect).</p>
        <ListEditor
          items={draft.definition.sections ?? []}
          setItems={setSections}
          noun="Section"
          label="Sections"
          path="sections"
          make={() => emptyFormSection(newPartId)}
          copy={(s) => copyFormSection(s, newPartId)}
          describe={(s) => quoted(s.title)}
          renderItem={(section, index, updateSection) => <FormSectionEditor section={section} path={`sections.${index}`} index={index} update={updateSection} />}
        />
      </section>
    </>
  );
}

export function ProcedureEditor({ draft, update }: { draft: DraftOf<'procedure'>; update: Update<DraftOf<'procedure'>> }) {
  const setSteps: SetList<Step> = (fn) => update((d) => ({ ...d, definition: { ...d.definition, steps: fn(d.definition.steps) } }));
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

export function ChecklistEditor({ draft, update }: { draft: DraftOf<'checklist'>; update: Update<DraftOf<'checklist'>> }) {
  const setSections: SetList<ChecklistSection> = (fn) => update((d) => ({ ...d, definition: { ...d.definition, sections: fn(d.definition.sections) } }));
  const setFields: SetList<Field> = (fn) =>
    update((d) => {
      const fields = fn(d.definition.fields ?? []);
      const { fields: _old, ...rest } = d.definition;
      return { ...d, definition: fields.length === 0 ? rest : { ...rest, fields } };
    });
  return (
    <>
      <section className="content-editor" aria-labelledby="editor-header-fields-title">
        <h2 id="editor-header-fields-title">Questions before the items</h2>
        <p className="field-hint">What the run is about, asked first: the vehicle, the site, the odometer.</p>
        <FieldList fields={draft.definition.fields ?? []} setFields={setFields} path="fields" label="Questions before the items" />
      </section>
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
          renderItem={(section, index, updateSection) => <ChecklistSectionEditor section={section} path={`sections.${index}`} index={index} update={updateSection} />}
        />
      </section>
    </>
  );
}
