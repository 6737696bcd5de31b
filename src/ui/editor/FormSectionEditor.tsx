import type { FormSection } from '../../domain';
import { FieldList } from './FieldList';
import { PartRules, ruleCount, RulesPanel } from './FieldLogic';
import { RepeatSettings } from './RepeatSettings';
import { TextSetting } from './TextSetting';
import { withOptional } from './with-optional';
import './editor.css';

/** A form section (a page of a long form): title, description, when it shows, whether its fields repeat, its fields. */
export function FormSectionEditor({ section, path, index, update }: { section: FormSection; path: string; index: number; update: (fn: (s: FormSection) => FormSection) => void }) {
  return (
    <div className="section-editor">
      <TextSetting label="Section title" path={`${path}.title`} value={section.title} onChange={(title) => update((s) => ({ ...s, title }))} />
      <TextSetting
        label="Description (optional)"
        path={`${path}.description`}
        rows={2}
        value={section.description ?? ''}
        onChange={(description) => update((s) => withOptional(s, 'description', description === '' ? undefined : description))}
      />
      <RulesPanel count={ruleCount(section)}>
        <PartRules path={path} noun="section" visibleWhen={section.visibleWhen} onVisible={(e) => update((s) => withOptional(s, 'visibleWhen', e))} />
      </RulesPanel>
      <RepeatSettings repeat={section.repeat} onChange={(r) => update((s) => withOptional(s, 'repeat', r))} path={path} label="Repeat these fields (the crew adds rows)" />
      <FieldList fields={section.fields} setFields={(fn) => update((s) => ({ ...s, fields: fn(s.fields) }))} path={`${path}.fields`} label={`Fields in section ${index + 1}`} />
    </div>
  );
}
