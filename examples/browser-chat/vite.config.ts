import { defineConfig } from 'vite';

// COOP/COEP make the page cross-origin isolated, so onnxruntime-web may use WASM threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation },
  // Keep ORT out of pre-bundling so its `new URL('….wasm', import.meta.url)` finds the file; the build emits the
  // .wasm as one of our own assets (never a CDN).
  optimizeDeps: { exclude: ['onnxruntime-web'] },
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
