import { createHash, randomBytes } from 'node:crypto';

/** A new invite code: 128 random bits, base64url (22 characters). */
export const newInviteCode = (): string => randomBytes(16).toString('base64url');

/** What the relay stores of a code: lowercase hex SHA-256 of its text. */
export const hashInviteCode = (code: string): string => createHash('sha256').update(code, 'utf8').digest('hex');
