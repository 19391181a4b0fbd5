import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));

// Each window is its own page; the app serves them from app://<page>/index.html.
export const pages = ['chat', 'overlay'] as const;

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs so the same build loads from app:// and from a test http server.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: true,
    // Inline nothing as data: URLs, so the strict CSP needs no data: for scripts or styles.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: Object.fromEntries(pages.map((page) => [page, `${rendererRoot}/${page}/index.html`])),
    },
  },
});
