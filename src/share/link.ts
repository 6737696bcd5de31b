import { shareTokenSchema, type ShareToken } from './token';

/** The public link format: `<origin>/s#<token>`. The fragment never reaches a server log or a Referer header. */
export function formatShareLink(origin: string, token: ShareToken): string {
  return `${origin.replace(/\/+$/, '')}/s#${token}`;
}

export type ParsedShareFragment = { ok: true; token: ShareToken } | { ok: false; reason: 'missing' | 'malformed' };

/** Read the token from a location hash (`#<token>`), parsed once where it enters. */
export function parseShareFragment(hash: string): ParsedShareFragment {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '') return { ok: false, reason: 'missing' };
  const parsed = shareTokenSchema.safeParse(raw);
  return parsed.success ? { ok: true, token: parsed.data as ShareToken } : { ok: false, reason: 'malformed' };
}
