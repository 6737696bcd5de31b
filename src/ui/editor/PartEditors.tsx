import type { ChecklistItem, ChecklistSection, Step } from '../../domain';
import { copyChecklistItem, emptyChecklistItem } from '../../domain/authoring';
import { AnswerWith } from './AnswerWith';
import { FieldList, quoted } from './FieldList';
import { PartRules, ruleCount, RulesPanel } from './FieldLogic';
import { newPartId } from './labels';
import { ListEditor } from './ListEditor';
import { RepeatSettings } from './RepeatSettings';
import { TextSetting } from './TextSetting';
import { withOptional } from './with-optional';
import './editor.css';

/** A procedure step: title, instructions, how it is answered, its rules, its inputs (which may repeat). */
export function StepEditor({ step, path, index, update }: { step: Step; path: string; index: number; update: (fn: (s: Step) => Step) => void }) {
  return (
    <div className="step-editor">
      <TextSetting label="Title" path={`${path}.title`} value={step.title} onChange={(title) => update((s) => ({ ...s, title }))} />
      <TextSetting label="Instructions (optional)" path={`${path}.body`} rows={3} value={step.body ?? ''} onChange={(body) => update((s) => withOptional(s, 'body', body === '' ? undefined : body))} />
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
  return (
    <div className="section-editor">
      <TextSetting label="Section title" path={`${path}.title`} value={section.title} onChange={(title) => update((s) => ({ ...s, title }))} />
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
  return (
    <div className="item-editor">
      <TextSetting label="Label" path={`${path}.label`} value={item.label} onChange={(label) => update((i) => ({ ...i, label }))} />
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
