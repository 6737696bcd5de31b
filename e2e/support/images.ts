import type { Page } from '@playwright/test';

/** A real JPEG of `w`×`h` made by the browser's own encoder (a gradient, so it is not blank). */
export async function jpeg(page: Page, w: number, h: number, hue: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ w, h, hue }) => {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d');
      if (ctx === null) throw new Error('no 2d context');
      const g = ctx.createLinearGradient(0, 0, w, h);
      g.addColorStop(0, `hsl(${hue} 80% 40%)`);
      g.addColorStop(1, `hsl(${(hue + 120) % 360} 80% 60%)`);
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      return btoa(text);
    },
    { w, h, hue },
  );
  return Buffer.from(base64, 'base64');
}

