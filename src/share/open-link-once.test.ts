import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldbookDB } from '../db';
import { T0, aDocument, aVersion, closeTestDbs, freshDb, uuid } from '../db/test-support';
import type { SessionId, ShareLinkId } from '../domain';
import { createLinkOpener } from './open-link-once';
import type { RedeemRequest, RedeemResult } from './redeem';
import { listRedeemedLinks } from './recipient-store';
import { createShareToken } from './token';

afterEach(closeTestDbs);

function aRedemption(): RedeemResult {
  const document = aDocument({ contentType: 'form', title: 'Visitor sign-in' });
  const version = aVersion(document.id, { id: document.currentVersionId, contentType: 'form', definition: { fields: [{ id: 'name', label: 'Name', kind: 'text', required: true }] } });
  return { ok: true, grant: 'grant-abc', document, version, shareLink: { id: uuid() as ShareLinkId, documentId: document.id, audience: 'external', useCount: 1 } };
}

/** A relay stand-in that answers only when the test says so, and keeps the redemptions it was asked for. */
function slowRelay() {
  const requests: RedeemRequest[] = [];
  let answer: (result: RedeemResult) => void = () => undefined;
  let asked: () => void = () => undefined;
  const firstAsked = new Promise<void>((resolve) => {
    asked = resolve;
  });
  const redeem = (request: RedeemRequest): Promise<RedeemResult> => {
    requests.push(request);
    asked();
    return new Promise((resolve) => {
      answer = resolve;
    });
  };
  return { requests, redeem, firstAsked, answer: (result: RedeemResult) => answer(result) };
}

function aRecipient(): { sessionId: SessionId; registry: FieldbookDB; linkDb: () => FieldbookDB } {
  return { sessionId: uuid() as SessionId, registry: freshDb(), linkDb: () => freshDb() };
}

describe('createLinkOpener (the recipient redemption dedupe)', () => {
  it('two taps on one link while it is being opened redeem it once and store one link', async () => {
    const relay = slowRelay();
    const recipient = aRecipient();
    const open = createLinkOpener({ redeem: relay.redeem, linkDb: recipient.linkDb, now: () => T0 });
    const token = createShareToken();
    const first = open(recipient, token, undefined);
    const second = open(recipient, token, undefined);
    expect(second).toBe(first);
    await relay.firstAsked;
    relay.answer(aRedemption());
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(a.kind).toBe('opened');
    expect(relay.requests).toHaveLength(1);
    expect(await listRedeemedLinks(recipient.registry)).toHaveLength(1);
  });

  it('redeems again once the first redemption settled ("Try again"), and apart for another token or member', async () => {
    const relay = slowRelay();
    const recipient = aRecipient();
    const open = createLinkOpener({ redeem: relay.redeem, linkDb: recipient.linkDb, now: () => T0 });
    const token = createShareToken();
    const first = open(recipient, token, undefined);
    await relay.firstAsked;
    relay.answer({ ok: false, reason: 'offline' });
    expect(await first).toEqual({ kind: 'failed', failure: { reason: 'never_opened' } });

    const again = open(recipient, token, undefined);
    expect(again).not.toBe(first);
    expect(open(recipient, token, 'member-token')).not.toBe(again);
    expect(open(recipient, createShareToken(), undefined)).not.toBe(again);
  });
});
