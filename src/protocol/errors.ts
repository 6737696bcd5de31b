import { z } from 'zod';

/**
 * Error codes of the HTTP API (`{error: {code, message}}`), documented in sync-server/API.md
 * "Error codes". The relay raises only these (its `HttpError` takes an `ErrorCode`); clients
 * branch on them by name, never by spelling.
 */
export const ERROR_CODES = {
  badJson: 'bad_json',
  badRequest: 'bad_request',
  badCursor: 'bad_cursor',
  invalid: 'invalid_request',
  unauthenticated: 'unauthenticated',
  badCredentials: 'bad_credentials',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  emailTaken: 'email_taken',
  /** Sign-up after the first account without a valid invite (absent, unknown, used, expired, revoked, other e-mail). */
  inviteRequired: 'invite_required',
  /** The password is on the list of most common passwords. */
  weakPassword: 'weak_password',
  tooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  gone: 'gone',
  /** Share links (POST /api/shares/redeem, and grants of a link that stopped working). */
  signInRequired: 'sign_in_required',
  linkNotFound: 'link_not_found',
  linkExpired: 'link_expired',
  linkRevoked: 'link_revoked',
  linkUsedUp: 'link_used_up',
  /** Redeeming as a session that is bound to another device's session secret. */
  sessionMismatch: 'session_mismatch',
  /** The shared document (or its current version) is not on the relay (yet): retry later. */
  documentUnavailable: 'document_unavailable',
  /** The document is archived: no new runs and no new share links (runs in progress may finish). */
  documentArchived: 'document_archived',
  rateLimited: 'rate_limited',
  /** A per-caller cap on created records (instances per session, submissions per minute, …); API.md "Quotas". */
  quotaExceeded: 'quota_exceeded',
  /** A JSON body nested deeper than the relay's limit (API.md "Limits"). */
  jsonTooDeep: 'json_too_deep',
  /** The request's headers or body did not arrive in time (408). */
  requestTimeout: 'request_timeout',
  /** A URL (or one of its path parameters) too long to route (414). */
  uriTooLong: 'uri_too_long',
  /** Request headers over Node's size limit (431). */
  headersTooLarge: 'headers_too_large',
  /** Files (API.md "Files"): `Upload-Metadata` lacks or mangles `sha256`, `mime` or `instanceId`. */
  invalidFileMetadata: 'invalid_file_metadata',
  /** A file over `MAX_FILE_BYTES` (413, at create from `Upload-Length`, or a PATCH past the upload's length). */
  fileTooLarge: 'file_too_large',
  /** A `mime` the relay does not accept (`FILE_TYPES`; 415). */
  fileTypeNotAccepted: 'file_type_not_accepted',
  /** The caller's stored files plus this one would pass `FILE_QUOTA_BYTES` (413). */
  fileQuotaExceeded: 'file_quota_exceeded',
  /** The finished upload's bytes do not hash to its declared `sha256`: nothing was stored (422). */
  fileHashMismatch: 'file_hash_mismatch',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Every code of the table, for checks that a code someone emits is a documented one. */
export const ALL_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ERROR_CODES));
export const isErrorCode = (code: string): code is ErrorCode => ALL_ERROR_CODES.has(code);

/** One schema violation: a dotted path (`(root)` for the body itself) and what is wrong there. */
export const issueSchema = z.object({ path: z.string(), message: z.string() });
export type Issue = z.infer<typeof issueSchema>;

/**
 * Every error body. `code` stays a plain string when parsed: a newer relay may add codes, and a
 * client must still show the message rather than call the answer malformed.
 */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(issueSchema).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Flatten zod issues to `{path, message}` pairs with a dotted path, for error bodies and UIs. */
export function describeIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}
