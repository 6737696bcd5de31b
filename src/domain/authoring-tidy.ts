import type { ContentType, Definition, DefinitionFor, Step } from './definition';
import type { Field, FieldKind } from './field';

/**
 * Which settings each field kind uses (answers.ts): min/max bound a number's value, a text's
 * length and how many choices a multiselect takes; a pattern applies to text; options to the
 * choice kinds. Settings a kind does not use are dropped when publishing (a field switched
 * from text to date leaves no stale pattern behind).
 */
export const FIELD_KIND_SETTINGS: Record<FieldKind, { readonly minMax: boolean; readonly pattern: boolean; readonly options: boolean }> = {
  text: { minMax: true, pattern: true, options: false },
  textarea: { minMax: true, pattern: true, options: false },
  number: { minMax: true, pattern: false, options: false },
  date: { minMax: false, pattern: false, options: false },
  select: { minMax: false, pattern: false, options: true },
  multiselect: { minMax: true, pattern: false, options: true },
  checkbox: { minMax: false, pattern: false, options: false },
};

/**
 * Tidy what the editor holds the way a person means it: surrounding blanks are not content,
 * an empty optional text is absent, blank option lines are no options.
 */
function tidyField(field: Field): Field {
  const out: Field = { id: field.id, label: field.label.trim(), kind: field.kind, required: field.required };
  const uses = FIELD_KIND_SETTINGS[field.kind];
  if (uses.minMax && field.min !== undefined && Number.isFinite(field.min)) out.min = field.min;
  if (uses.minMax && field.max !== undefined && Number.isFinite(field.max)) out.max = field.max;
  if (uses.pattern && field.pattern !== undefined && field.pattern !== '') {
    out.pattern = field.pattern;
    const message = field.patternMessage?.trim();
    const example = field.patternExample?.trim();
    if (message) out.patternMessage = message;
    if (example) out.patternExample = example;
  }
  // Only numbers have a value range to block; `warn` is the default and is left out.
  if (field.kind === 'number' && field.limits === 'block' && (out.min !== undefined || out.max !== undefined)) out.limits = 'block';
  if (field.help !== undefined && field.help.trim() !== '') out.help = field.help.trim();
  if (uses.options) out.options = (field.options ?? []).map((o) => o.trim()).filter((o) => o !== '');
  return out;
}

/** The definition as it is published: every part tidied (see `tidyField`), empty optional texts left out. */
export function tidyDefinition(contentType: ContentType, definition: Definition): Definition {
  switch (contentType) {
    case 'procedure': {
      const { steps } = definition as DefinitionFor<'procedure'>;
      return {
        steps: steps.map((s) => {
          const step: Step = { id: s.id, title: s.title.trim(), required: s.required };
          if (s.body !== undefined && s.body.trim() !== '') step.body = s.body.trim();
          if (s.fields !== undefined && s.fields.length > 0) step.fields = s.fields.map(tidyField);
          return step;
        }),
      };
    }
    case 'checklist': {
      const { sections } = definition as DefinitionFor<'checklist'>;
      return {
        sections: sections.map((s) => ({ id: s.id, title: s.title.trim(), items: s.items.map((i) => ({ id: i.id, label: i.label.trim(), required: i.required })) })),
      };
    }
    case 'form':
      return { fields: (definition as DefinitionFor<'form'>).fields.map(tidyField) };
  }
}
