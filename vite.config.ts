import { defineConfig } from 'vite';

// The renderer is a plain browser bundle: same output for Electron (custom protocol) and the headless host.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  publicDir: false,
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
