import { shareLinkSchema } from '../../../src/domain';
import { ERROR_CODES } from '../../../src/protocol';
import type { ContentDocument, ShareLink, User } from '../../../src/domain';
import type { ShareLinkRepo } from '../db/share-link-repo';
import { HttpError, parseInput } from '../errors';
import { shareLinkRecord } from '../../../src/records';

/**
 * The owner's side of share links (DESIGN §2, §4): create (an idempotent PUT the outbox can
 * replay) and revoke. The relay owns `useCount`; `revokedAt` is final (the first one wins).
 */
export interface ShareLinkService {
  put(caller: User, id: string, body: unknown): ShareLink;
  /** The stored link and whether this call revoked it (false: it already was). */
  revoke(caller: User, id: string): { link: ShareLink; changed: boolean };
}

export interface ShareLinkServiceDeps {
  readonly links: ShareLinkRepo;
  readonly getDocument: (id: string) => ContentDocument | undefined;
  readonly now: () => number;
}

const { forbidden, conflict, invalid, notFound, documentArchived } = ERROR_CODES;

const mayManage = (caller: User, link: ShareLink): boolean => caller.role === 'admin' || link.createdBy === caller.id;

export function createShareLinkService({ links, getDocument, now }: ShareLinkServiceDeps): ShareLinkService {
  return {
    put(caller, id, body) {
      const incoming = parseInput(shareLinkSchema, body);
      if (incoming.id !== id) {
        throw new HttpError(422, invalid, 'The body does not match the URL', [{ path: 'id', message: `must equal "${id}" from the URL` }]);
      }
      const existing = links.get(id);
      if (existing) {
        // A replay (the outbox retrying) or a later write of the same link: only revocation can change.
        if (existing.tokenHash !== incoming.tokenHash) throw new HttpError(409, conflict, 'A different link already has this id');
        if (!mayManage(caller, existing)) throw new HttpError(403, forbidden, 'Only the creator of a link or an admin can change it');
        // The device's revocation time is kept (it was written offline); the relay stops the link now.
        const { revokedAt } = shareLinkRecord.mergeOnRelay(incoming, existing);
        if (revokedAt !== undefined && revokedAt !== existing.revokedAt) return links.revoke(id, revokedAt)?.link ?? existing;
        return existing;
      }
      if (incoming.createdBy !== caller.id) throw new HttpError(403, forbidden, 'A link is created by the signed-in member (createdBy)');
      if (incoming.audience === 'external' && caller.role !== 'admin') {
        throw new HttpError(403, forbidden, 'Only workspace admins can share outside the workspace');
      }
      const document = getDocument(incoming.documentId);
      if (!document) {
        throw new HttpError(422, invalid, 'The shared document is not on the relay', [{ path: 'documentId', message: 'no such document' }]);
      }
      if (document.archivedAt !== undefined) throw new HttpError(409, documentArchived, 'This document is archived: it cannot be shared');
      const taken = links.getByTokenHash(incoming.tokenHash);
      if (taken) throw new HttpError(409, conflict, 'Another link already has this token');
      // The relay owns both counters: what the client sent is ignored.
      const link: ShareLink = { ...incoming, useCount: 0, submissionCount: 0 };
      links.put(link);
      return link;
    },

    revoke(caller, id) {
      const existing = links.get(id);
      if (!existing) throw new HttpError(404, notFound, 'No such share link');
      if (!mayManage(caller, existing)) throw new HttpError(403, forbidden, 'Only the creator of a link or an admin can revoke it');
      const result = links.revoke(id, now());
      if (!result) throw new HttpError(404, notFound, 'No such share link');
      return result;
    },
  };
}
