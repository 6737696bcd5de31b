/** Invite-only sign-up after the first account (issue 15 item 3; DESIGN §4, §5.1): real relay, real SQLite. */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/test-server';
import type { TestServer, TestServerOptions } from './helpers/test-server';

const DAY_MS = 24 * 60 * 60 * 1000;
const PASSWORD = 'correct horse battery';

const servers: TestServer[] = [];
async function start(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const signupBody = (email: string, invite?: string) => ({ email, password: PASSWORD, name: 'Someone', ...(invite !== undefined ? { invite } : {}) });

async function withAdmin(options: TestServerOptions = {}): Promise<{ relay: TestServer; admin: string }> {
  const relay = await start(options);
  const { token } = await relay.signup('admin@site.example', 'Admin');
  return { relay, admin: token };
}

async function createInvite(relay: TestServer, token: string, body: Record<string, unknown> = {}): Promise<{ id: string; code: string; url: string }> {
  const res = await relay.request('POST', '/api/invites', { token, body });
  expect(res.status, res.text).toBe(201);
  return res.body as unknown as { id: string; code: string; url: string };
}

describe('sign-up after the first account', () => {
  it('is 403 invite_required without an invite, with the same answer whether or not the e-mail has an account', async () => {
    const { relay } = await withAdmin();
    const unknown = await relay.request('POST', '/api/auth/signup', { body: signupBody('new@site.example') });
    const existing = await relay.request('POST', '/api/auth/signup', { body: signupBody('admin@site.example') });
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.code).toBe('invite_required');
    expect(existing.status).toBe(403);
    expect(existing.body).toEqual(unknown.body);
    // A made-up code answers the same way for both e-mails too.
    const forged = 'A'.repeat(22);
    const a = await relay.request('POST', '/api/auth/signup', { body: signupBody('new@site.example', forged) });
    const b = await relay.request('POST', '/api/auth/signup', { body: signupBody('admin@site.example', forged) });
    expect([a.status, b.status]).toEqual([403, 403]);
    expect(b.body).toEqual(a.body);
  });

  it('admits one sign-up per invite, with the invite role; the second use is 403', async () => {
    const { relay, admin } = await withAdmin();
    const invite = await createInvite(relay, admin, { role: 'admin' });
    expect(invite.url).toBe(`${relay.url}/join#${invite.code}`);
    expect(invite.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const first = await relay.request('POST', '/api/auth/signup', { body: signupBody('second@site.example', invite.code) });
    expect(first.status).toBe(201);
    expect(first.body.user.role).toBe('admin');
    const again = await relay.request('POST', '/api/auth/signup', { body: signupBody('third@site.example', invite.code) });
    expect(again.status).toBe(403);
    expect(again.body.error).toMatchObject({ code: 'invite_required', message: expect.stringContaining('already been used') as string });
  });

  it('lets exactly one of 20 concurrent sign-ups use an invite', async () => {
    const { relay, admin } = await withAdmin();
    const { code } = await createInvite(relay, admin);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => relay.request('POST', '/api/auth/signup', { body: signupBody(`racer${i}@site.example`, code) })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 403)).toHaveLength(19);
    const users = await relay.request('GET', '/api/users', { token: admin });
    expect((users.body as unknown as { users: unknown[] }).users).toHaveLength(2);
  });

  it('keeps the invite when the e-mail already has an account (409), so its holder can retry', async () => {
    const { relay, admin } = await withAdmin();
    const { code } = await createInvite(relay, admin);
    const taken = await relay.request('POST', '/api/auth/signup', { body: signupBody('ADMIN@site.example', code) });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    const retry = await relay.request('POST', '/api/auth/signup', { body: signupBody('fresh@site.example', code) });
    expect(retry.status).toBe(201);
  });

  it('binds an invite to its e-mail (any case)', async () => {
    const { relay, admin } = await withAdmin();
    const { code } = await createInvite(relay, admin, { email: 'Crew@Site.example' });
    const other = await relay.request('POST', '/api/auth/signup', { body: signupBody('someone@site.example', code) });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('different email');
    const right = await relay.request('POST', '/api/auth/signup', { body: signupBody('crew@SITE.example', code) });
    expect(right.status).toBe(201);
    expect(right.body.user.role).toBe('member');
  });

  it('expires an invite after 7 days by default and refuses a revoked one', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const { relay, admin } = await withAdmin({ now: () => clock });
    const lapsing = await createInvite(relay, admin);
    const revoked = await createInvite(relay, admin);
    const revoke = await relay.request('POST', `/api/invites/${revoked.id}/revoke`, { token: admin });
    expect(revoke.status).toBe(200);
    const list = await relay.request('GET', '/api/invites', { token: admin });
    const invites = (list.body as unknown as { invites: { id: string; expiresAt: number; revokedAt?: number }[] }).invites;
    expect(invites.find((i) => i.id === lapsing.id)?.expiresAt).toBe(clock + 7 * DAY_MS);
    expect(invites.find((i) => i.id === revoked.id)?.revokedAt).toBe(clock);
    expect(JSON.stringify(list.body)).not.toContain(lapsing.code);

    const refused = await relay.request('POST', '/api/auth/signup', { body: signupBody('late@site.example', revoked.code) });
    expect(refused.body.error.message).toContain('withdrawn');
    clock += 7 * DAY_MS;
    const late = await relay.request('POST', '/api/auth/signup', { body: signupBody('late@site.example', lapsing.code) });
    expect(late.status).toBe(403);
    expect(late.body.error).toMatchObject({ code: 'invite_required', message: expect.stringContaining('expired') as string });
  });

  it('lets only admins make, list and revoke invites, and refuses an expiry in the past or over 90 days away', async () => {
    const { relay, admin } = await withAdmin();
    const member = await relay.signup('member@site.example', 'Member');
    expect((await relay.request('POST', '/api/invites', { token: member.token, body: {} })).status).toBe(403);
    expect((await relay.request('GET', '/api/invites', { token: member.token })).status).toBe(403);
    expect((await relay.request('POST', '/api/invites', { body: {} })).status).toBe(401);
    const past = await relay.request('POST', '/api/invites', { token: admin, body: { expiresAt: Date.now() - 1 } });
    expect(past.status).toBe(422);
    const far = await relay.request('POST', '/api/invites', { token: admin, body: { expiresAt: Date.now() + 91 * DAY_MS } });
    expect(far.status).toBe(422);
    expect((await relay.request('POST', '/api/invites/nope/revoke', { token: admin })).status).toBe(404);
  });

  it('with SIGNUP=open anyone may sign up as a member', async () => {
    const { relay } = await withAdmin({ signup: 'open' });
    const res = await relay.request('POST', '/api/auth/signup', { body: signupBody('walk-in@site.example') });
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('member');
    expect((await relay.request('GET', '/api/workspace')).body).toMatchObject({ signup: 'open' });
  });

  it('refuses one of the most common passwords with 422 weak_password, on the first account too', async () => {
    const relay = await start();
    const res = await relay.request('POST', '/api/auth/signup', { body: { email: 'ada@site.example', password: 'Password123', name: 'Ada' } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('weak_password');
    expect(res.body.error.issues?.[0]?.path).toBe('password');
    expect((await relay.request('GET', '/api/workspace')).body).toMatchObject({ hasUsers: false, signup: 'invite' });
  });
});
