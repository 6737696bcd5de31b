import type { AnswerValue } from './answers';
import type { ContentType, Definition } from './definition';
import type { CompletionSnapshot } from './snapshot';
import { responseOf, responsePartsOf } from './response-parts';

export const RUN_NAME_MAX = 200;

type Piece = { readonly text: string } | { readonly key: string };

/** `{vehicle} — {site}` as literal text and placeholders; a `{` without a closing `}` is text. */
export function templatePieces(template: string): Piece[] {
  const pieces: Piece[] = [];
  const pattern = /\{([^{}]+)\}/g;
  let last = 0;
  for (let m = pattern.exec(template); m !== null; m = pattern.exec(template)) {
    pieces.push({ text: template.slice(last, m.index) });
    pieces.push({ key: (m[1] ?? '').trim() });
    last = m.index + m[0].length;
  }
  pieces.push({ text: template.slice(last) });
  return pieces;
}

/** An answer as it reads in a name: text as typed, numbers, chosen options joined; nothing for empty. */
function nameText(value: AnswerValue | undefined): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (Array.isArray(value)) return value.join(', ');
  if (value === true) return 'Yes';
  return '';
}

/**
 * Fill a template: each `{key}` is replaced by `valueOf(key)`; a placeholder that is unknown or
 * empty drops out together with the separator before it (the text between it and the previous
 * placeholder), so `{a} — {b}` with only b reads "b". Text before the first placeholder stays;
 * text after the last one stays only when that one is filled. Returns '' when no placeholder is filled.
 */
export function fillTemplate(template: string, valueOf: (key: string) => string): string {
  const pieces = templatePieces(template);
  let out = '';
  let filled = 0;
  let separator = '';
  let lastFilled = false;
  for (const piece of pieces) {
    if ('text' in piece) {
      separator = piece.text;
      continue;
    }
    const text = valueOf(piece.key);
    lastFilled = text !== '';
    if (lastFilled) {
      // The leading text always stays; between placeholders only when both sides are filled.
      out += filled === 0 ? (pieces[0] as { text: string }).text : separator;
      out += text;
      filled += 1;
    }
    separator = '';
  }
  if (filled === 0) return '';
  if (lastFilled) out += separator;
  return out.replace(/\s+/g, ' ').trim().slice(0, RUN_NAME_MAX).trim();
}

/**
 * The run's name from the definition's `titleTemplate` and the answers (DESIGN §7: "Pre-trip —
 * Ute 14"). A response part's placeholder shows its response label. `valueOf` lets the caller
 * supply what a reader sees (calculated values, defaults); by default the stored answers.
 * Undefined when the definition has no template or nothing in it is filled: the run is then
 * listed by its document title.
 */
export function runNameOf(
  contentType: ContentType,
  def: Definition,
  snapshot: CompletionSnapshot,
  valueOf: (key: string) => AnswerValue | undefined = (key) => snapshot.values[key],
): string | undefined {
  if (def.titleTemplate === undefined || def.titleTemplate.trim() === '') return undefined;
  const parts = new Map(responsePartsOf(contentType, def).map((p) => [p.id, p]));
  const name = fillTemplate(def.titleTemplate, (key) => {
    const part = parts.get(key);
    const value = valueOf(key);
    return part === undefined ? nameText(value) : (responseOf(part, value)?.label ?? '');
  });
  return name === '' ? undefined : name;
}
