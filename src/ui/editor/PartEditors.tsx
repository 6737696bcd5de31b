import { useId } from 'react';
import type { ChecklistItem, ChecklistSection, Step } from '../../domain';
import { copyChecklistItem, emptyChecklistItem } from '../../domain/authoring';
import { AnswerWith } from './AnswerWith';
import { FieldList, quoted } from './FieldList';
import { PartRules, ruleCount, RulesPanel } from './FieldLogic';
import { newPartId } from './labels';
import { ListEditor } from './ListEditor';
import { RepeatSettings } from './RepeatSettings';
import { withOptional } from './with-optional';
import './editor.css';

/** A procedure step: title, instructions, how it is answered, its rules, its inputs (which may repeat). */
export function StepEditor({ step, path, index, update }: { step: Step; path: string; index: number; update: (fn: (s: Step) => Step) => void }) {
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
      <AnswerWith part={step} path={path} update={update} />
      <RulesPanel count={ruleCount(step)}>
        <PartRules
          path={path}
          noun="step"
          visibleWhen={step.visibleWhen}
          requiredWhen={step.requiredWhen}
          onVisible={(e) => update((s) => withOptional(s, 'visibleWhen', e))}
          onRequired={(e) => update((s) => withOptional(s, 'requiredWhen', e))}
        />
      </RulesPanel>
      <div className="step-fields">
        <h3 className="step-fields-title">Inputs on step {index + 1}</h3>
        <RepeatSettings repeat={step.repeat} onChange={(r) => update((s) => withOptional(s, 'repeat', r))} path={path} label="Repeat this step’s fields (the crew adds rows)" />
        <FieldList fields={step.fields ?? []} setFields={(fn) => update((s) => ({ ...s, fields: fn(s.fields ?? []) }))} path={`${path}.fields`} label={`Inputs on step ${index + 1}`} />
      </div>
    </div>
  );
}

/** A checklist section: title, when it shows, and its items. */
export function ChecklistSectionEditor({ section, path, index, update }: { section: ChecklistSection; path: string; index: number; update: (fn: (s: ChecklistSection) => ChecklistSection) => void }) {
  const id = useId();
  return (
    <div className="section-editor">
      <div className="field">
        <label htmlFor={`${id}-title`}>Section title</label>
        <input id={`${id}-title`} data-path={`${path}.title`} type="text" value={section.title} autoComplete="off" onChange={(e) => update((s) => ({ ...s, title: e.target.value }))} />
      </div>
      <RulesPanel count={ruleCount(section)}>
        <PartRules path={path} noun="section" visibleWhen={section.visibleWhen} onVisible={(e) => update((s) => withOptional(s, 'visibleWhen', e))} />
      </RulesPanel>
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
      <AnswerWith part={item} path={path} update={update} />
      <RulesPanel count={ruleCount(item)}>
        <PartRules
          path={path}
          noun="item"
          visibleWhen={item.visibleWhen}
          requiredWhen={item.requiredWhen}
          onVisible={(e) => update((i) => withOptional(i, 'visibleWhen', e))}
          onRequired={(e) => update((i) => withOptional(i, 'requiredWhen', e))}
        />
      </RulesPanel>
    </div>
  );
}
