import type { ImageCodec, Size } from './capture';

/**
 * The ImageCodec of browsers and workers: createImageBitmap decodes straight to the target size
 * (its resize options), so neither a full-size bitmap of a 48 MP photo is kept nor a canvas
 * larger than the target (<= 16.7 MP) drawn; OffscreenCanvas.convertToBlob encodes the JPEG.
 * Node has neither: this file is exercised in Chromium (Playwright), not in vitest.
 */
export const browserImageCodec: ImageCodec<ImageBitmap> = {
  async measure(blob) {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  },
  decode: (blob, size: Size) =>
    createImageBitmap(blob, { imageOrientation: 'from-image', resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' }),
  resize: (image, size: Size) => createImageBitmap(image, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' }),
  async encodeJpeg(image, quality) {
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('No 2D canvas in this browser');
    context.fillStyle = '#fff'; // JPEG has no alpha: a transparent PNG becomes white, not black
    context.fillRect(0, 0, image.width, image.height);
    context.drawImage(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    return blob.arrayBuffer();
  },
  close: (image) => image.close(),
};
