/**
 * Every name this app stores under on a device: localStorage keys, IndexedDB database names and
 * keys of the Dexie `kv` table. These spellings are already on users' devices: renaming one
 * orphans what is stored under it, so each stays exactly as first shipped (the test pins them)
 * and the odd ones out (`members`, `run-position:<id>`, `fieldbook-doc:<id>`) keep their
 * separators. A change of spelling needs a migration that reads the old name too.
 *
 * Convention for NEW names: one separator, `.`, between the parts of every name —
 * localStorage `fieldbook.<name>`, kv `<area>.<name>` and per record `<area>.<name>.<id>` (so a
 * whole area is one prefix range of the kv primary key), IndexedDB databases
 * `fieldbook.<scope>.<id>`. The database names shipped so far
 * (`fieldbook-<userId>`, `fieldbook-doc:<id>`, `fieldbook-share-…`) keep their dashes and colon.
 * This file imports nothing, so the first script of the page can use it without zod.
 */

// --- localStorage (per browser profile, shared by the people using it) ---

/** The cached identity; the app opens offline from it after one sign-in. */
export const SESSION_STORAGE_KEY = 'fieldbook.session';
/** This device's stable id, written into every register entry (completion SPEC R8). */
export const DEVICE_STORAGE_KEY = 'fieldbook.device';
/** This device's anonymous recipient session (one per browser profile). */
export const RECIPIENT_SESSION_KEY = 'fieldbook.recipient-session';
/** That session's secret, kept next to the id and sent only to redeem. */
export const RECIPIENT_SECRET_KEY = 'fieldbook.recipient-session-secret';
/** '1': full-size photos and files go to the relay on Wi-Fi only (thumbnails always go). */
export const ORIGINALS_ON_WIFI_KEY = 'fieldbook.originals-on-wifi';

// --- IndexedDB databases ---

/** One Dexie database per person, so two people sharing a tablet never mix data. */
export const databaseNameFor = (userId: string): string => `fieldbook-${userId}`;
/** One y-indexeddb database per instance doc (y-indexeddb's own layout inside). */
export const docDbName = (instanceId: string): string => `fieldbook-doc:${instanceId}`;
/** A recipient session's registry of redeemed links (kv only). */
export const recipientRegistryName = (sessionId: string): string => `fieldbook-share-${sessionId}`;
/** One Dexie database per redeemed link: one credential (its grant) per database. */
export const recipientLinkDbName = (sessionId: string, linkId: string): string => `fieldbook-share-${sessionId}-${linkId}`;

// --- keys of the Dexie `kv` table (never replicated) ---

/** The change feed's opaque cursor. */
export const CHANGES_CURSOR_KEY = 'changes.cursor';
/** When this device last received from / sent to the relay. */
export const LAST_PULLED_KEY = 'sync.lastPulledAt';
export const LAST_FLUSHED_KEY = 'sync.lastFlushedAt';
/** The workspace's members by name, as the relay last told this device. */
export const MEMBERS_KEY = 'members';

/** What this device knows about the relay's stored copy of one instance doc. */
export const RELAY_SV_PREFIX = 'relay.sv.';
export const relayKey = (instanceId: string): string => `${RELAY_SV_PREFIX}${instanceId}`;
/** An admin's unpublished draft of a document. */
export const DRAFT_PREFIX = 'draft.';
export const draftKey = (documentId: string): string => `${DRAFT_PREFIX}${documentId}`;
/** Where the user left off in a run. */
export const positionKey = (instanceId: string): string => `run-position:${instanceId}`;
/** A share link's raw token, on the device that made the link only. */
export const shareTokenKey = (linkId: string): string => `share.token.${linkId}`;
/** In a recipient registry: a redeemed link, and the token-hash index that finds it offline. */
export const REDEEMED_PREFIX = 'share.redeemed.';
export const redeemedKey = (linkId: string): string => `${REDEEMED_PREFIX}${linkId}`;
export const tokenHashKey = (tokenHash: string): string => `share.hash.${tokenHash}`;
