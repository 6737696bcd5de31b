import type { Field } from '../../domain';
import { copyField, emptyField } from '../../domain/authoring';
import { FieldEditor } from './FieldEditor';
import { newPartId } from './labels';
import { ListEditor } from './ListEditor';
import type { SetList } from './ListEditor';

export const quoted = (text: string): string => (text.trim() === '' ? '' : `“${text.trim()}”`);

/** A list of fields (a form's, a section's, a step's inputs, a checklist's questions before the items). */
export function FieldList({ fields, setFields, path, label }: { fields: readonly Field[]; setFields: SetList<Field>; path: string; label: string }) {
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

