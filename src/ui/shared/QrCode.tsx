import { useEffect, useState } from 'react';
import type * as QrModule from 'qrcode';

/**
 * `qrcode` is CommonJS: its bundled namespace may hold the exports under `default`, and a bare
 * namespace's `toString` would be Object.prototype's, so prefer `default` when it is there.
 */
type QrLibrary = Pick<typeof QrModule, 'toString'>;
async function loadQrCode(): Promise<QrLibrary> {
  const mod = await import('qrcode');
  return (mod as { default?: QrLibrary }).default ?? mod;
}

/**
 * The link as a QR code, drawn by the `qrcode` library as SVG. The library loads only when a
 * code is shown, so it stays out of the first download.
 */
export function QrCode({ url, label }: { url: string; label: string }) {
  const [svg, setSvg] = useState<{ url: string; src: string } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    loadQrCode()
      .then((QRCode) => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }))
      .then((markup) => {
        if (!cancelled) setSvg({ url, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}` });
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [url]);

  if (failed) return <p className="muted">The QR code could not be drawn here. Copy the link instead.</p>;
  if (svg === null || svg.url !== url) {
    return (
      <p className="muted qr-placeholder" role="status">
        Drawing QR code…
      </p>
    );
  }
  return <img className="qr-code" src={svg.src} alt={label} width={240} height={240} />;
}
