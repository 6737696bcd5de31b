import { z } from 'zod';
import { activityIdSchema, documentIdSchema, instanceIdSchema, sessionIdSchema, timestampSchema, userIdSchema } from './ids';
import type { ActivityId, InstanceId } from './ids';

export const ACTIVITY_TYPES = [
  'procedure_started',
  'procedure_completed',
  'checklist_started',
  'checklist_completed',
  'form_started',
  'form_submitted',
  'form_received',
  'run_abandoned',
  /** A part answered with a flagged response (a failed tyre): one event per (instance, part). */
  'answer_flagged',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const activityTypeSchema = z.enum(ACTIVITY_TYPES);

const metadataValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const activityEventSchema = z.object({
  id: activityIdSchema,
  type: activityTypeSchema,
  userId: userIdSchema.optional(),
  sessionId: sessionIdSchema.optional(),
  documentId: documentIdSchema,
  instanceId: instanceIdSchema,
  title: z.string().min(1).max(200),
  createdAt: timestampSchema,
  metadata: z.record(z.string().max(64), metadataValue).optional(),
});
export type ActivityEvent = z.infer<typeof activityEventSchema>;

// One 32-bit mask per type; XOR-ing it into an instance id gives a distinct, stable id per (type, instance).
const TYPE_MASK: Record<ActivityType, number> = {
  procedure_started: 0x1f3a5c71,
  procedure_completed: 0x2e4b6d82,
  checklist_started: 0x3d5c7e93,
  checklist_completed: 0x4c6d8fa4,
  form_started: 0x5b7e90b5,
  form_submitted: 0x6a8fa1c6,
  form_received: 0x7990b2d7,
  run_abandoned: 0x88a1c3e8,
  answer_flagged: 0x97b2d4f9,
};

/** 32 hex digits as a version-8 UUID: version nibble and RFC variant bits fixed. */
function asV8(h: string): ActivityId {
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}` as ActivityId;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/**
 * Deterministic id for a fact that happens once per instance (e.g. `procedure_completed`),
 * so two offline devices recording the same fact produce one event. The result is a
 * version-8 (custom) UUID: the instance id's first 32 bits XOR a per-type mask, the
 * rest of the instance id kept, version and variant nibbles fixed.
 */
export function activityIdFor(type: ActivityType, instanceId: InstanceId): ActivityId {
  const hex = instanceId.replace(/-/g, '');
  const head = (parseInt(hex.slice(0, 8), 16) ^ TYPE_MASK[type]) >>> 0;
  return asV8(hex8(head) + hex.slice(8));
}

/** 32-bit FNV-1a of a string's UTF-16 code units, from `seed` (the FNV offset basis by default). */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Deterministic id for a fact that happens once per (instance, part), e.g. `answer_flagged` on
 * one checklist item: two devices flagging the same item record one event. Like `activityIdFor`,
 * with the second and third 32-bit words of the id XOR-ed with two FNV-1a hashes of the part key
 * (about 58 bits of the key survive the fixed version and variant bits).
 */
export function activityIdForPart(type: ActivityType, instanceId: InstanceId, partKey: string): ActivityId {
  const hex = instanceId.replace(/-/g, '');
  const head = (parseInt(hex.slice(0, 8), 16) ^ TYPE_MASK[type]) >>> 0;
  const second = (parseInt(hex.slice(8, 16), 16) ^ fnv1a(partKey)) >>> 0;
  const third = (parseInt(hex.slice(16, 24), 16) ^ fnv1a(partKey, 0x9e3779b9)) >>> 0;
  return asV8(hex8(head) + hex8(second) + hex8(third) + hex.slice(24));
}

/**
 * The only id `event` may have: per instance for once-per-instance facts, per (instance, part)
 * for `answer_flagged`, whose part key travels in `metadata.partKey`. Undefined when the
 * event lacks that key (such an event cannot be checked, so it is refused).
 */
export function expectedActivityId(event: Pick<ActivityEvent, 'type' | 'instanceId' | 'metadata'>): ActivityId | undefined {
  if (event.type !== 'answer_flagged') return activityIdFor(event.type, event.instanceId);
  const key = event.metadata?.partKey;
  return typeof key === 'string' && key !== '' ? activityIdForPart(event.type, event.instanceId, key) : undefined;
}

/** Which event a transition records, by content type. */
export const STARTED_EVENT = { procedure: 'procedure_started', checklist: 'checklist_started', form: 'form_started' } as const;
export const FINISHED_EVENT = { procedure: 'procedure_completed', checklist: 'checklist_completed', form: 'form_submitted' } as const;
/** Any content type's run given up; metadata carries the reason. */
export const ABANDONED_EVENT = 'run_abandoned' as const;
/** A flagged answer (any content type); metadata carries the part and response labels. */
export const FLAGGED_EVENT = 'answer_flagged' as const;
