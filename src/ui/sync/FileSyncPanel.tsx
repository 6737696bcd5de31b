import { useSyncExternalStore } from 'react';
import { describeBytes } from '../../domain';
import { describeFiles } from '../../sync/sync-status';
import type { FileSync } from '../../sync/file-sync';
import './sync.css';

/**
 * Photos, files and signatures on their way to the relay: how many and how big, the one being
 * sent, and those the relay refused with its reason (kept on this device, never dropped).
 */
export function FileSyncPanel({ files }: { files: FileSync }) {
  const state = useSyncExternalStore(files.subscribe, files.getState);
  const pending = state.pending;
  return (
    <section className="panel" aria-labelledby="files-title">
      <h2 id="files-title">Photos and files</h2>
      <p className={pending !== undefined && pending.count === 0 && state.unreferenced === 0 ? 'muted' : undefined}>
        {pending === undefined
          ? 'Checking…'
          : pending.count === 0 && state.unreferenced === 0
            ? 'None. The relay holds every photo and file taken on this device.'
            : pending.count === 0
              ? 'Every file is on the relay; it is being told which runs they belong to.'
              : `${describeFiles(pending.count, pending.bytes)} waiting to upload.`}
      </p>
      {state.progress !== undefined && (
        <p className="muted" role="status">
          Sending a file: {Math.round((100 * state.progress.sent) / Math.max(1, state.progress.total))} %
        </p>
      )}
      {state.lastProblem !== undefined && pending !== undefined && pending.count > 0 && <p className="muted">Last try: {state.lastProblem}. It is tried again by itself.</p>}
      {state.refused.length > 0 && (
        <>
          <h3>Refused by the relay</h3>
          <p>These stay on this device; they are not lost.</p>
          <ul className="sync-list">
            {state.refused.map((f) => (
              <li key={f.sha256} className="sync-item">
                <p>
                  {f.mime === 'application/pdf' ? 'A PDF' : f.mime.startsWith('image/') ? 'A photo' : 'A file'} ({describeBytes(f.size)}): {f.reason}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
