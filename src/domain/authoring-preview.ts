import type { ContentType, Definition, DefinitionFor, Step } from './definition';
import type { Field } from './field';
import { tidyDefinition } from './authoring-tidy';

const isRegExp = (pattern: string): boolean => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
};

/**
 * What the live preview runs while a draft is still unfinished: the tidied definition with
 * stand-in words for empty titles and labels, unusable patterns and repeated options left
 * out, so the real runner can render every part as the crew would see it.
 */
export function previewDefinition(contentType: ContentType, definition: Definition): Definition {
  const field = (f: Field, i: number): Field => {
    const out = { ...f, label: f.label || `Field ${i + 1} (no label yet)` };
    if (out.pattern !== undefined && !isRegExp(out.pattern)) delete out.pattern;
    if (out.options !== undefined) out.options = [...new Set(out.options)];
    return out;
  };
  const tidy = tidyDefinition(contentType, definition);
  switch (contentType) {
    case 'procedure':
      return {
        steps: (tidy as DefinitionFor<'procedure'>).steps.map((s, i) => {
          const step: Step = { ...s, title: s.title || `Step ${i + 1} (no title yet)` };
          if (s.fields !== undefined) step.fields = s.fields.map(field);
          return step;
        }),
      };
    case 'checklist':
      return {
        sections: (tidy as DefinitionFor<'checklist'>).sections.map((s, i) => ({
          ...s,
          title: s.title || `Section ${i + 1} (no title yet)`,
          items: s.items.map((item, j) => ({ ...item, label: item.label || `Item ${j + 1} (no label yet)` })),
        })),
      };
    case 'form':
      return { fields: (tidy as DefinitionFor<'form'>).fields.map(field) };
  }
}
