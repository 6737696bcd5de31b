import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatShareLink, parseShareFragment } from './link';
import { createShareToken, hashShareToken } from './token';

describe('share tokens', () => {
  it('are at least 128 random bits of base64url text and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => createShareToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(token.length * 6).toBeGreaterThanOrEqual(128);
    }
  });

  it('hash to the lowercase hex SHA-256 of the token text, as the relay computes it', async () => {
    const token = createShareToken();
    expect(await hashShareToken(token)).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
  });
});

describe('share link format', () => {
  it('puts the token in the fragment of <origin>/s', () => {
    const token = createShareToken();
    const link = formatShareLink('https://fieldbook.example/', token);
    expect(link).toBe(`https://fieldbook.example/s#${token}`);
    const url = new URL(link);
    expect(url.pathname).toBe('/s');
    expect(url.search).toBe('');
    expect(parseShareFragment(url.hash)).toEqual({ ok: true, token });
  });

  it('rejects a missing or malformed fragment with a reason', () => {
    expect(parseShareFragment('')).toEqual({ ok: false, reason: 'missing' });
    expect(parseShareFragment('#')).toEqual({ ok: false, reason: 'missing' });
    expect(parseShareFragment('#short')).toEqual({ ok: false, reason: 'malformed' });
    expect(parseShareFragment('#has spaces and <tags> in it, not a token')).toEqual({ ok: false, reason: 'malformed' });
  });
});
