import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from '../../../src/protocol';
import { HttpError } from '../errors';

const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests arrays/objects deeper than `max`, found by one linear scan that skips
 * strings — far cheaper than parsing a hostile body (`[[[[…` of 1 MiB) only to refuse it.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/**
 * Replace Fastify's JSON parser with one that first refuses bodies nested deeper than `maxDepth`
 * (400 `json_too_deep`), then parses with Fastify's own (prototype-poisoning safe) parser.
 */
export function installJsonBodyParser(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (nestsDeeperThan(text, maxDepth)) {
      done(new HttpError(400, ERROR_CODES.jsonTooDeep, `The JSON body nests deeper than ${maxDepth} levels`), undefined);
      return;
    }
    void parse(request, text, done);
  });
}
