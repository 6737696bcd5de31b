/**
 * Share redemption (DESIGN §6: >= 5,000/s; exactly maxUses successes under 1,000 concurrent
 * attempts). The relay runs in a child process (bench/share-redeem-server.ts) and is driven over
 * real HTTP on 127.0.0.1 with keep-alive connections, so the load generator does not share the
 * relay's event loop. Every request is a first redemption by a new session (the costly path: a
 * write transaction that spends a use, plus signing a grant).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SEED_IDS } from '../sync-server/src/seed/seed';
import { percentile } from './relay-bench-support';
import type { BenchRow, BenchSuite } from './types';

const SERVER = fileURLToPath(new URL('./share-redeem-server.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(SERVER), '..');
const SETTINGS = { warmup: 2_000, requests: 30_000, concurrency: 64, raceAttempts: 1_000, raceMaxUses: 10 } as const;

interface Reply {
  status: number;
  body: string;
}

function call(agent: Agent, url: string, method: string, urlPath: string, body: unknown, token?: string): Promise<Reply> {
  const payload = JSON.stringify(body);
  const target = new URL(urlPath, url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function startChild(dataDir: string) {
  const child = spawn(process.execPath, [...(process.env.REDEEM_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', SERVER, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`share-redeem server exited (${code})`)));
  });
  return {
    url,
    stop: async () => {
      // SIGINT lets --cpu-prof (REDEEM_BENCH_NODE_ARGS) write its profile; SIGKILL if it does not exit.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function makeLink(agent: Agent, url: string, admin: { token: string; userId: string }, maxUses?: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const link = {
    id: randomUUID(),
    documentId: SEED_IDS.incidentReport.document,
    audience: 'external',
    tokenHash: createHash('sha256').update(token).digest('hex'),
    createdBy: admin.userId,
    createdAt: Date.now(),
    useCount: 0,
    ...(maxUses === undefined ? {} : { maxUses }),
  };
  const res = await call(agent, url, 'PUT', `/api/share-links/${link.id}`, link, admin.token);
  if (res.status !== 200) throw new Error(`link PUT failed: ${res.status} ${res.body}`);
  return token;
}

/** `total` redemptions by distinct sessions, `concurrency` in flight; per-request latency in ms. */
async function drive(agent: Agent, url: string, token: string, total: number, concurrency: number): Promise<{ latencies: Float64Array; seconds: number; ok: number }> {
  const latencies = new Float64Array(total);
  let next = 0;
  let ok = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      const res = await call(agent, url, 'POST', '/api/shares/redeem', { token, sessionId: randomUUID(), sessionSecret: randomBytes(16).toString('base64url') });
      latencies[i] = performance.now() - t;
      if (res.status === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies: latencies.sort(), seconds: (performance.now() - started) / 1000, ok };
}

export const run: BenchSuite = async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-bench-redeem-'));
  const server = await startChild(dataDir);
  const agent = new Agent({ keepAlive: true, maxSockets: SETTINGS.raceAttempts });
  try {
    const signup = await call(agent, server.url, 'POST', '/api/auth/signup', { email: 'bench@example.com', password: 'correct horse battery', name: 'Bench' });
    const { token, user } = JSON.parse(signup.body) as { token: string; user: { id: string } };
    const admin = { token, userId: user.id };

    const open = await makeLink(agent, server.url, admin);
    await drive(agent, server.url, open, SETTINGS.warmup, SETTINGS.concurrency);
    const measured = await drive(agent, server.url, open, SETTINGS.requests, SETTINGS.concurrency);
    if (measured.ok !== SETTINGS.requests) throw new Error(`${SETTINGS.requests - measured.ok} redemptions failed`);
    const perSecond = SETTINGS.requests / measured.seconds;
    const p99 = percentile(measured.latencies, 0.99);

    const limited = await makeLink(agent, server.url, admin, SETTINGS.raceMaxUses);
    const results = await Promise.all(
      Array.from({ length: SETTINGS.raceAttempts }, () => call(agent, server.url, 'POST', '/api/shares/redeem', { token: limited, sessionId: randomUUID(), sessionSecret: randomBytes(16).toString('base64url') })),
    );
    const successes = results.filter((r) => r.status === 200).length;

    const note = `child-process relay, real HTTP keep-alive, ${SETTINGS.concurrency} in flight, ${SETTINGS.requests} first uses`;
    const rows: BenchRow[] = [
      { name: 'share redemptions per second', value: perSecond, unit: '/s', budget: '>= 5000', pass: perSecond >= 5_000, note },
      { name: 'share redemption p99 latency', value: p99, unit: 'ms', note: `at ${SETTINGS.concurrency} in flight` },
      {
        name: `successes of ${SETTINGS.raceAttempts} concurrent redemptions (maxUses ${SETTINGS.raceMaxUses})`,
        value: successes,
        unit: '',
        budget: `= ${SETTINGS.raceMaxUses}`,
        pass: successes === SETTINGS.raceMaxUses,
        note: 'distinct sessions, all in flight at once',
      },
    ];
    return rows;
  } finally {
    agent.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
