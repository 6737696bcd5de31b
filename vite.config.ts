import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Fieldbook',
        short_name: 'Fieldbook',
        description: 'Procedures, checklists and forms that work offline',
        theme_color: '#0f3d5e',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'] },
      devOptions: { enabled: false },
    }),
  ],
  // `zod` in app code means zod configured for the CSP (src/domain/zod-browser.ts).
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/domain/zod-browser.ts', import.meta.url)) }] },
  server: { proxy: { '/api': 'http://localhost:8787', '/healthz': 'http://localhost:8787', '/yjs': { target: 'ws://localhost:8787', ws: true } } },
  // Hidden maps: written for crash decoding, never referenced from the bundle (and never served).
  build: { target: 'es2022', sourcemap: 'hidden' },
});
