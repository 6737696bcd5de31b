import type { FieldbookDB } from '../db';
import type { SessionId, ShareLinkId } from '../domain';
import { openShareLink } from './open-link';
import type { OpenLinkDeps, OpenLinkOutcome } from './open-link';
import { redeemShareToken } from './redeem';
import { openRecipientLinkDb } from './recipient-store';

/** The anonymous recipient on this device: its session id and its registry of opened links. */
export interface RecipientDevice {
  readonly sessionId: SessionId;
  readonly registry: FieldbookDB;
}

export type OpenLinkOnce = (recipient: RecipientDevice, token: string, memberToken: string | undefined) => Promise<OpenLinkOutcome>;

/** Test seams; the defaults are the relay and this device's link databases. */
export type LinkOpenerDeps = Partial<Pick<OpenLinkDeps, 'redeem' | 'now'>> & { readonly linkDb?: (sessionId: SessionId, linkId: ShareLinkId) => FieldbookDB };

/**
 * Open a share link at most once at a time per (token, member token): while a redemption is in
 * flight, opening the same link again (a second tap, a fragment read twice, StrictMode running
 * the screen's effect twice) gets the same outcome. A second POST would only cost the recipient
 * one of its rate-limited attempts, or the link one of its uses. Once settled, opening again
 * redeems again ("Try again").
 */
export function createLinkOpener(deps: LinkOpenerDeps = {}): OpenLinkOnce {
  let inFlight: { key: string; promise: Promise<OpenLinkOutcome> } | null = null;
  return (recipient, token, memberToken) => {
    const key = `${token}\n${memberToken ?? ''}`;
    if (inFlight?.key === key) return inFlight.promise;
    const linkDb = deps.linkDb ?? openRecipientLinkDb;
    const promise = openShareLink(
      token,
      {
        sessionId: recipient.sessionId,
        registry: recipient.registry,
        linkDb: (linkId) => linkDb(recipient.sessionId, linkId),
        redeem: deps.redeem ?? ((request) => redeemShareToken(request)),
        now: deps.now ?? Date.now,
      },
      memberToken,
    );
    const entry = { key, promise };
    inFlight = entry;
    const forget = (): void => {
      if (inFlight === entry) inFlight = null;
    };
    promise.then(forget, forget);
    return promise;
  };
}

/** The app's one opener: every recipient screen shares its in-flight redemption. */
export const openLinkOnce: OpenLinkOnce = createLinkOpener();
