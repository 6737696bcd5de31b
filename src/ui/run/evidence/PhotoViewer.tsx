import { useEffect, useId, useRef } from 'react';
import type { FileRef } from '../../../domain';
import type { FieldbookDB } from '../../../db';
import { formatWhen } from '../../shared/time';
import { useFileUrl } from './use-file-url';

/**
 * A photo at full size, on the native <dialog> (Escape closes it): the original from this
 * device, or fetched from the relay on demand (another tablet's, or one cleaned up here).
 */
export function PhotoViewer({ db, file, title, onClose }: { db: FieldbookDB; file: FileRef; title: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const url = useFileUrl(db, file.sha256, 'original');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog photo-viewer"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <p className="muted">
        Taken {formatWhen(file.capturedAt)} · {file.w} × {file.h} px
      </p>
      {url === undefined ? (
        <p role="status">Opening the photo…</p>
      ) : url === null ? (
        <p role="status">The full photo is not on this device and the relay cannot be reached. The thumbnail is all there is for now.</p>
      ) : (
        <img className="photo-viewer-image" src={url} alt={title} width={file.w} height={file.h} />
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
