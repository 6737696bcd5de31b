import type { ContentType, DocumentVersion } from '../../domain';

/** "1 step", "3 steps". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export const TYPE_LABEL: Record<ContentType, string> = {
  procedure: 'Procedure',
  checklist: 'Checklist',
  form: 'Form',
};

/** What a card says about a version's size: steps, items or fields. */
export function describeSize(version: DocumentVersion): string {
  switch (version.contentType) {
    case 'procedure':
      return plural(version.definition.steps.length, 'step');
    case 'checklist': {
      const items = version.definition.sections.reduce((sum, section) => sum + section.items.length, 0);
      return plural(items, 'item');
    }
    case 'form':
      return plural(version.definition.fields.length, 'field');
  }
}
