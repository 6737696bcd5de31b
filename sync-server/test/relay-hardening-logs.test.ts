/**
 * Issue 15 item 15: log flooding (relay SPEC R16). The real server on port 0 with its pino output
 * captured, and the limiter itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CODES } from '../../src/protocol';
import { limitRepeatedLines } from '../src/relay';
import type { RelayLogger } from '../src/relay';
import { instanceFor } from './helpers/records';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';
import { waitFor } from './helpers/wait';

let relay: TestServer | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

interface LogLine {
  level: number;
  msg: string;
  suppressed?: number;
}

/** Open a socket, send `frames`, resolve with the close code. */
function hostileSocket(url: string, room: string, token: string, frames: readonly Uint8Array[]): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/yjs/${room}?token=${encodeURIComponent(token)}`);
    ws.once('open', () => {
      for (const frame of frames) ws.send(frame);
    });
    ws.once('close', (code) => resolve(code));
    ws.once('error', () => undefined);
  });
}

function capture(): { lines: LogLine[]; stream: { write: (line: string) => void } } {
  const lines: LogLine[] = [];
  return { lines, stream: { write: (line) => void lines.push(JSON.parse(line) as LogLine) } };
}

describe('relay hardening: log flooding (SPEC R16)', () => {
  it('R16: 1,000 bad frames on 200 sockets and 300 bad-token upgrades from one client write a few lines, then one count each', async () => {
    const log = capture();
    relay = await startTestServer({
      logger: { level: 'info', stream: log.stream },
      // Every attempt reaches the relay (the connection gate is R15's test).
      relay: { connections: false },
    });
    const { token, user } = await relay.signup('owner@site.example', 'Owner');
    const body = instanceFor(user.id);
    expect((await relay.request('PUT', `/api/instances/${body.id}`, { token, body })).status).toBe(200);
    const room = `instance:${body.id}`;
    const unknownType = new Uint8Array([7, 1, 2, 3]);
    const before = log.lines.length;

    const badFrames = await waitFor(Promise.all(Array.from({ length: 200 }, () => hostileSocket(relay!.url, room, token, Array(5).fill(unknownType) as Uint8Array[]))), 'bad-frame sockets', 30_000);
    expect(badFrames.every((code) => code === CLOSE_CODES.badMessage)).toBe(true);
    const badTokens = await waitFor(Promise.all(Array.from({ length: 300 }, () => hostileSocket(relay!.url, room, 'forged.token.value', []))), 'bad-token sockets', 30_000);
    expect(badTokens.every((code) => code === CLOSE_CODES.unauthenticated)).toBe(true);

    const during = log.lines.slice(before);
    const closing = during.filter((line) => line.msg === 'closing connection');
    const refused = during.filter((line) => line.msg === 'connection refused');
    expect(closing.length).toBe(1);
    expect(refused.length).toBe(1);
    expect(during.length).toBeLessThan(10);

    // The counts are not lost: on shutdown (or when the interval ends) one line each says how many.
    await relay.close();
    const summaries = log.lines.filter((line) => line.suppressed !== undefined);
    expect(summaries.find((line) => line.msg.startsWith('closing connection'))?.suppressed).toBe(199);
    expect(summaries.find((line) => line.msg.startsWith('connection refused'))?.suppressed).toBe(299);
  }, 60_000);
});

describe('limitRepeatedLines', () => {
  function recorder(): RelayLogger & { lines: { level: string; fields: Record<string, unknown>; message: string }[] } {
    const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields: fields as Record<string, unknown>, message });
    return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  }

  it('R16: writes the first of similar lines, counts the rest of the interval, then says how many were suppressed', () => {
    let clock = 0;
    const out = recorder();
    const log = limitRepeatedLines(out, { intervalMs: 10_000, now: () => clock });
    for (let i = 0; i < 1_000; i++) log.warn({ room: 'r', principal: 'p', code: 4400, reason: 'bad' }, 'closing connection');
    log.warn({ room: 'r', principal: 'p', code: 4400, reason: 'other reason' }, 'closing connection');
    log.warn({ room: 'r', principal: 'q', code: 4400, reason: 'bad' }, 'closing connection');
    log.error({ room: 'r', principal: 'p', code: 4400, reason: 'bad' }, 'closing connection');
    for (let i = 0; i < 50; i++) log.debug?.({ room: 'r' }, 'connection joined');
    expect(out.lines.filter((line) => line.level !== 'debug')).toHaveLength(4);
    expect(out.lines.filter((line) => line.level === 'debug')).toHaveLength(50);
    clock = 20_000;
    log.stop();
    const summary = out.lines.filter((line) => line.fields.suppressed !== undefined);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ level: 'warn', message: 'closing connection (suppressed 999 similar)', fields: { reason: 'bad', suppressed: 999 } });
    // A new interval starts with a line again.
    log.warn({ room: 'r', principal: 'p', code: 4400, reason: 'bad' }, 'closing connection');
    expect(out.lines.at(-1)?.message).toBe('closing connection');
    log.stop();
  });

  it('R16: tracks at most maxKinds kinds; past that, lines group by level and message', () => {
    const out = recorder();
    const log = limitRepeatedLines(out, { intervalMs: 10_000, maxKinds: 10 });
    for (let i = 0; i < 1_000; i++) log.info({ address: `198.51.100.${i}` }, 'connection refused');
    expect(out.lines).toHaveLength(11);
    log.stop();
    expect(out.lines.at(-1)?.fields.suppressed).toBe(989);
  });

  it('R16: an interval of 0 writes every line', () => {
    const out = recorder();
    const log = limitRepeatedLines(out, { intervalMs: 0 });
    for (let i = 0; i < 20; i++) log.warn({ reason: 'x' }, 'closing connection');
    expect(out.lines).toHaveLength(20);
  });
});
