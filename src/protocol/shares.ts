import { z } from 'zod';
import { contentDocumentSchema, documentIdSchema, documentVersionSchema, sessionIdSchema, shareLinkIdSchema, SHARE_AUDIENCES, timestampSchema } from '../domain';
import { API_ROUTES } from './routes';

/**
 * Share-link redemption (DESIGN §5, sync-server/API.md "Share links: redemption and grants"):
 * `POST /api/shares/redeem {token, sessionId, sessionSecret?}` answers
 * `200 {grant, document, version, shareLink}`.
 */
export const REDEEM_PATH = API_ROUTES.redeem.path;

/**
 * An anonymous session's secret: base64url text of at least 128 random bits, made once per
 * session on the device; the relay binds the session id to its hash on first redemption.
 */
export const sessionSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'must be base64url text of at least 128 random bits');

/**
 * The request body. The token is only hashed, so any text up to a sane length is accepted.
 * `sessionSecret` is required to redeem an external link, ignored for a member's internal one.
 */
export const redeemRequestSchema = z.object({
  token: z.string().min(1).max(512),
  sessionId: sessionIdSchema,
  sessionSecret: sessionSecretSchema.optional(),
});
export type RedeemRequestBody = z.infer<typeof redeemRequestSchema>;

/**
 * The link as the relay describes it to a recipient: never its token hash or its creator's id
 * or e-mail, but the creator's display name. Parsed leniently on purpose: a recipient needs only
 * what the screens show (the relay always sends `useCount`).
 */
export const redeemedShareLinkSchema = z.object({
  id: shareLinkIdSchema,
  documentId: documentIdSchema,
  audience: z.enum(SHARE_AUDIENCES),
  label: z.string().max(200).optional(),
  expiresAt: timestampSchema.optional(),
  maxUses: z.number().int().positive().optional(),
  useCount: z.number().int().nonnegative().optional(),
  revokedAt: timestampSchema.optional(),
  /** Display name of the member who made the link (sync-server/API.md), shown as "Sent to you by …". */
  creatorName: z.string().min(1).max(200).optional(),
});
export type RedeemedShareLink = z.infer<typeof redeemedShareLinkSchema>;

/** `200` of `POST /api/shares/redeem`: the grant and what it opens, which must belong together. */
export const redeemResponseSchema = z
  .object({
    grant: z.string().min(1),
    document: contentDocumentSchema,
    version: documentVersionSchema,
    shareLink: redeemedShareLinkSchema,
  })
  .refine((r) => r.version.documentId === r.document.id && r.shareLink.documentId === r.document.id, {
    message: 'document, version and link do not belong together',
  });
export type RedeemResponse = z.infer<typeof redeemResponseSchema>;
