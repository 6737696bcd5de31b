import { z } from 'zod';

/** Branded ids: a string that says which record it names. All ids are client-made UUIDs. */
export type Brand<T, B extends string> = T & { readonly brand: B };

export type DocumentId = Brand<string, 'DocumentId'>;
export type VersionId = Brand<string, 'VersionId'>;
export type InstanceId = Brand<string, 'InstanceId'>;
export type ActivityId = Brand<string, 'ActivityId'>;
export type ShareLinkId = Brand<string, 'ShareLinkId'>;
export type UserId = Brand<string, 'UserId'>;
export type SessionId = Brand<string, 'SessionId'>;

// Lowercase canonical UUID text (any version, incl. the v8 ids derived in activity.ts).
const uuidText = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase UUID');

export const documentIdSchema = uuidText.transform((s) => s as DocumentId);
export const versionIdSchema = uuidText.transform((s) => s as VersionId);
export const instanceIdSchema = uuidText.transform((s) => s as InstanceId);
export const activityIdSchema = uuidText.transform((s) => s as ActivityId);
export const shareLinkIdSchema = uuidText.transform((s) => s as ShareLinkId);
export const userIdSchema = uuidText.transform((s) => s as UserId);
export const sessionIdSchema = uuidText.transform((s) => s as SessionId);

export const isUuid = (value: string): boolean => uuidText.safeParse(value).success;

/** Epoch milliseconds. */
export const timestampSchema = z.number().int().nonnegative();
export type Timestamp = number;
