import { describe, expect, it } from 'vitest';
import { activityIdFor } from '../../domain';
import type { ActivityEvent, DocumentId, InstanceId, SessionId, ShareLinkId, UserId } from '../../domain';
import { activitySentence, eventShareLinkId, recipientVia } from './people';

const me = crypto.randomUUID() as UserId;
const dana = crypto.randomUUID() as UserId;
const instanceId = crypto.randomUUID() as InstanceId;
const names = new Map([[dana, 'Dana Diaz']]);

const event = (overrides: Partial<ActivityEvent>): ActivityEvent => ({
  id: activityIdFor('procedure_started', instanceId),
  type: 'procedure_started',
  documentId: crypto.randomUUID() as DocumentId,
  instanceId,
  title: 'LOTO',
  createdAt: 1_700_000_000_000,
  ...overrides,
});

describe('activitySentence', () => {
  it('names a member, says "you" for the viewer, and falls back when the name is not on the device', () => {
    expect(activitySentence(event({ userId: dana }), me, names, undefined)).toBe('Dana Diaz started this procedure');
    expect(activitySentence(event({ userId: me, type: 'form_submitted' }), me, names, undefined)).toBe('You submitted this form');
    expect(activitySentence(event({ userId: crypto.randomUUID() as UserId, type: 'run_abandoned' }), me, names, undefined)).toBe(
      'A workspace member abandoned this run',
    );
  });

  it('names a recipient by the link they came through, also for form_received (done by the recipient, for the creator)', () => {
    const sessionId = crypto.randomUUID() as SessionId;
    expect(activitySentence(event({ sessionId, type: 'form_submitted' }), me, names, 'Site B contractors')).toBe(
      'A recipient via Site B contractors submitted this form',
    );
    expect(activitySentence(event({ userId: me, type: 'form_received', metadata: { sessionId } }), me, names, 'Site B')).toBe(
      'A recipient via Site B sent this form to you',
    );
    expect(activitySentence(event({ userId: dana, type: 'form_received' }), me, names, undefined)).toBe('A recipient via a share link sent this form to Dana Diaz');
    expect(recipientVia('  ')).toBe('a recipient via a share link');
  });

  it("reads the link id from an event's metadata only when it is one", () => {
    const link = crypto.randomUUID() as ShareLinkId;
    expect(eventShareLinkId(event({ metadata: { shareLinkId: link } }))).toBe(link);
    expect(eventShareLinkId(event({ metadata: { shareLinkId: '__proto__' } }))).toBeUndefined();
  });
});
