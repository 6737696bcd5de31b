import type { FieldbookDB, OutboxError } from '../db';
import { getDocument } from '../db';
import { documentIdSchema } from '../domain';
import type { ContentDocument, ShareLink } from '../domain';
import { listShareLinks, shareLinkOutbox } from './share-links';
import { shareTokenSchema } from './token';
import type { ShareToken } from './token';
import { shareTokenKey } from '../protocol';

/** One of a document's links as its owner sees it. */
export interface ListedLink {
  readonly link: ShareLink;
  /** The raw token, only on the device that made the link. */
  readonly token: ShareToken | undefined;
  /** Its record is still in the outbox: the relay cannot redeem it yet ("Waiting to activate"). */
  readonly pending: boolean;
  /** The relay refused its record, with the reason (shown, never dropped). */
  readonly failure: OutboxError | undefined;
}

export interface DocumentLinks {
  readonly document: ContentDocument;
  readonly links: readonly ListedLink[];
}

/**
 * The share screen's data: the document and its links (newest first), each joined with its
 * token from this device's kv and its outbox state. Null when `documentIdText` (from the
 * address) is not a document on this device.
 */
export async function loadDocumentLinks(db: FieldbookDB, documentIdText: string): Promise<DocumentLinks | null> {
  const id = documentIdSchema.safeParse(documentIdText);
  if (!id.success) return null;
  const document = await getDocument(db, id.data);
  if (document === undefined) return null;
  const [links, outbox] = await Promise.all([listShareLinks(db, id.data), shareLinkOutbox(db)]);
  const tokens = await db.kv.bulkGet(links.map((l) => shareTokenKey(l.id)));
  return {
    document,
    links: links.map((link, i) => {
      const token = shareTokenSchema.safeParse(tokens[i]?.value);
      return {
        link,
        token: token.success ? (token.data as ShareToken) : undefined,
        pending: outbox.pending.has(link.id),
        failure: outbox.failed.get(link.id),
      };
    }),
  };
}
