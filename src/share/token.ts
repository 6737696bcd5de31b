import { z } from 'zod';

/** 32 random bytes (256 bits, above the 128-bit floor of DESIGN §2), as base64url without padding. */
const TOKEN_BYTES = 32;

/** A share token as it appears in a link fragment: base64url text of 16–64 bytes. */
export const shareTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,86}$/, 'not a Fieldbook share token');
export type ShareToken = string & { readonly brand: 'ShareToken' };

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new token from the platform's cryptographic RNG. It exists only in the link and on this device. */
export function createShareToken(): ShareToken {
  return base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))) as ShareToken;
}

/** What the relay stores: the lowercase hex SHA-256 of the token's base64url text. */
export async function hashShareToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
