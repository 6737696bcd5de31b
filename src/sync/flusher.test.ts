import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { failedOutbox, kvSet, outboxCounts, pendingOutbox, writeRecords } from '../db';
import { aDocument, anEvent, anInstance, aVersion, closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { UserId } from '../domain';
import { createApiClient } from './api-client';
import type { Timers } from './backoff';
import { createFlusher, routeOf } from './flusher';
import { relayKey } from './relay-state';

afterEach(closeTestDbs);

type Mode = { kind: 'ok' } | { kind: 'status'; status: number; code: string } | { kind: 'network' } | { kind: 'lose-response' };

/** A relay behind a fake fetch: stores each PUT body by path, answers per the current mode. */
function fakeRelay() {
  const stored = new Map<string, unknown>();
  const requests: { method: string; path: string; auth: string | undefined }[] = [];
  let mode: Mode = { kind: 'ok' };
  const modeFor = new Map<string, Mode>();
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const path = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
    const headers = init.headers as Record<string, string>;
    requests.push({ method: init.method ?? 'GET', path, auth: headers.Authorization });
    const m = modeFor.get(path) ?? mode;
    switch (m.kind) {
      case 'network':
        return Promise.reject(new TypeError('Failed to fetch'));
      case 'status':
        return Promise.resolve(json(m.status, { error: { code: m.code, message: `refused with ${m.code}` } }));
      case 'lose-response':
        // The relay stores the write, then the answer is lost on the way back.
        stored.set(path, JSON.parse(init.body as string));
        return Promise.reject(new TypeError('Network connection lost'));
      case 'ok': {
        const body: unknown = JSON.parse(init.body as string);
        stored.set(path, body);
        return Promise.resolve(json(200, { value: body }));
      }
    }
  };
  const api = createApiClient({ getToken: () => 'tok', fetch });
  return {
    api,
    stored,
    requests,
    puts: () => requests.filter((r) => r.method === 'PUT').map((r) => r.path),
    setMode: (next: Mode) => (mode = next),
    setModeFor: (path: string, next: Mode) => modeFor.set(path, next),
  };
}

/** Timers that run only when the test fires them; records each delay asked for. */
function manualTimers() {
  const scheduled = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    set(callback, ms) {
      const id = next++;
      scheduled.set(id, { callback, ms });
      return id;
    },
    clear(handle) {
      scheduled.delete(handle as number);
    },
  };
  return {
    timers,
    delays: () => [...scheduled.values()].map((t) => t.ms),
    /** Fire every timer whose delay is at least `minMs` (the backoff timers, not request timeouts). */
    fire(minMs: number) {
      for (const [id, t] of [...scheduled]) {
        if (t.ms < minMs) continue;
        scheduled.delete(id);
        t.callback();
      }
    },
  };
}

const me = uuid() as UserId;

describe('flusher', () => {
  it('replays the outbox oldest first as PUTs keyed by client ids, on the route of each kind', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const doc = aDocument();
    const version = aVersion(doc.id);
    const instance = anInstance({ userId: me, sourceDocumentId: doc.id, documentVersionId: version.id });
    const event = anEvent({ userId: me, instanceId: instance.id, documentId: doc.id });
    await writeRecords(db, [{ kind: 'document', value: doc }]);
    await writeRecords(db, [{ kind: 'version', value: version }]);
    await writeRecords(db, [{ kind: 'instance', value: instance }, { kind: 'activity', value: event }]);

    await createFlusher({ db, api: relay.api }).flush();

    expect(relay.puts()).toEqual([
      `/api/documents/${doc.id}`,
      `/api/documents/${doc.id}/versions/${version.id}`,
      `/api/instances/${instance.id}`,
      `/api/activity/${event.id}`,
    ]);
    expect(relay.requests.every((r) => r.auth === 'Bearer tok')).toBe(true);
    expect(relay.stored.get(`/api/instances/${instance.id}`)).toEqual(instance);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('resends an entry whose answer was lost, and the idempotent relay ends with one record', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const event = anEvent({ userId: me });
    await writeRecords(db, [{ kind: 'activity', value: event }]);
    const timers = manualTimers();
    const flusher = createFlusher({ db, api: relay.api, timers: timers.timers, random: () => 0 });

    relay.setMode({ kind: 'lose-response' });
    await flusher.flush();
    expect(await outboxCounts(db)).toEqual({ pending: 1, failed: 0 });
    expect(flusher.getStatus().state).toBe('waiting');

    relay.setMode({ kind: 'ok' });
    await flusher.flush('manual');
    expect(relay.puts()).toEqual([`/api/activity/${event.id}`, `/api/activity/${event.id}`]);
    expect([...relay.stored.keys()]).toEqual([`/api/activity/${event.id}`]);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
    expect(flusher.getStatus()).toMatchObject({ state: 'idle', lastFlushedAt: expect.any(Number) as number });
  });

  it('keeps a 4xx-rejected entry as failed with its error and goes on with the next one', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const doc = aDocument();
    const event = anEvent({ userId: me });
    await writeRecords(db, [{ kind: 'document', value: doc }]);
    await writeRecords(db, [{ kind: 'activity', value: event }]);
    relay.setModeFor(`/api/documents/${doc.id}`, { kind: 'status', status: 403, code: 'forbidden' });

    await createFlusher({ db, api: relay.api }).flush();

    const failed = await failedOutbox(db, 10);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'document', recordId: doc.id, state: 'failed', lastError: { status: 403, code: 'forbidden', message: 'refused with forbidden' } });
    expect(relay.stored.has(`/api/activity/${event.id}`)).toBe(true);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 1 });
  });

  it('stops on a 5xx and backs off exponentially with a cap, without sending later entries', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const first = anEvent({ userId: me });
    const second = anEvent({ userId: me });
    await writeRecords(db, [{ kind: 'activity', value: first }]);
    await writeRecords(db, [{ kind: 'activity', value: second }]);
    const timers = manualTimers();
    const flusher = createFlusher({ db, api: relay.api, timers: timers.timers, random: () => 1, baseBackoffMs: 1_000, maxBackoffMs: 4_000 });
    relay.setMode({ kind: 'status', status: 500, code: 'internal' });

    await flusher.flush();
    expect(relay.puts()).toEqual([`/api/activity/${first.id}`]);
    expect(flusher.getStatus()).toMatchObject({ state: 'waiting', error: { code: 'internal' } });
    expect(timers.delays()).toContain(1_000);

    // An automatic trigger waits out the backoff.
    await flusher.flush('write');
    expect(relay.puts()).toHaveLength(1);

    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      timers.fire(1_000);
      await flusher.flush('timer'); // joins the retry the timer started
      delays.push(Math.max(...timers.delays().filter((d) => d !== 30_000)));
    }
    expect(delays).toEqual([2_000, 4_000, 4_000]);
    expect(await outboxCounts(db)).toEqual({ pending: 2, failed: 0 });

    relay.setMode({ kind: 'ok' });
    await flusher.flush('reconnect');
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
    expect(flusher.getStatus().state).toBe('idle');
  });

  it('treats 401 and 429 as transient: the entry stays pending', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    await writeRecords(db, [{ kind: 'activity', value: anEvent({ userId: me }) }]);
    const flusher = createFlusher({ db, api: relay.api, timers: manualTimers().timers });
    for (const [status, code] of [
      [401, 'unauthenticated'],
      [429, 'rate_limited'],
    ] as const) {
      relay.setMode({ kind: 'status', status, code });
      await flusher.flush('manual');
      expect(await outboxCounts(db)).toEqual({ pending: 1, failed: 0 });
    }
  });

  it('retries a failed entry at its place, and discards one only when asked', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const a = anEvent({ userId: me });
    const b = anEvent({ userId: me });
    await writeRecords(db, [{ kind: 'activity', value: a }]);
    await writeRecords(db, [{ kind: 'activity', value: b }]);
    relay.setMode({ kind: 'status', status: 422, code: 'invalid_request' });
    const flusher = createFlusher({ db, api: relay.api });
    await flusher.flush();
    const [fa, fb] = await failedOutbox(db, 10);
    expect(fa?.recordId).toBe(a.id);

    relay.setMode({ kind: 'ok' });
    await flusher.retry(fa?.seq ?? -1);
    expect(relay.stored.has(`/api/activity/${a.id}`)).toBe(true);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 1 });

    await flusher.discard(fb?.seq ?? -1);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
    expect(relay.stored.has(`/api/activity/${b.id}`)).toBe(false);
  });

  it('sends the newest write of an instance in the place of an older one, so its events never reach the relay before it', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const instance = anInstance({ userId: me });
    const event = anEvent({ userId: me, instanceId: instance.id });
    await writeRecords(db, [{ kind: 'instance', value: instance }, { kind: 'activity', value: event }]);
    await writeRecords(db, [{ kind: 'instance', value: { ...instance, status: 'in_progress', startedAt: instance.createdAt + 1, lastActivityAt: instance.createdAt + 1 } }]);
    expect(await pendingOutbox(db, 10)).toHaveLength(3);

    await createFlusher({ db, api: relay.api }).flush();

    // The relay checks that an event's instance is there (409 otherwise): order is kept.
    expect(relay.puts()).toEqual([`/api/instances/${instance.id}`, `/api/activity/${event.id}`, `/api/instances/${instance.id}`]);
    expect(relay.requests.map((r) => r.path).slice(0, 1)).toEqual([`/api/instances/${instance.id}`]);
    expect(relay.stored.get(`/api/instances/${instance.id}`)).toMatchObject({ status: 'in_progress' });
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('never runs two flushes at once; a trigger during a flush runs one more afterwards', async () => {
    const db = freshDb();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const api = {
      async put() {
        calls += 1;
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await gate;
        concurrent -= 1;
        return { value: null };
      },
    };
    await writeRecords(db, [{ kind: 'activity', value: anEvent({ userId: me }) }]);
    const flusher = createFlusher({ db, api });
    const first = flusher.flush();
    const second = flusher.flush('write');
    await writeRecords(db, [{ kind: 'activity', value: anEvent({ userId: me }) }]);
    release();
    await Promise.all([first, second]);
    expect(maxConcurrent).toBe(1);
    expect(calls).toBe(2);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('flushes after a local write once started, without being asked', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const flushed: number[] = [];
    const flusher = createFlusher({ db, api: relay.api, timers: manualTimers().timers, onChange: (r) => flushed.push(r.sent) });
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
    const event = anEvent({ userId: me });
    const sent = new Promise<void>((resolve) => {
      const off = flusher.subscribe(() => {
        if (relay.stored.has(`/api/activity/${event.id}`) && flusher.getStatus().state === 'idle') {
          off();
          resolve();
        }
      });
    });
    await writeRecords(db, [{ kind: 'activity', value: event }]);
    await sent;
    flusher.stop();
    expect(flushed).toEqual([1]);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('F1: holds a finished instance back until the relay has stored its Yjs edits, announcing the room first', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const instance = anInstance({ userId: me, status: 'completed', startedAt: 1, completedAt: 2 });
    const event = anEvent({ userId: me, instanceId: instance.id });
    await writeRecords(db, [{ kind: 'instance', value: instance }, { kind: 'activity', value: event }]);
    const flusher = createFlusher({ db, api: relay.api });
    const path = `/api/instances/${instance.id}`;

    // The relay never heard of the room: it gets the unfinished view, the finished one waits.
    await flusher.flush();
    expect(relay.stored.get(path)).toMatchObject({ id: instance.id, status: 'in_progress' });
    expect(relay.stored.get(path)).not.toHaveProperty('completedAt');
    expect(relay.puts()).toContain(`/api/activity/${event.id}`);
    expect(await pendingOutbox(db, 10)).toMatchObject([{ recordId: instance.id, announced: true }]);

    // The relay has acknowledged a state vector but still lacks some of our edits: keep waiting.
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 2, at: 3 });
    await flusher.flush('manual');
    expect(relay.stored.get(path)).toMatchObject({ status: 'in_progress' });

    // Everything stored on the relay: the finished record goes and leaves the outbox.
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 0, at: 4 });
    await flusher.flush('manual');
    expect(relay.stored.get(path)).toEqual(instance);
    expect(await outboxCounts(db)).toEqual({ pending: 0, failed: 0 });
  });

  it('F1: holds an abandoned instance back the same way, announcing it without its abandon', async () => {
    const db = freshDb();
    const relay = fakeRelay();
    const instance = anInstance({ userId: me, status: 'abandoned', startedAt: 1, abandonedAt: 2, abandonReason: 'Started by mistake' });
    await writeRecords(db, [{ kind: 'instance', value: instance }]);
    const flusher = createFlusher({ db, api: relay.api });
    const path = `/api/instances/${instance.id}`;
    await flusher.flush();
    expect(relay.stored.get(path)).toMatchObject({ id: instance.id, status: 'in_progress' });
    expect(relay.stored.get(path)).not.toHaveProperty('abandonedAt');
    expect(relay.stored.get(path)).not.toHaveProperty('abandonReason');
    await kvSet(db, relayKey(instance.id), { stateVector: 'AQID', pending: 0, at: 4 });
    await flusher.flush('manual');
    expect(relay.stored.get(path)).toEqual(instance);
  });

  it('routes versions under their document', () => {
    const doc = aDocument();
    const version = aVersion(doc.id);
    expect(routeOf({ kind: 'version', recordId: version.id, value: version })).toBe(`/api/documents/${doc.id}/versions/${version.id}`);
  });
});
