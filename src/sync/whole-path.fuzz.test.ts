/**
 * The whole sync path, fuzzed: N devices (each its own IndexedDB, outbox + flusher, puller and
 * provider manager) against the REAL relay on port 0 over real HTTP and websockets, with a
 * seeded PRNG choosing the steps: start a run, edit a run's doc, close a run (its doc goes on
 * syncing in the background), pull, cut a device off the relay or bring it back, restart the
 * relay on the same SQLite files. At the end every device is online and opens every run; then
 * every device must hold the same rows and the same docs, with nothing left in any outbox.
 *
 * Each device reaches the relay through its own TCP link: cutting the link is a partition the
 * device does not see coming (its fetches fail, its sockets drop, `navigator.onLine` stays
 * true), and a restarted relay (new port) is reached through the same link.
 *
 * Pinned seeds run in CI. `FUZZ_SEEDS=n` adds n random seeds; `FUZZ_SEED=s` (or `s1,s2`) runs those seeds alone.
 * A failure names its seed and the steps it took.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { rmSync } from 'node:fs';
import { Dexie } from 'dexie';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { applyEdit, closeInstance, InstanceDoc, MemoryDocStore, memoryPersistence, openInstance, startInstance } from '../completion';
import type { Edit, OpenInstance, RecordWriter } from '../completion';
import { mulberry32 } from '../completion/test-support';
import { openFieldbookDB, writeRecords } from '../db';
import type { FieldbookDB } from '../db';
import { isFinished, responseSetById, stepValueKey } from '../domain';
import type { AnswerValue, DocumentVersion, Field, Instance, ResponseSet, UserId } from '../domain';
import { createApiClient } from './api-client';
import { createFlusher } from './outbox/flusher';
import type { Flusher } from './outbox/flusher';
import { createProviderManager } from './docs/provider-manager';
import type { ProviderManager, ProviderManagerState } from './docs/provider-manager';
import { createPuller } from './puller';
import type { Puller } from './puller';
import { openLink } from '../../sync-server/test/helpers/tcp-link';
import type { Link } from '../../sync-server/test/helpers/tcp-link';
import { makeTempDir } from '../../sync-server/test/helpers/temp-dir';
import { startTestServer } from '../../sync-server/test/helpers/test-server';
import type { TestServer } from '../../sync-server/test/helpers/test-server';
import { waitFor } from '../../sync-server/test/helpers/wait';
import { yjsEndpoint } from '../../sync-server/test/helpers/yjs-client';

/**
 * Seeds that run in CI. Seeds 4, 5 and 11 once ended with a run held as refused 4404 "unknown
 * room" although its record had reached the relay (SPEC D11); they stay pinned.
 */
const PINNED_SEEDS = [1, 2, 3, 4, 5, 6, 7, 11];
const STEPS = 24;
const SETTLE_MS = 20_000;

function seedsToRun(): number[] {
  if (process.env.FUZZ_SEED !== undefined) return process.env.FUZZ_SEED.split(',').map(Number);
  const extra = Number(process.env.FUZZ_SEEDS ?? 0);
  return [...PINNED_SEEDS, ...Array.from({ length: extra }, () => Math.floor(Math.random() * 2 ** 31))];
}

interface Device {
  readonly name: string;
  readonly db: FieldbookDB;
  readonly link: Link;
  readonly flusher: Flusher;
  readonly puller: Puller;
  readonly providers: ProviderManager;
  /** The device's doc storage (the contract y-indexeddb keeps in the app). */
  readonly store: MemoryDocStore;
  /** Runs open on screen, attached to the provider manager. */
  readonly sessions: Map<string, OpenInstance>;
  online: boolean;
}

/** A Dexie database in an IndexedDB of its own, as on another tablet (Dexie takes its factory at construction). */
function ownBrowserDb(name: string): FieldbookDB {
  const saved = { indexedDB: Dexie.dependencies.indexedDB, IDBKeyRange: Dexie.dependencies.IDBKeyRange };
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  try {
    return openFieldbookDB(name);
  } finally {
    Object.assign(Dexie.dependencies, saved);
  }
}

const recordsOf = (db: FieldbookDB): RecordWriter => ({ writeRecords: (writes) => writeRecords(db, writes) });

async function openDevice(name: string, userId: UserId, token: string, relayPort: number, seed: number): Promise<Device> {
  // A name of its own too: Dexie keeps live-query results and change events per database name
  // (`idb://<name>/<table>`), so same-named databases in one process would read each other's outbox.
  const db = ownBrowserDb(`fieldbook-${userId}-${name}`);
  const link = await openLink(relayPort);
  const api = createApiClient({ baseUrl: link.url, getToken: () => token });
  const store = new MemoryDocStore();
  const flusher = createFlusher({ db, api, baseBackoffMs: 20, maxBackoffMs: 200, intervalMs: 1_000, random: mulberry32(seed) });
  const providers = createProviderManager({
    db,
    token,
    baseUrl: yjsEndpoint(link.url),
    device: name,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Background sync loads the doc from this device's storage, as the app does from IndexedDB.
    loadDoc: async (instanceId) => {
      const doc = new Y.Doc({ gc: true });
      const persistence = memoryPersistence(store, instanceId);
      await persistence.load(doc);
      return { doc, close: () => persistence.destroy().then(() => doc.destroy()) };
    },
  });
  flusher.start();
  return { name, db, link, flusher, puller: createPuller({ db, api }), providers, store, sessions: new Map(), online: true };
}

async function closeDevice(device: Device): Promise<void> {
  device.flusher.stop();
  device.puller.stop();
  for (const id of [...device.sessions.keys()]) await closeRun(device, id);
  await device.providers.stop();
  await device.link.close();
  device.db.close();
}

async function openRun(device: Device, instance: Instance): Promise<OpenInstance> {
  const open = device.sessions.get(instance.id);
  if (open) return open;
  const version = await device.db.versions.get(instance.documentVersionId);
  if (!version) throw new Error(`${device.name} has no version ${instance.documentVersionId}`);
  const session = await openInstance({ instance, version, persistence: memoryPersistence(device.store, instance.id), records: recordsOf(device.db), device: device.name });
  device.sessions.set(instance.id, session);
  device.providers.attach(instance.id, session.model.doc);
  return session;
}

async function closeRun(device: Device, instanceId: string): Promise<void> {
  const session = device.sessions.get(instanceId);
  if (!session) return;
  device.sessions.delete(instanceId);
  device.providers.detach(instanceId);
  await closeInstance(session);
}

type Random = () => number;
const pick = <T,>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

function valueFor(random: Random, field: Field): AnswerValue {
  switch (field.kind) {
    case 'number':
      return Math.floor(random() * 100);
    case 'checkbox':
      return random() < 0.5;
    case 'date':
      return `2025-01-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    case 'select':
      return field.options?.length ? pick(random, field.options) : 'x';
    case 'multiselect':
      return (field.options ?? []).filter(() => random() < 0.5);
    default:
      return `reading ${Math.floor(random() * 1_000)}`;
  }
}

type Answerable = { id: string; responses?: string; fields?: Field[] };
type AnyDefinition = { steps?: Answerable[]; sections?: { items?: Answerable[]; fields?: Field[] }[]; fields?: Field[]; responseSets?: ResponseSet[] };

/** A part with a response set is answered with one of its response ids; a tick part is ticked. */
function answerEdit(random: Random, definition: AnyDefinition, part: Answerable): Edit {
  if (part.responses === undefined) return { kind: 'done', id: part.id, done: random() < 0.75 };
  const set = responseSetById(definition.responseSets, part.responses);
  return { kind: 'value', key: part.id, value: set ? pick(random, set.responses).id : 'x' };
}

/** An edit a person could make on this run's screen. */
function randomEdit(random: Random, version: DocumentVersion): Edit {
  const definition = version.definition as AnyDefinition;
  if (definition.steps) {
    const step = pick(random, definition.steps);
    const roll = random();
    if (roll < 0.5 || !step.fields?.length) {
      if (roll > 0.85) return { kind: 'note', stepId: step.id, noteId: crypto.randomUUID(), text: `note ${Math.floor(random() * 100)}` };
      return answerEdit(random, definition, step);
    }
    const field = pick(random, step.fields);
    return { kind: 'value', key: stepValueKey(step.id, field.id), value: valueFor(random, field) };
  }
  const items = (definition.sections ?? []).flatMap((section) => section.items ?? []);
  // A checklist's header questions and a form's fields, top level or in a (non-repeating) section.
  const fields = [...(definition.fields ?? []), ...(items.length === 0 ? (definition.sections ?? []).flatMap((section) => ('repeat' in section ? [] : (section.fields ?? []))) : [])];
  if (items.length > 0 && (fields.length === 0 || random() < 0.8)) return answerEdit(random, definition, pick(random, items));
  const field = pick(random, fields);
  return { kind: 'value', key: field.id, value: valueFor(random, field) };
}

const openRows = async (device: Device): Promise<Instance[]> =>
  (await device.db.instances.toArray()).filter((row) => !isFinished(row.status)).sort((a, b) => a.id.localeCompare(b.id));

/** Resolves with the first manager state that satisfies `predicate`. */
function stateWhere(manager: ProviderManager, predicate: (state: ProviderManagerState) => boolean): Promise<ProviderManagerState> {
  return new Promise((resolve) => {
    if (predicate(manager.getState())) return resolve(manager.getState());
    const off = manager.subscribe((state) => {
      if (!predicate(state)) return;
      off();
      resolve(state);
    });
  });
}

/** Outbox entries left, pending or failed (a sent entry is deleted). */
const unsent = (device: Device): Promise<number> => device.db.outbox.count();

/** What a device's rows say, comparable across devices. */
async function rowsOf(device: Device): Promise<unknown> {
  const byId = <T extends { id: string }>(rows: T[]): T[] => rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    documents: byId(await device.db.documents.toArray()),
    versions: byId(await device.db.versions.toArray()),
    instances: byId(await device.db.instances.toArray()),
    activity: byId(await device.db.activity.toArray()),
  };
}

/** A doc's content, comparable across devices: its state vector, every shared type, and what it projects to. */
function docOf(session: OpenInstance): unknown {
  const { doc } = session.model;
  const reader = new InstanceDoc(doc, { device: 'compare', by: 'compare', readOnly: true });
  return { stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(), content: doc.toJSON(), snapshot: reader.snapshot() };
}

/**
 * Everyone online; every device pulls, opens every run and flushes until nothing is left: no
 * unsent outbox entry, no doc change the relay lacks, and every doc equal on every device.
 */
async function settle(devices: readonly Device[], log: (line: string) => void, probe: (instanceId: string) => Promise<number>): Promise<void> {
  for (const device of devices) if (!device.online) bringOnline(device);
  for (let round = 0; ; round++) {
    await Promise.all(devices.map((device) => waitFor(device.flusher.flush('manual'), `${device.name}'s flush`, SETTLE_MS)));
    log(`settle round ${round}: flushed`);
    await Promise.all(devices.map((device) => waitFor(device.puller.pull(), `${device.name}'s pull`, SETTLE_MS)));
    log(`settle round ${round}: pulled`);
    for (const device of devices) for (const row of await openRows(device)) await openRun(device, row);
    for (const device of devices) device.providers.syncNow();
    await Promise.all(
      devices.map((device) =>
        waitFor(stateWhere(device.providers, (s) => s.ready && s.pending === 0 && s.unknown === 0), `${device.name}'s docs to be stored by the relay`, SETTLE_MS / 2).catch(async (error: unknown) => {
          log(`${device.name}: ${JSON.stringify(device.providers.getState())}`);
          log(`${device.name} outbox: ${JSON.stringify(await device.db.outbox.toArray())}`);
          for (const run of device.providers.getState().instances.filter((i) => i.refused)) log(`relay has ${run.instanceId.slice(0, 8)}: ${await probe(run.instanceId)}`);
          throw error;
        }),
      ),
    );
    const left = await Promise.all(devices.map(unsent));
    const ids = new Set(devices.flatMap((device) => [...device.sessions.keys()]));
    const everywhere = devices.every((device) => device.sessions.size === ids.size);
    log(`settle round ${round}: unsent ${left.join('/')}, open runs ${devices.map((d) => d.sessions.size).join('/')} of ${ids.size}`);
    if (left.every((n) => n === 0) && everywhere) break;
  }
  // Each device has sent everything; now each must receive everything the others sent.
  const ids = [...devices[0]!.sessions.keys()];
  await waitFor(
    () => ids.every((id) => devices.every((device) => sameVector(device, devices[0]!, id))),
    'every doc to hold the same changes on every device',
    SETTLE_MS,
  );
  await Promise.all(devices.map((device) => device.puller.pull()));
}

function sameVector(a: Device, b: Device, id: string): boolean {
  const sv = (device: Device): string => Buffer.from(Y.encodeStateVector(device.sessions.get(id)!.model.doc)).toString('base64');
  return sv(a) === sv(b);
}

function bringOnline(device: Device): void {
  device.link.restore();
  device.online = true;
  // What the app does on 'online': reconnect the docs at once and flush.
  device.providers.syncNow();
  void device.flusher.flush('online');
}

async function runSeed(seed: number): Promise<void> {
  const random = mulberry32(seed);
  const dataDir = makeTempDir('fieldbook-fuzz-');
  let relay: TestServer = await startTestServer({ dataDir, keepDataDir: true });
  const port = (server: TestServer): number => Number(new URL(server.url).port);
  const crew = await relay.signup('crew@site.example', 'Crew');
  const userId = crew.user.id as UserId;
  const count = 2 + Math.floor(random() * 3);
  const devices: Device[] = [];
  const steps: string[] = [`${count} devices`];
  const log = (line: string): void => {
    steps.push(line);
    if (process.env.FUZZ_DEBUG) console.log(`[seed ${seed}] ${line}`);
  };
  try {
    for (let i = 0; i < count; i++) devices.push(await openDevice(`tablet-${i}`, userId, crew.token, port(relay), seed * 31 + i));
    await Promise.all(devices.map((device) => device.puller.pull()));

    for (let step = 0; step < STEPS; step++) {
      const device = pick(random, devices);
      const roll = random();
      if (roll < 0.15) {
        const documents = (await device.db.documents.toArray()).sort((a, b) => a.id.localeCompare(b.id));
        if (documents.length === 0) continue;
        const document = pick(random, documents);
        const version = await device.db.versions.get(document.currentVersionId);
        if (!version) continue;
        const instance = await startInstance({ document, documentVersion: version, owner: { userId }, now: Date.now(), newId: () => crypto.randomUUID(), records: recordsOf(device.db) });
        log(`${device.name} starts ${instance.id.slice(0, 8)} (${version.contentType})`);
      } else if (roll < 0.6) {
        const rows = await openRows(device);
        if (rows.length === 0) continue;
        const row = pick(random, rows);
        const session = await openRun(device, row);
        const version = await device.db.versions.get(row.documentVersionId);
        const edit = randomEdit(random, version!);
        log(`${device.name} edits ${row.id.slice(0, 8)}: ${JSON.stringify(edit)}`);
        await applyEdit(session, edit);
      } else if (roll < 0.7) {
        const open = [...device.sessions.keys()].sort();
        if (open.length === 0) continue;
        const id = pick(random, open);
        log(`${device.name} closes ${id.slice(0, 8)}`);
        await closeRun(device, id);
      } else if (roll < 0.8) {
        log(`${device.name} pulls`);
        await device.puller.pull();
      } else if (roll < 0.93) {
        if (device.online) {
          log(`${device.name} loses the relay`);
          device.link.cut();
          device.online = false;
        } else {
          log(`${device.name} reaches the relay again`);
          bringOnline(device);
        }
      } else {
        log('the relay restarts');
        // Down is down: every connection drops at once. (A graceful close while devices keep
        // reconnecting through their links was seen to wait on one open HTTP connection.)
        for (const d of devices) d.link.cut();
        await waitFor(relay.close(), 'the relay to stop', 10_000);
        relay = await waitFor(startTestServer({ dataDir, keepDataDir: true }), 'the relay to start again', 10_000);
        for (const d of devices) if (d.online) d.link.restore();
        for (const d of devices) d.link.retarget(port(relay));
      }
    }

    log('everyone online, settle');
    await waitFor(
      settle(devices, log, async (id) => (await relay.request('GET', `/api/instances/${id}`, { token: crew.token })).status),
      'every device to settle',
      SETTLE_MS,
    );
    const [first, ...others] = devices;
    const rows = await rowsOf(first!);
    const docsOf = (device: Device): unknown[] => [...device.sessions].sort(([a], [b]) => a.localeCompare(b)).map(([id, session]) => [id, docOf(session)]);
    const docs = docsOf(first!);
    for (const device of others) {
      expect(await rowsOf(device), `${device.name}'s rows`).toEqual(rows);
      expect(docsOf(device), `${device.name}'s docs`).toEqual(docs);
    }
    for (const device of devices) {
      expect(await unsent(device), `${device.name}'s unsent outbox entries`).toBe(0);
      expect(device.providers.getState(), `${device.name}'s doc sync state`).toMatchObject({ pending: 0, unknown: 0, notAccepted: 0 });
    }
  } catch (error) {
    throw new Error(`whole-path fuzz failed with seed ${seed} (rerun: FUZZ_SEED=${seed}).\nSteps:\n  ${steps.join('\n  ')}\n${String(error)}`, { cause: error });
  } finally {
    for (const device of devices) await closeDevice(device).catch(() => undefined);
    await relay.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('whole path: devices, outbox, providers and the real relay', () => {
  for (const seed of seedsToRun()) {
    it(`seed ${seed}: every device ends with the same rows and docs and nothing unsent`, () => runSeed(seed), 60_000);
  }
});
