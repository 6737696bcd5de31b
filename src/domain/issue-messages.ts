import type { z } from 'zod';

/**
 * Zod issues in words an author can act on, in one place: the editor's publish check and the
 * JSON import both report through `problemsOf`. A problem names where it is ("Step 3 › Field 2
 * ‘Oxygen’") and says what is wrong as a sentence ("the label is empty"), never zod's own text
 * ("Too small: expected string to have >=1 characters").
 */

/** One problem with a draft or a file: the zod path, a readable place, and what is wrong. */
export interface AuthoringProblem {
  /** Dotted zod path, e.g. `definition.fields.1.options`; `(root)` for the whole value. */
  readonly path: string;
  /** Where it is in words, e.g. "Step 3 › Field 2 ‘Oxygen’". */
  readonly where: string;
  /** What is wrong, as a sentence without the place: "the label is empty". */
  readonly message: string;
}

type PathPart = PropertyKey;
type Issue = z.core.$ZodIssue;

const dotted = (path: readonly PathPart[]): string => path.map(String).join('.') || '(root)';

/** Lists whose elements are named by position: `fields.1` is "Field 2". */
const PART_NAMES: Record<string, string> = {
  steps: 'Step',
  sections: 'Section',
  items: 'Item',
  fields: 'Field',
  options: 'Option',
  responseSets: 'Response set',
  responses: 'Response',
  constraints: 'Constraint',
};

/** Keys as they are named in a place ("Step 1 › Fields") and in a sentence ("the label"). */
const KEY_NAMES: Record<string, readonly [place: string, subject: string]> = {
  title: ['Title', 'the title'],
  description: ['Description', 'the description'],
  body: ['Text', 'the text'],
  label: ['Label', 'the label'],
  kind: ['Kind', 'the kind'],
  required: ['Required', '“required”'],
  min: ['Minimum', 'the minimum'],
  max: ['Maximum', 'the maximum'],
  pattern: ['Pattern', 'the pattern'],
  patternMessage: ['Pattern message', 'the pattern message'],
  patternExample: ['Pattern example', 'the pattern example'],
  limits: ['Limits', 'the limits'],
  options: ['Options', 'the options'],
  help: ['Help text', 'the help text'],
  id: ['Id', 'the id'],
  steps: ['Steps', 'the steps'],
  sections: ['Sections', 'the sections'],
  items: ['Items', 'the items'],
  fields: ['Fields', 'the fields'],
  contentType: ['Type', 'the type'],
  format: ['Format', 'the format'],
  formatVersion: ['Format version', 'the format version'],
  document: ['Document', 'the document'],
  definition: ['Content', 'the content'],
  responseSets: ['Response sets', 'the response sets'],
  // On an item or step `responses` names its set; inside a response set it is the list.
  responses: ['Answer with', 'the responses'],
  colour: ['Colour', 'the colour'],
  flagged: ['Flagged', '“flagged”'],
  score: ['Score', 'the score'],
  noteWhenFlagged: ['Note when flagged', 'the note when flagged'],
  photoWhenFlagged: ['Photo when flagged', 'the photo when flagged'],
  weight: ['Weight', 'the weight'],
  scoring: ['Score answers', '“score answers”'],
  titleTemplate: ['Run name', 'the run name'],
  visibleWhen: ['Show when', 'the “show when” rule'],
  requiredWhen: ['Required when', 'the “required when” rule'],
  constraints: ['Constraints', 'the constraints'],
  check: ['Rule', 'the rule'],
  message: ['Message', 'the message'],
  calculate: ['Calculation', 'the calculation'],
  default: ['Default value', 'the default value'],
  repeat: ['Repeat', 'the repeat settings'],
  countFrom: ['Rows from', 'the number the rows come from'],
  addLabel: ['Add button', 'the add button’s label'],
};

/** Keys whose value is a rule tree: a problem deep inside one is a problem with the rule. */
const RULE_KEYS = new Set(['visibleWhen', 'requiredWhen', 'check', 'calculate', 'default']);

/**
 * A zod path into a rule tree (`visibleWhen.args.0.args.1.lit`) means nothing to an author:
 * such a path ends at the rule (`visibleWhen`), and the issue is the rule's. The path kept for
 * focusing is the rule's too, where its builder is.
 */
function atRule(path: readonly PathPart[]): readonly PathPart[] {
  const at = path.findIndex((part) => typeof part === 'string' && RULE_KEYS.has(part));
  return at < 0 || at === path.length - 1 ? path : path.slice(0, at + 1);
}

/** The value at `path` inside `root`, or undefined. */
function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let here: unknown = root;
  for (const part of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[part];
  }
  return here;
}

/** The words an element goes by (its label or title), when it has any. */
function nameOf(element: unknown): string | undefined {
  if (typeof element !== 'object' || element === null) return undefined;
  const { label, title } = element as { label?: unknown; title?: unknown };
  const name = typeof label === 'string' && label.trim() !== '' ? label : typeof title === 'string' && title.trim() !== '' ? title : undefined;
  return name === undefined ? undefined : name.trim().slice(0, 60);
}

/**
 * A path in words: `['steps', 2, 'fields', 1, 'options']` is "Step 3 › Field 2 › Options".
 * A list followed by an index names the element ("Field 2"), with its label or title from
 * `root` when given ("Field 2 ‘Oxygen’"); a list on its own is the list. The envelope keys
 * `definition` and `document` are left out; an empty path is `rootName`.
 */
export function describeLocation(path: readonly PathPart[], root?: unknown, rootName = 'Document'): string {
  const words: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const next = path[i + 1];
    if (typeof part === 'string' && typeof next === 'number' && PART_NAMES[part] !== undefined) {
      const name = part === 'options' ? undefined : nameOf(valueAt(root, path.slice(0, i + 2)));
      words.push(`${PART_NAMES[part]} ${next + 1}${name === undefined ? '' : ` ‘${name}’`}`);
      i++;
    } else if (typeof part === 'string') {
      if (part === 'definition' || part === 'document') continue;
      words.push(KEY_NAMES[part]?.[0] ?? part);
    } else {
      words.push(String(part));
    }
  }
  return words.length === 0 ? rootName : words.join(' › ');
}

/** Split a path into the place and the thing the sentence is about ("the label", "option 2"). */
function splitPath(path: readonly PathPart[]): { place: readonly PathPart[]; key: string | undefined; subject: string } {
  const last = path[path.length - 1];
  const before = path[path.length - 2];
  if (typeof last === 'number' && typeof before === 'string' && PART_NAMES[before] !== undefined) {
    return { place: path.slice(0, -2), key: undefined, subject: `${PART_NAMES[before].toLowerCase()} ${last + 1}` };
  }
  if (typeof last === 'string') return { place: path.slice(0, -1), key: last, subject: KEY_NAMES[last]?.[1] ?? `“${last}”` };
  return { place: path, key: undefined, subject: 'this' };
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of settings',
};

/** One zod issue as a sentence about `subject`; `value` is what was found at the issue's path. */
export function issueSentence(issue: Issue, subject: string, key: string | undefined, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${subject} is missing`;
      return `${subject} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? `${subject} is empty` : `${subject} must be at least ${min} characters`;
      if (issue.origin === 'array') {
        const element = key === undefined ? undefined : PART_NAMES[key];
        if (element !== undefined) return min <= 1 ? `add at least one ${element.toLowerCase()}` : `add at least ${min} ${element.toLowerCase()}s`;
        return `${subject} needs at least ${min} entries`;
      }
      return `${subject} must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `${subject} is too long (at most ${max} characters)`;
      if (issue.origin === 'array') return `${subject} has too many entries (at most ${max})`;
      return `${subject} must be at most ${max}`;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return values.length === 1 ? `${subject} must be “${values[0] ?? ''}”` : `${subject} must be one of ${values.join(', ')}`;
    }
    case 'invalid_format':
      // Our own formats carry a sentence ("letters, digits, _ and - only"); zod's start "Invalid".
      return issue.message.startsWith('Invalid') ? `${subject} is not in the expected format` : `${subject} may use ${issue.message}`;
    case 'unrecognized_keys':
      return `unknown setting${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `“${k}”`).join(', ')}`;
    case 'invalid_union':
      return `${subject} is not valid here`;
    case 'custom':
      return issue.message;
    default:
      return `${subject} is not valid (${issue.message})`;
  }
}

export interface ProblemsOptions {
  /** Prepended to every issue path (e.g. `['definition']` for a file's content). */
  readonly prefix?: readonly PathPart[];
  /** The checked value, whose labels and titles name the places; paths start at its root. */
  readonly root?: unknown;
  /** What an empty place is called: "Document" (editor), "File" (import). */
  readonly rootName?: string;
}

/** Every issue of a zod error as a problem with its place and a sentence. */
export function problemsOf(error: z.ZodError, options: ProblemsOptions = {}): AuthoringProblem[] {
  const { prefix = [], root, rootName = 'Document' } = options;
  return error.issues.map((issue) => {
    const full = [...prefix, ...issue.path];
    const path = atRule(full);
    const { place, key, subject } = splitPath(path);
    const sentence =
      (path.length < full.length || (key !== undefined && RULE_KEYS.has(key) && issue.code === 'invalid_union')) && issue.code !== 'custom'
        ? `${subject} cannot be read: remove it and build it again`
        : issueSentence(issue, subject, key, valueAt(root, path));
    return { path: dotted(path), where: describeLocation(place, root, rootName), message: sentence };
  });
}

/** A problem as one line a person reads: "Step 3 › Field 2 ‘Oxygen’: the label is empty". */
export const describeProblem = (problem: AuthoringProblem): string => `${problem.where}: ${problem.message}`;
