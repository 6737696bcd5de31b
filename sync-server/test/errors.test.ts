import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../src/protocol';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

let relay: TestServer | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

describe('bad input gets a named reason as {error: {code, message}}', () => {
  it('answers malformed JSON with 400 bad_json', async () => {
    relay = await startTestServer();
    const res = await relay.request('POST', '/api/auth/signup', { rawBody: '{"email": "a@b.co",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(apiErrorSchema.parse(res.body).error.code).toBe('bad_json');
  });

  it('answers a schema violation with 422 invalid_request and the path of each issue', async () => {
    relay = await startTestServer();
    const res = await relay.request('POST', '/api/auth/signup', { body: { email: 'not-an-email', password: 'short', name: 'Ada' } });
    expect(res.status).toBe(422);
    const { error } = apiErrorSchema.parse(res.body);
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['email', 'password']);
  });

  it('answers an oversized body with 413 payload_too_large', async () => {
    relay = await startTestServer({ bodyLimit: 1024 });
    const { token } = await relay.signup('ada@site.example');
    const res = await relay.request('PUT', '/api/documents/x', { token, body: { title: 'x'.repeat(2000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers an unknown API route with 404 not_found', async () => {
    relay = await startTestServer();
    const res = await relay.request('GET', '/api/nothing-here', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('answers a non-JSON content type with 415 unsupported_media_type', async () => {
    relay = await startTestServer();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await relay.request('POST', '/api/auth/login', { rawBody: 'email=a@b.co', headers: { 'content-type': type } });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
  });

  it('answers an unexpected failure with 500 internal and no internals', async () => {
    relay = await startTestServer({
      beforeListen: (app) =>
        app.get('/api/boom', () => {
          throw new Error('SQLITE_CORRUPT at /var/lib/secret/path');
        }),
    });
    const res = await relay.request('GET', '/api/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(res.text).not.toContain('SQLITE_CORRUPT');
  });
});
