import { useRef, useState } from 'react';
import { describeBytes } from '../../../domain';
import type { FileRef } from '../../../domain';
import { captureInWorker, keepFilesOnDevice, storageLevel, storageMessage, storePlainFile } from '../../../files';
import { formatWhen } from '../../shared/time';
import type { EvidenceControlProps } from './evidence-props';
import { evidenceSaveKey } from './evidence-props';
import { PhotoViewer } from './PhotoViewer';
import { useFileUrl } from './use-file-url';
import '../run.css';

/** What a file field takes when the author named no types. */
const DEFAULT_ACCEPT = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];

const accepts = (accept: readonly string[], mime: string): boolean =>
  accept.some((a) => (a.endsWith('/*') ? mime.startsWith(a.slice(0, -1)) : a === mime));

/**
 * Photos (camera on tablets; the gallery too unless the author says camera only) and files.
 * Each photo is downscaled, hashed and stored durably in the capture worker before the run's
 * doc refers to it (SPEC R41): a photo shown here survives a reload, a closed tab and an
 * update. Removing is soft, with who and when (R42).
 */
export function FilesInput({ run, field, valueKey, readOnly, userId, live, describedBy }: EvidenceControlProps) {
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [work, setWork] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pressure, setPressure] = useState<string | undefined>(undefined);
  const [viewing, setViewing] = useState<{ file: FileRef; title: string } | null>(null);
  const photo = field.kind === 'photo';
  const noun = photo ? 'photo' : 'file';
  const room = field.max === undefined ? Infinity : Math.max(0, field.max - live.length);
  const accept = photo ? ['image/*'] : (field.accept ?? DEFAULT_ACCEPT);

  const store = async (file: File): Promise<FileRef> => {
    const context = { instanceId: run.instance.id, by: userId, now: Date.now() };
    if (photo) return captureInWorker({ file, instanceId: context.instanceId, by: userId, dbName: run.db.name, now: context.now, ...(field.longEdge === undefined ? {} : { maxEdge: field.longEdge }) });
    const ref = await storePlainFile(run.db, await file.arrayBuffer(), file.type, context);
    return { ...ref, name: file.name.slice(0, 200) };
  };

  const add = async (list: FileList | null): Promise<void> => {
    const files = [...(list ?? [])];
    if (files.length === 0) return;
    setProblem(null);
    // Nearly full storage: warn; full: refuse, so what is already kept stays safe.
    const level = await storageLevel();
    setPressure(storageMessage(level));
    if (level.level === 'full') return;
    const refused: string[] = [];
    const chosen = files.filter((f) => {
      if (!photo && !accepts(accept, f.type)) refused.push(`${f.name} is not a type this question takes`);
      else if (field.maxBytes !== undefined && f.size > field.maxBytes) refused.push(`${f.name} is larger than ${describeBytes(field.maxBytes)}`);
      else if (photo && !f.type.startsWith('image/')) refused.push(`${f.name} is not a photo`);
      else return true;
      return false;
    });
    const kept = chosen.slice(0, room);
    if (chosen.length > kept.length) refused.push(`only ${field.max ?? 0} ${noun}s fit here`);
    setWork({ done: 0, total: kept.length });
    let stored = 0;
    for (const [i, file] of kept.entries()) {
      try {
        const ref = await store(file);
        stored += 1;
        run.tracker.save(evidenceSaveKey(valueKey, ref.sha256), () => ({ kind: 'evidence-add', key: valueKey, item: { kind: 'file', file: ref } }));
      } catch (error) {
        refused.push(`${file.name} could not be kept: ${error instanceof Error ? error.message : 'the device refused to store it'}`);
      }
      setWork({ done: i + 1, total: kept.length });
    }
    setWork(null);
    // The first file kept asks the browser not to evict Fieldbook's data (it cannot be taken again).
    if (stored > 0) void keepFilesOnDevice();
    if (refused.length > 0) setProblem(`${refused.join('; ')}.`);
  };

  const remove = (id: string): void => {
    run.tracker.save(evidenceSaveKey(valueKey, id), () => ({ kind: 'evidence-remove', key: valueKey, id }));
  };

  const input = (ref: typeof camera, capture: boolean) => (
    <input
      ref={ref}
      type="file"
      hidden
      accept={accept.join(',')}
      multiple={!capture && room > 1}
      {...(capture ? { capture: 'environment' as const } : {})}
      data-evidence={capture ? 'camera' : 'picker'}
      onChange={(e) => {
        const list = e.target.files;
        void add(list).finally(() => {
          e.target.value = '';
        });
      }}
    />
  );

  return (
    <>
      {live.length > 0 && (
        <ul className={photo ? 'evidence-photos' : 'evidence-files'} aria-describedby={describedBy || undefined}>
          {live.map((entry, i) =>
            entry.item.kind === 'file' ? (
              <li key={entry.id}>
                {photo ? <Thumb run={run} file={entry.item.file} alt={`${field.label}, photo ${i + 1}`} /> : <FileLine file={entry.item.file} />}
                <span className="evidence-when">{formatWhen(entry.item.file.capturedAt)}</span>
                {photo && (
                  <button type="button" className="button small" onClick={() => entry.item.kind === 'file' && setViewing({ file: entry.item.file, title: `${field.label}, photo ${i + 1}` })}>
                    View<span className="visually-hidden"> photo {i + 1} full size</span>
                  </button>
                )}
                {!readOnly && (
                  <button type="button" className="button small danger-outline" onClick={() => remove(entry.id)}>
                    Remove<span className="visually-hidden"> {noun} {i + 1}</span>
                  </button>
                )}
              </li>
            ) : null,
          )}
        </ul>
      )}
      {!readOnly && room > 0 && (
        <div className="evidence-actions">
          {photo && (
            <button type="button" className="button" disabled={work !== null} onClick={() => camera.current?.click()}>
              Take a photo
            </button>
          )}
          {(!photo || field.cameraOnly !== true) && (
            <button type="button" className="button" disabled={work !== null} onClick={() => picker.current?.click()}>
              {photo ? 'Choose from gallery' : live.length > 0 ? 'Attach another file' : 'Attach a file'}
            </button>
          )}
          {photo && input(camera, true)}
          {(!photo || field.cameraOnly !== true) && input(picker, false)}
        </div>
      )}
      <p className="save-flag" aria-live="polite">
        {work !== null ? `Keeping ${noun} ${Math.min(work.done + 1, work.total)} of ${work.total} on this device…` : ''}
      </p>
      {pressure !== undefined && (
        <p className="field-flag" role="status">
          {pressure}
        </p>
      )}
      {problem !== null && (
        <p className="field-error" role="alert">
          {problem.charAt(0).toUpperCase() + problem.slice(1)}
        </p>
      )}
      {viewing !== null && <PhotoViewer db={run.db} file={viewing.file} title={viewing.title} onClose={() => setViewing(null)} />}
    </>
  );
}

function Thumb({ run, file, alt }: { run: EvidenceControlProps['run']; file: FileRef; alt: string }) {
  const url = useFileUrl(run.db, file.thumb ?? file.sha256);
  if (url === undefined) return <span className="evidence-thumb loading" role="img" aria-label={`${alt}: loading`} />;
  if (url === null) return <span className="evidence-thumb missing" role="img" aria-label={`${alt}: not on this device yet`} />;
  return <img className="evidence-thumb" src={url} alt={alt} width={file.w >= file.h ? 160 : Math.round((160 * file.w) / Math.max(1, file.h))} height={file.w >= file.h ? Math.round((160 * file.h) / Math.max(1, file.w)) : 160} />;
}

function FileLine({ file }: { file: FileRef }) {
  return (
    <span className="evidence-file">
      <span className="evidence-file-name">{file.name ?? 'File'}</span> <span className="muted">{describeBytes(file.size)}</span>
    </span>
  );
}
