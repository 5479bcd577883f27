import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The server (apps/server) serves `dist/` at `/`; in development Vite proxies API and collaboration to it. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The lazily loaded editor chunk (Tiptap + ProseMirror + Yjs) is ~600 kB before gzip; that is expected.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/collab': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
