import { useId, useRef, useState } from 'react';
import { QrCode } from './QrCode';

type CopyState = 'idle' | 'copied' | 'manual';

/** A share link to hand over: the address in a read-only field, "Copy link", and a QR code. */
export function LinkPanel({ url, name }: { url: string; name: string }) {
  const fieldId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  const selectAll = (): void => {
    inputRef.current?.focus();
    inputRef.current?.select();
  };
  const copyLink = async (): Promise<void> => {
    try {
      if (navigator.clipboard === undefined) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      // No clipboard permission (or an insecure origin): leave the link selected to copy by hand.
      selectAll();
      setCopy('manual');
    }
  };

  return (
    <div className="link-panel">
      <div className="field">
        <label htmlFor={fieldId}>Link for {name}</label>
        <input
          ref={inputRef}
          id={fieldId}
          className="link-text"
          type="text"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="button-row">
        <button type="button" className="button primary" onClick={() => void copyLink()}>
          Copy link
        </button>
      </div>
      <p role="status" className="copy-state">
        {copy === 'copied' ? 'Link copied.' : copy === 'manual' ? 'Copying did not work here. The link is selected: copy it with your keyboard or menu.' : ''}
      </p>
      <QrCode url={url} label={`QR code for the link for ${name}`} />
    </div>
  );
}
