import { describe, expect, it } from 'vitest';
import { fileRefSchema, parseFileRef } from './file-ref';

const good = {
  sha256: 'ab'.repeat(32),
  thumb: 'cd'.repeat(32),
  mime: 'image/jpeg',
  size: 812_345,
  w: 2048,
  h: 1536,
  capturedAt: 1_700_000_000_000,
  by: 'b1c7a9e2-5a1e-4c77-9a65-6f1d7f0b3c11',
};

describe('FileRef schema', () => {
  it('accepts the reference a capture makes, and one without a thumbnail', () => {
    expect(parseFileRef(good)).toEqual(good);
    expect(parseFileRef({ ...good, thumb: null, mime: 'application/pdf', w: 0, h: 0 })).toBeDefined();
  });

  it.each([
    ['an uppercase hash', { sha256: 'AB'.repeat(32) }],
    ['a short hash', { sha256: 'ab'.repeat(31) }],
    ['a path as hash', { sha256: `../../${'a'.repeat(58)}` }],
    ['a thumbnail that is a URL', { thumb: 'https://evil.example/x.jpg' }],
    ['a MIME type with parameters', { mime: 'text/html; charset=utf-8' }],
    ['a MIME type that is not one', { mime: 'javascript:alert(1)' }],
    ['a huge MIME type', { mime: `image/${'x'.repeat(200)}` }],
    ['a negative size', { size: -1 }],
    ['a fractional width', { w: 10.5 }],
    ['a width past 65535', { w: 70_000 }],
    ['a string time', { capturedAt: '2024-01-01' }],
    ['an empty author', { by: '' }],
    ['a huge author', { by: 'x'.repeat(129) }],
  ])('refuses %s', (_name, change) => {
    expect(parseFileRef({ ...good, ...change })).toBeUndefined();
  });

  it('refuses extra keys, __proto__ included, and non-objects', () => {
    expect(parseFileRef({ ...good, bytes: 'AAAA' })).toBeUndefined();
    expect(parseFileRef(JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(good).slice(1)}`))).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseFileRef(null)).toBeUndefined();
    expect(parseFileRef('ab'.repeat(32))).toBeUndefined();
    expect(fileRefSchema.safeParse({ ...good, size: Number.NaN }).success).toBe(false);
  });
});
