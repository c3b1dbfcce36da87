/**
 * Headers that make the page cross-origin isolated, which browsers require before they hand out
 * `SharedArrayBuffer` — and onnxruntime-web needs that to run its WASM kernels on several threads.
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
