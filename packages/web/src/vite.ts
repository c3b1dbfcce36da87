/**
 * `@pocketlm/web/vite`: the Vite settings a page with a PocketLM worker engine needs. Plain data (no `vite`
 * import), so it costs nothing to apps that do not use Vite; pass it to `defineConfig`.
 */

/** Headers that make a page cross-origin isolated: `SharedArrayBuffer`, and so ORT's WASM threads, need them. */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Vite config for a page whose engine runs in a module worker on onnxruntime-web:
 * - COOP/COEP on the dev and preview servers (WASM threads);
 * - onnxruntime-web kept out of dependency pre-bundling, so its `new URL('ort-wasm-….wasm', import.meta.url)`
 *   points at the real file in dev, and `vite build` emits the `.wasm` as a hashed asset of your own origin
 *   (never a CDN). Each device's ORT bundle is a separate dynamic import, so a browser fetches only one `.wasm`;
 * - ES-module workers (they share chunks and import ORT's glue lazily);
 * - no warnings for ORT's one large glue module, which only the worker loads.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { pocketlmViteConfig } from '@pocketlm/web/vite';
 * export default defineConfig(pocketlmViteConfig());
 * ```
 */
export function pocketlmViteConfig() {
  // Rolldown reports ORT's large files as "slow plugin" work on every build (page and worker); not actionable.
  const quietTimings = { checks: { bundlerTimings: false } };
  return {
    server: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
    preview: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
    optimizeDeps: { exclude: ['onnxruntime-web'] },
    worker: { format: 'es' as const, rolldownOptions: quietTimings },
    build: { target: 'es2022', chunkSizeWarningLimit: 1024, rolldownOptions: quietTimings },
  };
}
