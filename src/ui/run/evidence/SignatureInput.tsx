import { useEffect, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';
import { signedAnswersText, STROKES_MIME } from '../../../domain';
import type { CompletionSnapshot, Signature } from '../../../domain';
import { keepFilesOnDevice, sha256Hex, storageLevel, storageMessage, storePlainFile } from '../../../files';
import { formatWhen } from '../../shared/time';
import type { EvidenceControlProps } from './evidence-props';
import { evidenceSaveKey } from './evidence-props';
import { useFileUrl } from './use-file-url';

/** The hash of what a signature vouches for: the run's answers without its evidence (R43). */
export async function answersHashOf(run: EvidenceControlProps['run'], snapshot: CompletionSnapshot): Promise<string> {
  const model = run.session.model;
  const text = signedAnswersText(snapshot, (key) => model.evidence(key).length > 0);
  return sha256Hex(new TextEncoder().encode(text));
}

/** The bytes of a `data:` URL (decoded here: the CSP lets `fetch` reach the app's own origin only). */
function dataUrlBytes(url: string): ArrayBuffer {
  const text = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes.buffer;
}

/**
 * A signature drawn with a finger or stylus (`signature_pad`): its strokes (JSON) and a
 * white-background PNG are stored as files, with the signer's name, the time and the hash of
 * the answers signed. An answer changed after signing makes the signature stale, and it says so.
 */
export function SignatureInput({ run, field, valueKey, readOnly, userId, live, describedBy, labelId }: EvidenceControlProps) {
  const current = [...live].reverse().find((e) => e.item.kind === 'signature');
  const signature = current?.item.kind === 'signature' ? current.item.signature : undefined;
  // The doc may load after the first render: with no signature yet the pad shows; "Sign again" opens it over one.
  const [again, setSigning] = useState(false);
  const signing = signature === undefined || again;
  const stale = useStale(run, signature);
  if (signature !== undefined && !signing) {
    return (
      <div className="evidence-signature" aria-describedby={describedBy || undefined}>
        <SignatureImage run={run} signature={signature} label={field.label} />
        <p>
          Signed by <strong>{signature.signer}</strong>, {formatWhen(signature.signedAt)}
        </p>
        {stale && (
          <p className="field-flag" role="status">
            Answers changed after this was signed. Sign again to confirm them.
          </p>
        )}
        {!readOnly && (
          <button type="button" className="button" onClick={() => setSigning(true)}>
            Sign again
          </button>
        )}
      </div>
    );
  }
  if (readOnly) return <p className="muted">Not signed.</p>;
  return <SignaturePadControl run={run} valueKey={valueKey} userId={userId} labelId={labelId} describedBy={describedBy} onDone={() => setSigning(false)} canCancel={signature !== undefined} />;
}

function useStale(run: EvidenceControlProps['run'], signature: Signature | undefined): boolean {
  const [stale, setStale] = useState(false);
  const snapshot = run.session.model.snapshot();
  const text = JSON.stringify(snapshot);
  useEffect(() => {
    if (signature === undefined) return;
    let live = true;
    void answersHashOf(run, snapshot).then((hash) => {
      if (live) setStale(hash !== signature.answersHash);
    });
    return () => {
      live = false;
    };
    // `text` stands for the snapshot's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run, signature, text]);
  return signature !== undefined && stale;
}

function SignatureImage({ run, signature, label }: { run: EvidenceControlProps['run']; signature: Signature; label: string }) {
  const url = useFileUrl(run.db, signature.png.sha256, 'original');
  if (url === null || url === undefined) return <span className="evidence-signature-image missing" role="img" aria-label={`${label}: the signature image is not on this device yet`} />;
  return <img className="evidence-signature-image" src={url} alt={`${label}: signature of ${signature.signer}`} />;
}

interface PadProps {
  readonly run: EvidenceControlProps['run'];
  readonly valueKey: string;
  readonly userId: string;
  readonly labelId: string;
  readonly describedBy: string;
  readonly canCancel: boolean;
  readonly onDone: () => void;
}

function SignaturePadControl({ run, valueKey, userId, labelId, describedBy, canCancel, onDone }: PadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [signer, setSigner] = useState('');
  const [drawn, setDrawn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const el = canvas.current;
    if (el === null) return;
    const made = new SignaturePad(el, { backgroundColor: 'rgb(255, 255, 255)', penColor: 'rgb(0, 0, 0)' });
    // The canvas's pixels follow its CSS size and the screen's density, so strokes are sharp and
    // under the finger; turning the tablet re-fits it and redraws the strokes made so far.
    const fit = (): void => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const strokes = made.toData();
      el.width = el.offsetWidth * ratio;
      el.height = el.offsetHeight * ratio;
      el.getContext('2d')?.scale(ratio, ratio);
      made.clear();
      made.fromData(strokes);
    };
    fit();
    made.addEventListener('endStroke', () => setDrawn(!made.isEmpty()));
    const observer = new ResizeObserver(() => {
      if (el.width !== el.offsetWidth * Math.max(window.devicePixelRatio || 1, 1)) fit();
    });
    observer.observe(el);
    pad.current = made;
    return () => {
      observer.disconnect();
      made.off();
      pad.current = null;
    };
  }, []);

  const clear = (): void => {
    pad.current?.clear();
    setDrawn(false);
  };

  const save = async (): Promise<void> => {
    const p = pad.current;
    if (p === null || p.isEmpty()) return setProblem('Draw the signature in the box first.');
    if (signer.trim() === '') return setProblem('Type the name of the person signing.');
    const level = await storageLevel();
    if (level.level === 'full') return setProblem(storageMessage(level) ?? null);
    setBusy(true);
    setProblem(null);
    try {
      const now = Date.now();
      const context = { instanceId: run.instance.id, by: userId, now };
      const png = await storePlainFile(run.db, dataUrlBytes(p.toDataURL('image/png')), 'image/png', context);
      const strokes = await storePlainFile(run.db, new TextEncoder().encode(JSON.stringify(p.toData())).buffer, STROKES_MIME, context);
      const answersHash = await answersHashOf(run, run.session.model.snapshot());
      const signature: Signature = {
        png: { ...png, w: canvas.current?.width ?? 0, h: canvas.current?.height ?? 0, name: 'signature.png' },
        strokes: { ...strokes, name: 'signature.json' },
        signer: signer.trim().slice(0, 200),
        signedAt: now,
        answersHash,
      };
      void keepFilesOnDevice();
      run.tracker.save(evidenceSaveKey(valueKey, `signature-${now}`), () => ({ kind: 'evidence-add', key: valueKey, item: { kind: 'signature', signature } }));
      onDone();
    } catch (error) {
      setProblem(`The signature could not be kept on this device: ${error instanceof Error ? error.message : 'storage refused it'}.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="evidence-pad">
      <p className="field-hint">Sign in the box with a finger or a stylus.</p>
      <canvas ref={canvas} className="signature-canvas" role="img" aria-labelledby={labelId} aria-describedby={describedBy || undefined} data-evidence="signature-pad" />
      <div className="field">
        <label htmlFor={`${valueKey}-signer`}>Name of the person signing</label>
        <input id={`${valueKey}-signer`} type="text" autoComplete="name" maxLength={200} value={signer} onChange={(e) => setSigner(e.target.value)} />
      </div>
      <div className="evidence-actions">
        <button type="button" className="button primary" disabled={busy} onClick={() => void save()}>
          {busy ? 'Keeping the signature…' : 'Save signature'}
        </button>
        <button type="button" className="button" disabled={busy || !drawn} onClick={clear}>
          Clear
        </button>
        {canCancel && (
          <button type="button" className="button" disabled={busy} onClick={onDone}>
            Keep the earlier signature
          </button>
        )}
      </div>
      {problem !== null && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
