import { defineConfig } from 'vite';
import { clayglNoEval } from './scripts/vite-claygl-no-eval.js';

// The renderer is a plain browser bundle: same output for Electron (custom protocol) and the headless host.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  publicDir: false,
  // echarts-gl's engine compiles size expressions with eval, which the renderer's CSP refuses: see the plugin.
  plugins: [clayglNoEval()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
