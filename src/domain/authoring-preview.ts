import type { ChecklistDefinition, ChecklistItem, ContentType, Definition, DefinitionFor, FormDefinition, ProcedureDefinition, Step } from './definition';
import { logicPartsOf } from './definition';
import type { Field } from './field';
import { checkLogic } from './logic/check';
import { responseSetById } from './responses';
import type { ResponseSet } from './responses';
import { tidyDefinition } from './authoring-tidy';

const isRegExp = (pattern: string): boolean => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
};

/** The keys that hold rules: left out of a preview whose rules do not check yet. */
const RULE_KEYS = ['visibleWhen', 'requiredWhen', 'constraints', 'calculate', 'default'] as const;

function withoutRules<T extends object>(part: T): T {
  const out = { ...part } as Record<string, unknown>;
  for (const key of RULE_KEYS) delete out[key];
  const repeat = out['repeat'] as { countFrom?: string } | undefined;
  if (repeat?.countFrom !== undefined) {
    const { countFrom: _drop, ...rest } = repeat;
    out['repeat'] = rest;
  }
  return out as T;
}

export interface PreviewDefinition {
  readonly definition: Definition;
  /** Why the preview runs without the draft's rules (the first problem the checker found); absent when they run. */
  readonly rulesLeftOut?: string;
}

/**
 * What the live preview runs while a draft is still unfinished: the tidied definition with
 * stand-in words for empty titles and labels, unusable patterns, repeated options and unknown
 * response sets left out, so the real runner can render every part as the crew would see it.
 * Rules run when they check; a draft whose rules do not check yet previews without any of
 * them (a half-built rule must not hide the very part the author is looking at), and says why.
 */
export function previewOf(contentType: ContentType, definition: Definition): PreviewDefinition {
  const sets: ResponseSet[] | undefined = (definition.responseSets ?? []).length === 0 ? undefined : (definition.responseSets ?? []).map((set, i) => ({
    ...set,
    label: set.label || `Response set ${i + 1}`,
    responses: set.responses.map((r, j) => ({ ...r, label: r.label || `Response ${j + 1}` })),
  }));
  const field = (f: Field, i: number): Field => {
    const out = { ...f, label: f.label || `Field ${i + 1} (no label yet)` };
    if (out.pattern !== undefined && !isRegExp(out.pattern)) delete out.pattern;
    if (out.options !== undefined) out.options = [...new Set(out.options)];
    return out;
  };
  const answerable = <T extends { responses?: string | undefined }>(part: T): T => {
    if (part.responses === undefined || responseSetById(sets, part.responses) !== undefined) return part;
    const { responses: _unknown, ...rest } = part;
    return rest as T;
  };
  const tidy = tidyDefinition(contentType, definition);
  const extras = { ...tidy, ...(sets === undefined ? {} : { responseSets: sets }) };
  if (sets === undefined) delete extras.responseSets;
  let out: Definition;
  switch (contentType) {
    case 'procedure':
      out = {
        ...extras,
        steps: (tidy as DefinitionFor<'procedure'>).steps.map((s, i) => {
          const step: Step = answerable<Step>({ ...s, title: s.title || `Step ${i + 1} (no title yet)` });
          if (s.fields !== undefined) step.fields = s.fields.map(field);
          return step;
        }),
      };
      break;
    case 'checklist': {
      const checklist = tidy as DefinitionFor<'checklist'>;
      out = {
        ...extras,
        ...(checklist.fields === undefined ? {} : { fields: checklist.fields.map(field) }),
        sections: checklist.sections.map((s, i) => ({
          ...s,
          title: s.title || `Section ${i + 1} (no title yet)`,
          items: s.items.map((item, j) => answerable<ChecklistItem>({ ...item, label: item.label || `Item ${j + 1} (no label yet)` })),
        })),
      };
      break;
    }
    case 'form': {
      const form = tidy as DefinitionFor<'form'>;
      out = {
        ...extras,
        fields: form.fields.map(field),
        ...(form.sections === undefined ? {} : { sections: form.sections.map((s, i) => ({ ...s, title: s.title || `Section ${i + 1} (no title yet)`, fields: s.fields.map(field) })) }),
      } as FormDefinition;
      break;
    }
  }
  const issues = checkLogic(logicPartsOf(contentType, out));
  if (issues.length === 0) return { definition: out };
  return { definition: stripRules(contentType, out), rulesLeftOut: issues[0]?.message ?? 'a rule does not check yet' };
}

/** The definition the preview runs (see `previewOf`). */
export function previewDefinition(contentType: ContentType, definition: Definition): Definition {
  return previewOf(contentType, definition).definition;
}

function stripRules(contentType: ContentType, def: Definition): Definition {
  switch (contentType) {
    case 'procedure': {
      const p = def as ProcedureDefinition;
      return { ...p, steps: p.steps.map((s) => ({ ...withoutRules(s), ...(s.fields === undefined ? {} : { fields: s.fields.map(withoutRules) }) })) };
    }
    case 'checklist': {
      const c = def as ChecklistDefinition;
      return {
        ...c,
        ...(c.fields === undefined ? {} : { fields: c.fields.map(withoutRules) }),
        sections: c.sections.map((s) => ({ ...withoutRules(s), items: s.items.map(withoutRules) })),
      };
    }
    case 'form': {
      const f = def as FormDefinition;
      return { ...f, fields: f.fields.map(withoutRules), ...(f.sections === undefined ? {} : { sections: f.sections.map((s) => ({ ...withoutRules(s), fields: s.fields.map(withoutRules) })) }) };
    }
  }
}
