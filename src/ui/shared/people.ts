import { shareLinkIdSchema } from '../../domain';
import type { ActivityEvent, ActivityType, ShareLinkId } from '../../domain';
import type { Names } from './hooks/use-members';

/**
 * How the UI names the person behind an id: "you" for the viewer, a member's name from the
 * workspace list kept on the device, a recipient by the link they came through.
 */
export function personName(id: string, viewerId: string, names: Names): string {
  if (id === viewerId) return 'you';
  return names.get(id) ?? 'a workspace member';
}

/** A share-link recipient, by the link's label (the only name they have). */
export function recipientVia(linkLabel: string | undefined): string {
  return linkLabel === undefined || linkLabel.trim() === '' ? 'a recipient via a share link' : `a recipient via ${linkLabel}`;
}

const DID: Record<ActivityType, string> = {
  procedure_started: 'started this procedure',
  procedure_completed: 'completed this procedure',
  checklist_started: 'started this checklist',
  checklist_completed: 'completed this checklist',
  form_started: 'started this form',
  form_submitted: 'submitted this form',
  form_received: 'sent this form',
  run_abandoned: 'abandoned this run',
  answer_flagged: 'flagged an answer in this run',
};

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The event was done by a share-link recipient: `form_received` always (recorded for the link's
 * creator), otherwise an event with a recipient session and no member.
 */
export const doneByRecipient = (event: ActivityEvent): boolean =>
  event.type === 'form_received' || (event.userId === undefined && event.sessionId !== undefined);

/**
 * Who did what, as one sentence: "Dana started this procedure", "You submitted this form",
 * "A recipient via Site B sent this form to you". `form_received` is recorded for the link's
 * creator (`userId`) but done by the recipient (`metadata.sessionId`).
 */
export function activitySentence(event: ActivityEvent, viewerId: string, names: Names, linkLabel: string | undefined): string {
  const actor = doneByRecipient(event) ? recipientVia(linkLabel) : event.userId !== undefined ? personName(event.userId, viewerId, names) : 'someone';
  const to = event.type === 'form_received' && event.userId !== undefined ? ` to ${personName(event.userId, viewerId, names)}` : '';
  return `${capitalised(actor)} ${DID[event.type]}${to}`;
}

/** The share link behind an event by a recipient: named in its metadata, or by its instance. */
export function eventShareLinkId(event: ActivityEvent): ShareLinkId | undefined {
  const parsed = shareLinkIdSchema.safeParse(event.metadata?.shareLinkId);
  return parsed.success ? parsed.data : undefined;
}
