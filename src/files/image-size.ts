/**
 * Pixel size from an image's header, without decoding it: a 48 MP photo must not be decoded at
 * full size just to learn how far to shrink it. JPEG (SOFn marker) and PNG (IHDR); anything
 * else answers undefined and the codec measures it.
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export function readImageSize(bytes: Uint8Array): Size | undefined {
  return readPngSize(bytes) ?? readJpegSize(bytes);
}

function readPngSize(b: Uint8Array): Size | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 24 || signature.some((v, i) => b[i] !== v)) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return positive({ width: view.getUint32(16), height: view.getUint32(20) });
}

// SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function readJpegSize(b: Uint8Array): Size | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image / start of scan before any frame
    const length = view.getUint16(at + 2);
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      if (at + 9 > b.length) return undefined;
      return positive({ height: view.getUint16(at + 5), width: view.getUint16(at + 7) });
    }
    at += 2 + length;
  }
  return undefined;
}

const positive = (size: Size): Size | undefined => (size.width > 0 && size.height > 0 ? size : undefined);
