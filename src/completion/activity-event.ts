import { activityIdFor } from '../domain';
import type { ActivityEvent, ActivityId, ActivityType, Instance, Timestamp } from '../domain';

/** An event about `instance`, owned like it (userId or sessionId) and titled with its denormalized title. */
export function activityEvent(instance: Instance, type: ActivityType, now: Timestamp, metadata?: ActivityEvent['metadata'], id: ActivityId = activityIdFor(type, instance.id)): ActivityEvent {
  const event: ActivityEvent = {
    id,
    type,
    documentId: instance.sourceDocumentId,
    instanceId: instance.id,
    title: instance.title,
    createdAt: now,
  };
  if (instance.userId !== undefined) event.userId = instance.userId;
  if (instance.sessionId !== undefined) event.sessionId = instance.sessionId;
  if (metadata !== undefined) event.metadata = metadata;
  return event;
}
