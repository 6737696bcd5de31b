import { useEffect, useState } from 'react';
import type { FieldbookDB } from '../../../db';
import { readFile } from '../../../files';
import { fetchRemoteFile } from '../../../sync/remote-file';
import { useServices } from '../../services';

/**
 * An object URL for a stored file's bytes (a thumbnail, a signature), made from this device's
 * file store (fetched from the relay first when another device took it) and revoked when the
 * component goes. `undefined` while reading; `null` when the bytes are neither here nor to be
 * had from the relay (offline, or not readable by this person).
 */
export function useFileUrl(db: FieldbookDB, sha256: string | null | undefined, role: 'thumbnail' | 'original' = 'thumbnail'): string | null | undefined {
  const { api } = useServices();
  const [loaded, setLoaded] = useState<{ readonly sha256: string; readonly url: string | null } | null>(null);
  useEffect(() => {
    if (sha256 === null || sha256 === undefined) return;
    let made: string | undefined;
    let live = true;
    void (async () => {
      // The row here, or (another tablet took it, or clean-up dropped its bytes) fetched from the relay, checked, kept.
      const row = await fetchRemoteFile(api, db, sha256, role);
      const bytes = row === null ? undefined : await readFile(db, sha256);
      if (!live) return;
      if (row === null || bytes === undefined) return setLoaded({ sha256, url: null });
      made = URL.createObjectURL(new Blob([bytes], { type: row.mime }));
      setLoaded({ sha256, url: made });
    })().catch(() => {
      if (live) setLoaded({ sha256, url: null });
    });
    return () => {
      live = false;
      if (made !== undefined) URL.revokeObjectURL(made);
    };
  }, [api, db, sha256, role]);
  if (sha256 === null || sha256 === undefined) return null;
  return loaded?.sha256 === sha256 ? loaded.url : undefined;
}
