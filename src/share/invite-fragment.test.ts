import { afterEach, describe, expect, it } from 'vitest';
import { captureInviteFragment, capturedInvite, clearCapturedInvite } from './invite-fragment';

function fakeHistory() {
  const calls: (string | URL | null | undefined)[] = [];
  return { calls, state: { idx: 3 }, replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void calls.push(url) };
}

afterEach(() => clearCapturedInvite());

describe('invite link fragment', () => {
  it('reads the code from /join#<code> and strips it from the address bar', () => {
    const history = fakeHistory();
    captureInviteFragment({ pathname: '/join', hash: '#AbCdEfGhIjKlMnOpQrStUv' }, history);
    expect(capturedInvite()).toEqual({ ok: true, code: 'AbCdEfGhIjKlMnOpQrStUv' });
    expect(history.calls).toEqual(['/join']);
  });

  it('says malformed for a broken code (and still strips it), missing when there is none', () => {
    expect(capturedInvite()).toEqual({ ok: false, reason: 'missing' });
    const history = fakeHistory();
    captureInviteFragment({ pathname: '/join', hash: '#not a code' }, history);
    expect(capturedInvite()).toEqual({ ok: false, reason: 'malformed' });
    expect(history.calls).toEqual(['/join']);
  });

  it('leaves other routes alone', () => {
    const history = fakeHistory();
    captureInviteFragment({ pathname: '/s', hash: '#AbCdEfGhIjKlMnOpQrStUv' }, history);
    expect(history.calls).toEqual([]);
    expect(capturedInvite()).toEqual({ ok: false, reason: 'missing' });
  });
});
