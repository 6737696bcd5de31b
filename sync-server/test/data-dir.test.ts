import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/temp-dir';
import { startTestServer } from './helpers/test-server';
import type { TestServer } from './helpers/test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const mode = (file: string): number => statSync(file).mode & 0o777;

describe('DATA_DIR permissions', () => {
  it('creates DATA_DIR 0700, the SQLite files and the secret 0600, and the file store folders 0700', async () => {
    const dataDir = path.join(makeTempDir(), 'fresh', 'data');
    // No SECRET: the relay creates <dataDir>/secret itself.
    const relay = await startTestServer({ dataDir });
    servers.push(relay);
    await relay.signup('ada@site.example');
    expect(mode(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(['fieldbook.sqlite', 'fieldbook.sqlite-wal', 'fieldbook.sqlite-shm', 'secret']));
    // Folders (blobs/, uploads/) are 0700 like DATA_DIR; files 0600.
    for (const file of files) {
      const full = path.join(dataDir, file);
      expect({ file, mode: mode(full) }).toEqual({ file, mode: statSync(full).isDirectory() ? 0o700 : 0o600 });
    }
  });
});
