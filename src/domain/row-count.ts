import type { Repeat } from './logic/expr';

/**
 * What a repeat group's row count says when it is outside the author's `min`/`max`, in the
 * group's own words ("Add at least 2 defects"). Count-driven groups are never outside: their
 * rows follow the count answer.
 */
export function rowCountProblem(repeat: Repeat, rows: number): string | undefined {
  if (repeat.countFrom !== undefined) return undefined;
  const noun = rowNoun(repeat);
  if (repeat.min !== undefined && rows < repeat.min) return `Add at least ${repeat.min} ${repeat.min === 1 ? noun : pluralOf(noun)}`;
  if (repeat.max !== undefined && rows > repeat.max) return `Keep at most ${repeat.max} ${repeat.max === 1 ? noun : pluralOf(noun)}: delete ${rows - repeat.max}`;
  return undefined;
}

/** The word for one row: "defect" from the add button's "Add defect", else "row". */
export function rowNoun(repeat: Pick<Repeat, 'addLabel'>): string {
  const label = repeat.addLabel?.trim().replace(/^add\s+(an?\s+)?/i, '') ?? '';
  return label === '' ? 'row' : label.charAt(0).toLowerCase() + label.slice(1);
}

const IRREGULAR: Readonly<Record<string, string>> = { person: 'people', child: 'children', man: 'men', woman: 'women' };

/** English plural of the last word, good enough for the nouns authors put on add buttons. */
export function pluralOf(noun: string): string {
  const match = /^(.*?)([A-Za-z]+)$/.exec(noun);
  if (match === null) return noun;
  const [, head = '', word = ''] = match;
  const lower = word.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular !== undefined) return head + (word === lower ? irregular : irregular.charAt(0).toUpperCase() + irregular.slice(1));
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${head}${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${head}${word.slice(0, -1)}ies`;
  return `${head}${word}s`;
}
