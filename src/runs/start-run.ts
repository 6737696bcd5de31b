import { getCurrentVersion, getDocument, getVersion } from '../db';
import type { FieldbookDB } from '../db';
import { startInstance } from '../completion';
import type { Owner } from '../completion';
import type { ContentDocument, DocumentId, DocumentVersion, Instance, SessionId, ShareLinkId, UserId, VersionId } from '../domain';
import { recordWriter } from './record-writer';

/**
 * Starting a run: a new instance pinned to a version, written with its `*_started` event in
 * one transaction (completion S1). Each call is a new run ("Run again" after a finish is one),
 * except while a start is still being written: a second start of the same version by the same
 * owner (a double tap, a repeated click before the screen moved on) gets that same run, so it
 * leaves one instance and one started event, not two.
 */
export interface StartRunInput {
  readonly document: ContentDocument;
  readonly version: DocumentVersion;
  readonly owner: Owner;
  /** Set for a recipient's run made through a share link. */
  readonly shareLinkId?: ShareLinkId;
}

const starting = new WeakMap<FieldbookDB, Map<string, Promise<Instance>>>();

export function startRunAs(db: FieldbookDB, input: StartRunInput): Promise<Instance> {
  const { document, version, owner, shareLinkId } = input;
  const ownerId = 'userId' in owner ? owner.userId : owner.sessionId;
  const key = `${ownerId}\n${version.id}\n${shareLinkId ?? ''}`;
  const inFlight = starting.get(db) ?? new Map<string, Promise<Instance>>();
  starting.set(db, inFlight);
  const running = inFlight.get(key);
  if (running !== undefined) return running;
  const started = startInstance({
    document,
    documentVersion: version,
    owner,
    ...(shareLinkId === undefined ? {} : { shareLinkId }),
    now: Date.now(),
    newId: () => crypto.randomUUID(),
    records: recordWriter(db),
  });
  inFlight.set(key, started);
  const forget = (): void => {
    if (inFlight.get(key) === started) inFlight.delete(key);
  };
  started.then(forget, forget);
  return started;
}

/** A member starts a run of `document` pinned to `version` (the document's current one). */
export function startRun(db: FieldbookDB, userId: UserId, document: ContentDocument, version: DocumentVersion): Promise<Instance> {
  return startRunAs(db, { document, version, owner: { userId } });
}

/** "Run again": a new instance of the document at its current version (which may be newer than the finished run's). */
export async function startRunOf(db: FieldbookDB, userId: UserId, documentId: DocumentId): Promise<Instance | undefined> {
  const [document, version] = await Promise.all([getDocument(db, documentId), getCurrentVersion(db, documentId)]);
  if (document === undefined || version === undefined) return undefined;
  return startRun(db, userId, document, version);
}

/** The link a recipient runs: which document, at the version the link pins. */
export interface RunnableLink {
  readonly linkId: ShareLinkId;
  readonly documentId: DocumentId;
  readonly versionId: VersionId;
}

/**
 * A recipient starts (or starts again) a run of a shared document at the link's version;
 * undefined when the document or that version is not on this device.
 */
export async function startLinkRun(db: FieldbookDB, sessionId: SessionId, link: RunnableLink): Promise<Instance | undefined> {
  const [document, version] = await Promise.all([getDocument(db, link.documentId), getVersion(db, link.versionId)]);
  if (document === undefined || version === undefined) return undefined;
  return startRunAs(db, { document, version, owner: { sessionId }, shareLinkId: link.linkId });
}
