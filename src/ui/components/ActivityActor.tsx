import { useCallback } from 'react';
import type { FieldbookDB } from '../../db';
import type { ActivityEvent } from '../../domain';
import { useLiveQuery } from '../hooks/use-live-query';
import { useNames } from '../hooks/use-members';
import { activitySentence, eventShareLinkId } from '../people';

/** The label of the link a recipient came through: from the event, else from its instance (both on the device). */
async function recipientLinkLabel(db: FieldbookDB, event: ActivityEvent): Promise<string | undefined> {
  if (event.type !== 'form_received' && event.sessionId === undefined) return undefined;
  const linkId = eventShareLinkId(event) ?? (await db.instances.get(event.instanceId))?.shareLinkId;
  return linkId === undefined ? undefined : (await db.shareLinks.get(linkId))?.label;
}

/** "Dana started this procedure": who did the event's thing, in words (src/ui/people.ts). */
export function ActivityActor({ event, db, viewerId }: { event: ActivityEvent; db: FieldbookDB; viewerId: string }) {
  const names = useNames();
  const label = useLiveQuery(useCallback(() => recipientLinkLabel(db, event), [db, event]), { keepPrevious: true }).value;
  return <p className="activity-actor">{activitySentence(event, viewerId, names, label)}</p>;
}
