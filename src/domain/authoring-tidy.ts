import type { ContentType, Definition, DefinitionFor, FormSection, Step } from './definition';
import type { Field, FieldKind } from './field';
import type { Repeat } from './logic/expr';
import type { ResponseSet } from './responses';

/** Copy the keys that are set (rules, response settings) from one part to its tidied copy. */
function keep<T extends object, K extends keyof T>(from: T, to: T, keys: readonly K[]): T {
  for (const key of keys) if (from[key] !== undefined) to[key] = from[key];
  return to;
}
const FIELD_RULES = ['visibleWhen', 'requiredWhen', 'calculate', 'default'] as const;
/** The capture settings each evidence kind uses; the others' are dropped like a stale pattern. */
const CAPTURE_SETTINGS: Partial<Record<FieldKind, readonly ('cameraOnly' | 'longEdge' | 'accept' | 'maxBytes' | 'accuracyLimit')[]>> = {
  photo: ['cameraOnly', 'longEdge'],
  file: ['accept', 'maxBytes'],
  location: ['accuracyLimit'],
};
const PART_RULES = ['responses', 'noteWhenFlagged', 'photoWhenFlagged', 'weight', 'visibleWhen', 'requiredWhen'] as const;
const EXTRAS = ['responseSets', 'scoring', 'titleTemplate'] as const;

/** Labels of the author's own sets without surrounding blanks (what the crew reads on the buttons). */
const tidySets = (sets: readonly ResponseSet[]): ResponseSet[] =>
  sets.map((set) => ({ ...set, label: set.label.trim(), responses: set.responses.map((r) => ({ ...r, label: r.label.trim() })) }));

/** A repeat's add-button words trimmed; blank words are the default ("Add row"). */
function tidyRepeat<T extends { repeat?: Repeat | undefined }>(part: T): T {
  if (part.repeat?.addLabel === undefined) return part;
  const addLabel = part.repeat.addLabel.trim();
  const { addLabel: _old, ...rest } = part.repeat;
  return { ...part, repeat: addLabel === '' ? rest : { ...rest, addLabel } };
}

function tidyExtras<T extends Definition>(from: Definition, to: T): T {
  const out = keep(from as T, to, EXTRAS as unknown as (keyof T)[]);
  if (from.responseSets !== undefined) (out as { responseSets?: ResponseSet[] }).responseSets = tidySets(from.responseSets);
  const template = (out as { titleTemplate?: string }).titleTemplate?.trim();
  if (template === undefined || template === '') delete (out as { titleTemplate?: string }).titleTemplate;
  else (out as { titleTemplate?: string }).titleTemplate = template;
  return out;
}

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
  // Photos and files: min/max count them.
  photo: { minMax: true, pattern: false, options: false },
  file: { minMax: true, pattern: false, options: false },
  signature: { minMax: false, pattern: false, options: false },
  location: { minMax: false, pattern: false, options: false },
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
  keep(field, out, FIELD_RULES);
  keep(field, out, CAPTURE_SETTINGS[field.kind] ?? []);
  const constraints = (field.constraints ?? []).map((c) => ({ check: c.check, message: c.message.trim() }));
  if (constraints.length > 0) out.constraints = constraints;
  return out;
}

/** The definition as it is published: every part tidied (see `tidyField`), empty optional texts left out. */
export function tidyDefinition(contentType: ContentType, definition: Definition): Definition {
  switch (contentType) {
    case 'procedure': {
      const { steps } = definition as DefinitionFor<'procedure'>;
      return tidyExtras(definition, {
        steps: steps.map((s) => {
          const step: Step = { id: s.id, title: s.title.trim(), required: s.required };
          if (s.body !== undefined && s.body.trim() !== '') step.body = s.body.trim();
          if (s.fields !== undefined && s.fields.length > 0) step.fields = s.fields.map(tidyField);
          return tidyRepeat(keep(s, step, [...PART_RULES, 'repeat']));
        }),
      });
    }
    case 'checklist': {
      const { sections, fields } = definition as DefinitionFor<'checklist'>;
      return tidyExtras(definition, {
        ...(fields !== undefined && fields.length > 0 ? { fields: fields.map(tidyField) } : {}),
        sections: sections.map((s) =>
          keep(s, { id: s.id, title: s.title.trim(), items: s.items.map((i) => keep(i, { id: i.id, label: i.label.trim(), required: i.required }, PART_RULES)) }, ['visibleWhen']),
        ),
      });
    }
    case 'form': {
      const { fields, sections } = definition as DefinitionFor<'form'>;
      return tidyExtras(definition, {
        fields: fields.map(tidyField),
        ...(sections !== undefined && sections.length > 0
          ? {
              sections: sections.map((s) => {
                const section: FormSection = { id: s.id, title: s.title.trim(), fields: s.fields.map(tidyField) };
                if (s.description !== undefined && s.description.trim() !== '') section.description = s.description.trim();
                return tidyRepeat(keep(s, section, ['visibleWhen', 'repeat']));
              }),
            }
          : {}),
      });
    }
  }
}
