/**
 * The flusher against the real relay (HTTP on port 0, real SQLite, the PWA's own API client and
 * the real fetch); fake-indexeddb for the device's database. Failures the relay will not make
 * on demand (a 500, a 429, a lost answer) come from the fetch wrapper in test-relay.ts.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { failedOutbox, kvSet, outboxCounts, pendingOutbox, writeRecords } from '../../db';
import { aDocument, anInstance, aVersion, closeTestDbs, freshDb } from '../../db/test-support';
import type { ActivityEvent, Instance, UserId } from '../../domain';
import { activityOf } from '../../../sync-server/test/helpers/records';
import { closeRelays, faultyFetch, startWorkspace, storedKey } from '../test-relay';
import type { Workspace } from '../test-relay';
import { manualPlatform } from '../test-platform';
import { createFlusher, routeOf } from './flusher';
import { relayKey } from '../../protocol';

afterEach(async () => {
  await closeRelays();
  await closeTestDbs();
});

/** A run of `userId` and its started event, as the device records them. */
function aRun(userId: string, over: Partial<Omit<Instance, 'userId' | 'sessionId'>> = {}): { instance: Instance; event: ActivityEvent } {
  const instance = anInstance({ ...over, userId: userId as UserId });
  const { id, sourceDocumentId, contentType, title } = instance;
  return { instance, event: activityOf({ id, sourceDocumentId, contentType, title, userId }) as ActivityEvent };
}

/** Put a run straight on the relay (as another device would have). */
async function onRelay(ws: Workspace, instance: Instance, token = ws.admin.token): Promise<void> {
  const res = await ws.server.request('PUT', `/api/instances/${instance.id}`, { token, body: instance });
  expect(res.status).toBe(200);
}

describe('flusher', () => {
  it('replays the outbox oldest first as PUTs keyed by client ids, on the route of each kind', async () => {
    const ws = await startWorkspace();
    const me = ws.admin.user.id;
    const db = freshDb();
    const net = faultyFetch();
    const doc = aDocument({ createdBy: me as UserId });
    const version = aVersion(doc.id, { publishedBy: me as UserId });
    const { instance, event } = aRun(me, { sourceDocumentId: doc.id, documentVersionId: version.id });
    await writeRecords(db, [{ kind: 'document', value: doc }]);
    await writeRecords(db, [{ kind: 'version', value: version }]);
    await writeRecords(db, [{ kind: 'instance', value: instance }, { kind: 'activity', value: event }]);

    await createFlusher({ db, api: ws.client({ through: net }) }).flush();

    expect(net.puts()).toEqual([
      `/api/documents/${doc.id}`,
      `/api/documents/${doc.id}/versions/${version.id}`,
      `/api/instances/${instance.id}`,
      `/api/activity/${event.id}`,
    ]);
    expect(net.requests.every((r) => r.headers.Authorization === `Bearer ${ws.admin.token}`)).toBe(true);
    expect((await ws.stored()).get(storedKey('instance', instance.id))).toEqual(instance);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('resends an entry whose answer was lost, and the idempotent relay ends with one record', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const net = faultyFetch();
    const { instance, event } = aRun(ws.admin.user.id);
    await onRelay(ws, instance);
    await writeRecords(db, [{ kind: 'activity', value: event }]);
    const flusher = createFlusher({ db, api: ws.client({ through: net }), platform: manualPlatform(), random: () => 0 });

    net.fail({ kind: 'lose-response' });
    await flusher.flush();
    expect(await outboxCounts(db)).toEqual({ pending: 1, failed: 0 });
    expect(flusher.getStatus().state).toBe('waiting');
    expect((await ws.stored()).has(storedKey('activity', event.id))).toBe(true); // the relay did store it

    net.fail(null);
    await flusher.flush('manual');
    expect(net.puts()).toEqual([`/api/activity/${event.id}`, `/api/activity/${event.id}`]);
    const activity = [...(await ws.stored()).keys()].filter((key) => key.startsWith('activity:'));
    expect(activity).toEqual([storedKey('activity', event.id)]);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
    expect(flusher.getStatus()).toMatchObject({ state: 'idle', lastFlushedAt: expect.any(Number) as number });
  });

  it('keeps a 4xx-rejected entry as failed with its error and goes on with the next one', async () => {
    const ws = await startWorkspace();
    const ann = await ws.server.signup('ann@site.example', 'Ann Crew');
    const db = freshDb();
    // A member may not author documents: the relay's own 403.
    const doc = aDocument({ createdBy: ann.user.id as UserId });
    const { instance, event } = aRun(ann.user.id);
    await onRelay(ws, instance, ann.token);
    await writeRecords(db, [{ kind: 'document', value: doc }]);
    await writeRecords(db, [{ kind: 'activity', value: event }]);

    await createFlusher({ db, api: ws.client({ token: ann.token }) }).flush();

    const failed = await failedOutbox(db, 10);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'document', recordId: doc.id, state: 'failed', lastError: { status: 403, code: 'forbidden', message: 'Only the workspace admin can author documents' } });
    expect((await ws.stored()).has(storedKey('activity', event.id))).toBe(true);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 1 });
  });

  it('stops on a 5xx and backs off exponentially with a cap, without sending later entries', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const net = faultyFetch();
    const first = aRun(ws.admin.user.id);
    const second = aRun(ws.admin.user.id);
    await onRelay(ws, first.instance);
    await onRelay(ws, second.instance);
    await writeRecords(db, [{ kind: 'activity', value: first.event }]);
    await writeRecords(db, [{ kind: 'activity', value: second.event }]);
    const platform = manualPlatform();
    const flusher = createFlusher({ db, api: ws.client({ through: net }), platform, random: () => 1, baseBackoffMs: 1_000, maxBackoffMs: 4_000 });
    net.fail({ kind: 'status', status: 500, code: 'internal' });

    await flusher.flush();
    expect(net.puts()).toEqual([`/api/activity/${first.event.id}`]);
    expect(flusher.getStatus()).toMatchObject({ state: 'waiting', error: { code: 'internal' } });
    expect(platform.delays()).toContain(1_000);

    // An automatic trigger waits out the backoff.
    await flusher.flush('write');
    expect(net.puts()).toHaveLength(1);

    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      platform.fireAtLeast(1_000);
      await flusher.flush('timer'); // joins the retry the timer started
      delays.push(Math.max(...platform.delays().filter((d) => d !== 30_000)));
    }
    expect(delays).toEqual([2_000, 4_000, 4_000]);
    expect(await outboxCounts(db)).toEqual({ pending: 2, failed: 0 });

    net.fail(null);
    await flusher.flush('reconnect');
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
    expect(flusher.getStatus().state).toBe('idle');
  });

  it('treats 401 and 429 as transient: the entry stays pending', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const { instance, event } = aRun(ws.admin.user.id);
    await onRelay(ws, instance);
    await writeRecords(db, [{ kind: 'activity', value: event }]);
    const platform = manualPlatform();
    // 401: the relay's own answer to a token it does not know.
    await createFlusher({ db, api: ws.client({ token: 'not-a-token' }), platform }).flush('manual');
    expect(await outboxCounts(db)).toEqual({ pending: 1, failed: 0 });
    // 429: the test relay runs without rate limits, so the answer is injected.
    const net = faultyFetch();
    net.fail({ kind: 'status', status: 429, code: 'rate_limited' });
    await createFlusher({ db, api: ws.client({ through: net }), platform }).flush('manual');
    expect(await outboxCounts(db)).toEqual({ pending: 1, failed: 0 });
  });

  it('retries a failed entry at its place, and discards one only when asked', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const a = aRun(ws.admin.user.id);
    const b = aRun(ws.admin.user.id);
    // Events of runs the relay does not have: its own 409, kept as failed.
    await writeRecords(db, [{ kind: 'activity', value: a.event }]);
    await writeRecords(db, [{ kind: 'activity', value: b.event }]);
    const flusher = createFlusher({ db, api: ws.client() });
    await flusher.flush();
    const [fa, fb] = await failedOutbox(db, 10);
    expect(fa?.recordId).toBe(a.event.id);
    expect(fa?.lastError).toMatchObject({ status: 409, code: 'conflict' });

    await onRelay(ws, a.instance);
    await flusher.retry(fa?.seq ?? -1);
    expect((await ws.stored()).has(storedKey('activity', a.event.id))).toBe(true);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 1 });

    await flusher.discard(fb?.seq ?? -1);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
    expect((await ws.stored()).has(storedKey('activity', b.event.id))).toBe(false);
  });

  it('sends the newest write of an instance in the place of an older one, so its events never reach the relay before it', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const net = faultyFetch();
    const { instance, event } = aRun(ws.admin.user.id);
    await writeRecords(db, [{ kind: 'instance', value: instance }, { kind: 'activity', value: event }]);
    await writeRecords(db, [{ kind: 'instance', value: { ...instance, status: 'in_progress', startedAt: instance.createdAt + 1, lastActivityAt: instance.createdAt + 1 } }]);
    expect(await pendingOutbox(db, 10)).toHaveLength(3);

    await createFlusher({ db, api: ws.client({ through: net }) }).flush();

    // The relay checks that an event's instance is there (409 otherwise): order is kept.
    expect(net.puts()).toEqual([`/api/instances/${instance.id}`, `/api/activity/${event.id}`, `/api/instances/${instance.id}`]);
    expect(net.requests.map((r) => r.path).slice(0, 1)).toEqual([`/api/instances/${instance.id}`]);
    expect((await ws.stored()).get(storedKey('instance', instance.id))).toMatchObject({ status: 'in_progress' });
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('never runs two flushes at once; a trigger during a flush runs one more afterwards', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const net = faultyFetch();
    await writeRecords(db, [{ kind: 'instance', value: aRun(ws.admin.user.id).instance }]);
    const flusher = createFlusher({ db, api: ws.client({ through: net }) });
    net.hold();
    const first = flusher.flush();
    const second = flusher.flush('write');
    await writeRecords(db, [{ kind: 'instance', value: aRun(ws.admin.user.id).instance }]);
    await expect.poll(() => net.puts().length).toBe(1);
    net.release();
    await Promise.all([first, second]);
    expect(net.maxConcurrent).toBe(1);
    expect(net.puts()).toHaveLength(2);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('flushes after a local write once started, without being asked', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const flushed: number[] = [];
    const { instance, event } = aRun(ws.admin.user.id);
    await onRelay(ws, instance);
    const flusher = createFlusher({ db, api: ws.client(), platform: manualPlatform(), onChange: (r) => flushed.push(r.sent) });
    flusher.start();
    await new Promise<void>((resolve) => {
      if (flusher.getStatus().lastFlushedAt !== undefined) return resolve();
      const off = flusher.subscribe((s) => {
        if (s.state === 'idle' && s.lastFlushedAt !== undefined) {
          off();
          resolve();
        }
      });
    });
    const sent = new Promise<void>((resolve) => {
      const off = flusher.subscribe(() => {
        void outboxCounts(db).then(({ pending }) => {
          if (pending === 0 && flushed.length > 0 && flusher.getStatus().state === 'idle') {
            off();
            resolve();
          }
        });
      });
    });
    await writeRecords(db, [{ kind: 'activity', value: event }]);
    await sent;
    flusher.stop();
    expect(flushed).toEqual([1]);
    expect((await ws.stored()).has(storedKey('activity', event.id))).toBe(true);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('F1: holds a finished instance back until the relay has stored its Yjs edits, announcing the room first', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const net = faultyFetch();
    const { instance, event } = aRun(ws.admin.user.id, { status: 'completed', startedAt: 1, completedAt: 2 });
    await writeRecords(db, [{ kind: 'instance', value: instance }, { kind: 'activity', value: event }]);
    const flusher = createFlusher({ db, api: ws.client({ through: net }) });
    const key = storedKey('instance', instance.id);

    // The relay never heard of the room: it gets the unfinished view, the finished one waits.
    await flusher.flush();
    expect((await ws.stored()).get(key)).toMatchObject({ id: instance.id, status: 'in_progress' });
    expect((await ws.stored()).get(key)).not.toHaveProperty('completedAt');
    expect(net.puts()).toContain(`/api/activity/${event.id}`);
    expect(await pendingOutbox(db, 10)).toMatchObject([{ recordId: instance.id, announced: true }]);

    // The relay has acknowledged a state vector but still lacks some of our edits: keep waiting.
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 2, at: 3 });
    await flusher.flush('manual');
    expect((await ws.stored()).get(key)).toMatchObject({ status: 'in_progress' });

    // Everything stored on the relay: the finished record goes and leaves the outbox.
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 0, at: 4 });
    await flusher.flush('manual');
    expect((await ws.stored()).get(key)).toEqual(instance);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('F1: holds an abandoned instance back the same way, announcing it without its abandon', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const { instance } = aRun(ws.admin.user.id, { status: 'abandoned', startedAt: 1, abandonedAt: 2, abandonReason: 'Started by mistake' });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    const flusher = createFlusher({ db, api: ws.client() });
    const key = storedKey('instance', instance.id);
    await flusher.flush();
    expect((await ws.stored()).get(key)).toMatchObject({ id: instance.id, status: 'in_progress' });
    expect((await ws.stored()).get(key)).not.toHaveProperty('abandonedAt');
    expect((await ws.stored()).get(key)).not.toHaveProperty('abandonReason');
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 0, at: 4 });
    await flusher.flush('manual');
    expect((await ws.stored()).get(key)).toEqual(instance);
  });

  it('F1: sends a finished run at once when the relay did not accept its edits (finished elsewhere): holding it back cannot help', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const { instance } = aRun(ws.admin.user.id, { status: 'completed', startedAt: 1, completedAt: 2 });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 3, at: 3, notAccepted: { at: 3 } });
    await createFlusher({ db, api: ws.client() }).flush();
    expect((await ws.stored()).get(storedKey('instance', instance.id))).toEqual(instance);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('F1: once started, sends a held-back finished run as soon as the relay acknowledges its edits, without being asked', async () => {
    const ws = await startWorkspace();
    const db = freshDb();
    const { instance } = aRun(ws.admin.user.id, { status: 'completed', startedAt: 1, completedAt: 2 });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    const flusher = createFlusher({ db, api: ws.client(), platform: manualPlatform() });
    flusher.start();
    await expect.poll(async () => (await pendingOutbox(db, 10))[0]?.announced).toBe(true);
    await expect.poll(() => flusher.getStatus().state).toBe('idle');

    // The provider manager records the relay's acknowledgement of every edit: the flusher notices.
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 0, at: 4 });
    await expect.poll(() => outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
    flusher.stop();
    expect((await ws.stored()).get(storedKey('instance', instance.id))).toEqual(instance);
  });

  it('routes versions under their document', () => {
    const doc = aDocument();
    const version = aVersion(doc.id);
    expect(routeOf({ kind: 'version', recordId: version.id, value: version })).toBe(`/api/documents/${doc.id}/versions/${version.id}`);
  });
});
