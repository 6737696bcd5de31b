import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { FieldbookDB } from '../../db';
import { createLazyProviders, defaultWsUrl } from './instance-sync';
import type { ProviderManager } from './provider-types';
import type { ProviderManagerOptions } from './provider-options';

function fakeManager() {
  const calls: string[] = [];
  let stopped = 0;
  const manager = {
    attach: (id: string) => void calls.push(`attach ${id}`),
    detach: (id: string) => void calls.push(`detach ${id}`),
    retry: () => undefined,
    resolveNotAccepted: () => undefined,
    syncNow: () => undefined,
    resumeSession: () => undefined,
    getState: () => ({ instances: [], pending: 0, unknown: 0, notAccepted: 0, relayReachable: null, sessionExpired: false, ready: true }),
    subscribe: () => () => undefined,
    stop: () => {
      stopped++;
      return Promise.resolve();
    },
  } satisfies ProviderManager;
  return { manager, calls, stopped: () => stopped };
}

function lazy(fake: ReturnType<typeof fakeManager>) {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const seen: ProviderManagerOptions[] = [];
  const loaded: ProviderManager[] = [];
  const providers = createLazyProviders({
    db: {} as FieldbookDB,
    token: () => 'grant',
    device: 'device-a',
    maxConcurrent: 2,
    onLoad: (m) => loaded.push(m),
    createManager: async (options) => {
      seen.push(options);
      await gate;
      return fake.manager;
    },
  });
  return { providers, release, seen, loaded };
}

describe('lazily loaded provider manager', () => {
  it('replays attach and detach made before it loaded, in order, and drops a cancelled attach', async () => {
    const fake = fakeManager();
    const { providers, release, seen, loaded } = lazy(fake);
    providers.instanceSync.attach('i1', new Y.Doc());
    providers.instanceSync.attach('i2', new Y.Doc());
    providers.instanceSync.detach('i1'); // never connected: cancelled
    release();
    await providers.instanceSync.manager;
    expect(fake.calls).toEqual(['attach i2']);
    expect(loaded).toEqual([fake.manager]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.baseUrl).toBe(defaultWsUrl());
    providers.instanceSync.detach('i2');
    expect(fake.calls).toEqual(['attach i2', 'detach i2']);
    expect(providers.current()).toBe(fake.manager);
  });

  it('stopped while loading: stops the manager once loaded and connects nothing', async () => {
    const fake = fakeManager();
    const { providers, release, loaded } = lazy(fake);
    providers.instanceSync.attach('i1', new Y.Doc());
    const stopping = providers.stop();
    providers.instanceSync.attach('i2', new Y.Doc());
    release();
    await stopping;
    expect(fake.calls).toEqual([]);
    expect(loaded).toEqual([]);
    expect(fake.stopped()).toBe(1);
  });
});
