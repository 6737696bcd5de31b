/** The relay behind a real node:http server with ws, stock y-websocket clients and a SQLite file. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/protocol';
import { docFromSqlite, newRoom, useRelayTestbed } from './helpers/relay-harness';
import { covers } from './helpers/yjs-client';
import type { YjsClient } from './helpers/yjs-client';
import { rawSocket, upgradeStatus } from './helpers/raw-frames';
import { waitFor } from './helpers/wait';

const { relay, client } = useRelayTestbed();

describe('relay over websockets', () => {
  it('two clients converge', async () => {
    const { url } = await relay();
    const room = newRoom();
    const a = client(url, room, 'rw-a');
    const b = client(url, room, 'rw-b');
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getMap('steps').set('s1', 'done');
    b.doc.getText('notes').insert(0, 'pump serviced');
    await waitFor(() => b.doc.getMap('steps').get('s1') === 'done' && a.doc.getText('notes').toJSON() === 'pump serviced', 'convergence');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
  });

  it('a client that joins later gets the full state', async () => {
    const { url } = await relay();
    const room = newRoom();
    const a = client(url, room, 'rw-a', { ack: true });
    await a.synced();
    for (let i = 0; i < 50; i++) a.doc.getMap('steps').set(`s${i}`, i);
    await waitFor(() => covers(a.stored, a.doc), 'stored ack');
    const late = client(url, room, 'rw-late');
    await late.synced();
    expect(late.doc.getMap('steps').toJSON()).toEqual(a.doc.getMap('steps').toJSON());
  });

  it('state survives a relay restart on the same SQLite file', async () => {
    const first = await relay();
    const room = newRoom();
    const a = client(first.url, room, 'rw-a', { ack: true });
    await a.synced();
    a.doc.getText('notes').insert(0, 'before restart');
    await waitFor(() => covers(a.stored, a.doc), 'stored ack');
    a.destroy();
    await first.stop();
    const second = await relay();
    const b = client(second.url, room, 'rw-b');
    await b.synced();
    expect(b.doc.getText('notes').toJSON()).toBe('before restart');
  });

  it('the stored ack (type 100) carries a state vector covering the sender update, and the rows hold it', async () => {
    const { url, db } = await relay();
    const room = newRoom();
    const a = client(url, room, 'rw-a', { ack: true });
    await a.synced();
    a.doc.getMap('steps').set('s1', 'done');
    expect(covers(a.stored, a.doc)).toBe(false);
    await waitFor(() => covers(a.stored, a.doc), 'stored ack');
    expect(docFromSqlite(db, room).getMap('steps').get('s1')).toBe('done');
  });

  it.each([
    ['garbage', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), CLOSE_CODES.badMessage],
    ['truncated', Buffer.from([0, 2, 200, 1, 1, 2, 3]), CLOSE_CODES.badMessage],
    ['oversized', Buffer.alloc(1024 * 1024 + 16), CLOSE_CODES.tooLarge],
  ])('a %s frame closes only that socket while another room keeps syncing', async (_name, frame, code) => {
    const { url, db } = await relay();
    const [roomA, roomB] = [newRoom(), newRoom()];
    const a1 = client(url, roomA, 'rw-a1');
    const a2 = client(url, roomA, 'rw-a2');
    const b1 = client(url, roomB, 'rw-b1', { ack: true });
    const b2 = client(url, roomB, 'rw-b2');
    await Promise.all([a1, a2, b1, b2].map((c) => c.synced()));
    a1.doc.getMap('m').set('before', 1);
    await waitFor(() => a2.doc.getMap('m').get('before') === 1, 'room A sync');
    const bad = await rawSocket(url, roomA, 'rw-mallory');
    bad.ws.send(frame);
    expect((await bad.closed).code).toBe(code);
    b1.doc.getMap('m').set('after', 2);
    a1.doc.getMap('m').set('after', 2);
    await waitFor(() => b2.doc.getMap('m').get('after') === 2 && a2.doc.getMap('m').get('after') === 2, 'sync after the bad frame');
    await waitFor(() => covers(b1.stored, b1.doc), 'room B stored');
    expect(docFromSqlite(db, roomB).getMap('m').get('after')).toBe(2);
    expect([a1, a2, b1, b2].every((c) => c.provider.wsconnected && c.closes.length === 0)).toBe(true);
  });

  it.each([
    ['foo', 404],
    ['instance:not-a-uuid', 404],
    [`instance:${'A'.repeat(8)}-0000-0000-0000-000000000000`, 404],
  ])('refuses the forged room %s before the upgrade with HTTP %i', async (room, status) => {
    const { url } = await relay();
    expect(await upgradeStatus(url, `${room}?token=rw-a`)).toBe(status);
  });

  it('refuses a missing token with 401, a wrong token with 401 and a forbidden one with 403', async () => {
    const { url } = await relay();
    const room = newRoom();
    expect(await upgradeStatus(url, room)).toBe(401);
    expect(await upgradeStatus(url, `${room}?token=stolen`)).toBe(401);
    expect(await upgradeStatus(url, `${room}?token=no-bob`)).toBe(403);
  });

  it("with refuseWith 'close', refusals are 44xx close codes and the stock client stops retrying", async () => {
    const { url } = await relay({ refuseWith: 'close' });
    const room = newRoom();
    const anonymous = client(url, room, undefined);
    const forged = client(url, 'instance:nope', 'rw-a');
    const closed = (c: YjsClient): Promise<{ code: number }> => new Promise((resolve) => c.provider.once('closed', (event) => resolve(event)));
    // Both listeners before either close: the two refusals may end in either order.
    const [anonymousClose, forgedClose] = [closed(anonymous), closed(forged)];
    expect((await anonymousClose).code).toBe(CLOSE_CODES.unauthenticated);
    expect((await forgedClose).code).toBe(CLOSE_CODES.unknownRoom);
    expect(anonymous.provider.shouldConnect).toBe(false);
  });

  it("a read-only client's writes never land: not in the relay doc, not in SQLite, not on other clients", async () => {
    const { url, db, relay: core } = await relay();
    const room = newRoom();
    const owner = client(url, room, 'rw-owner', { ack: true });
    await owner.synced();
    owner.doc.getMap('m').set('real', 1);
    const viewer = client(url, room, 'ro-admin');
    viewer.doc.getMap('m').set('offline-forgery', 1); // goes out in the viewer's sync step 2
    await viewer.synced();
    viewer.doc.getMap('m').set('forgery', 2); // goes out as an update
    owner.doc.getMap('m').set('real2', 2);
    await waitFor(() => viewer.doc.getMap('m').get('real2') === 2, 'viewer receives updates');
    await waitFor(() => covers(owner.stored, owner.doc), 'owner stored');
    await waitFor(() => core.stats().droppedReadOnlyFrames >= 2, 'viewer frames dropped');
    expect(core.roomDoc(room)?.getMap('m').toJSON()).toEqual({ real: 1, real2: 2 });
    expect(docFromSqlite(db, room).getMap('m').toJSON()).toEqual({ real: 1, real2: 2 });
    expect(owner.doc.getMap('m').toJSON()).toEqual({ real: 1, real2: 2 });
  });

  it('a client over the message rate is closed with 4429', async () => {
    const { url } = await relay({ rateLimit: { messagesPerSecond: 1, burst: 20 } });
    const room = newRoom();
    const flood = client(url, room, 'rw-flood');
    await flood.synced();
    const closed = new Promise<{ code: number }>((resolve) => flood.provider.once('closed', (event) => resolve(event)));
    for (let i = 0; i < 40; i++) flood.doc.getMap('m').set(`k${i}`, i);
    expect((await closed).code).toBe(CLOSE_CODES.rateLimited);
    expect(flood.provider.shouldConnect).toBe(false);
  });

  it('closeWhere closes the sockets of a revoked grant with 4410', async () => {
    const { url, relay: core } = await relay();
    const room = newRoom();
    const guest = client(url, room, 'rw-guest');
    const owner = client(url, room, 'rw-owner');
    await Promise.all([guest.synced(), owner.synced()]);
    const closed = new Promise<{ code: number }>((resolve) => guest.provider.once('closed', (event) => resolve(event)));
    expect(core.closeWhere((peer) => peer.principal.id === 'guest', CLOSE_CODES.linkGone, 'link revoked')).toBe(1);
    expect((await closed).code).toBe(CLOSE_CODES.linkGone);
    expect(owner.provider.wsconnected).toBe(true);
  });
});
