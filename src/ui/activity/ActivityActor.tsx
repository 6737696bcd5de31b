import { useCallback } from 'react';
import type { FieldbookDB } from '../../db';
import type { ActivityEvent, InstanceId, ShareLinkId } from '../../domain';
import { useLiveQuery } from '../shared/hooks/use-live-query';
import { useNames } from '../shared/hooks/use-members';
import './activity.css';
import { activitySentence, doneByRecipient, eventShareLinkId } from '../shared/people';

/** The label of the link a recipient came through: from the event, else from its instance (both on the device). */
async function recipientLinkLabel(db: FieldbookDB, instanceId: InstanceId, linkInEvent: ShareLinkId | undefined): Promise<string | undefined> {
  const linkId = linkInEvent ?? (await db.instances.get(instanceId))?.shareLinkId;
  return linkId === undefined ? undefined : (await db.shareLinks.get(linkId))?.label;
}

/** "Dana started this procedure": who did the event's thing, in words (src/ui/shared/people.ts). */
export function ActivityActor({ event, db, viewerId }: { event: ActivityEvent; db: FieldbookDB; viewerId: string }) {
  const names = useNames();
  const byRecipient = doneByRecipient(event);
  const linkInEvent = eventShareLinkId(event);
  const { instanceId } = event;
  const query = useCallback(
    () => (byRecipient ? recipientLinkLabel(db, instanceId, linkInEvent) : Promise.resolve(undefined)),
    [db, byRecipient, instanceId, linkInEvent],
  );
  const label = useLiveQuery(query, { keepPrevious: true }).value;
  return <p className="activity-actor">{activitySentence(event, viewerId, names, label)}</p>;
}
