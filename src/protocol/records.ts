import { z } from 'zod';

/**
 * Record writes (`PUT /api/documents/:id`, `/versions/:versionId`, `/instances/:id`,
 * `/activity/:id`, `/share-links/:id`, `POST /api/share-links/:id/revoke`) answer `200 {value}`,
 * the record as stored. The request bodies are the records themselves (src/domain schemas).
 * `value` stays unparsed on the wire: the change feed brings the stored record back through the
 * puller, which parses it once with its kind's schema.
 */
export const recordResponseSchema = z.object({ value: z.unknown() });
export type RecordResponse = z.infer<typeof recordResponseSchema>;

/**
 * `GET /api/instances/:id` (extension): the stored instance and, when on the relay, the version
 * it pins. Both are parsed by the records layer where they are stored.
 */
export const instanceResponseSchema = z.object({ value: z.unknown(), version: z.unknown().optional() });
export type InstanceResponse = z.infer<typeof instanceResponseSchema>;
