import { defineConfig } from 'vite';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './src/cross-origin-isolation.js';

/**
 * The playground is a static page plus one module worker. onnxruntime-web finds its `.wasm` with
 * `new URL('ort-wasm-….wasm', import.meta.url)`, which Vite turns into a hashed asset of this build, so the runtime
 * is always served from our own origin (never a CDN). In dev, ORT is kept out of dependency pre-bundling so that
 * URL still points at the real file in node_modules.
 */
export default defineConfig({
  server: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
  preview: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  // ES workers can share chunks and use dynamic import (ORT loads its glue code lazily).
  worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings: false } } },
  build: {
    target: 'es2022',
    // onnxruntime-web's glue is one large module; it is loaded by the worker only, never on the page's critical path.
    chunkSizeWarningLimit: 1024,
    // Rolldown reports ORT's large files as "slow plugin" work on every build (page and worker, whose bundle is
    // built separately); it is expected, not actionable.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
