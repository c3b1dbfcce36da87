/** The execution device the web backend runs a model on. */
export type WebDevice = 'webgpu' | 'wasm';

/** What the web backend chose, and why: for UIs, logs and bug reports. */
export interface WebCapabilityReport {
  /** The device models load on. */
  device: WebDevice;
  /** ORT execution providers passed to sessions, in order. */
  executionProviders: WebDevice[];
  /** One sentence: why this device. */
  reason: string;
  webgpu: {
    /** True when `navigator.gpu` gave an adapter. */
    available: boolean;
    /** Why WebGPU is or is not used. */
    reason: string;
  };
  wasm: {
    /** WebAssembly SIMD (required: onnxruntime-web ships SIMD builds only). */
    simd: boolean;
    /** Threads ORT's WASM backend uses (1 unless the page is cross-origin isolated). */
    threads: number;
    crossOriginIsolated: boolean;
    /** Where ORT loads its `.wasm`/`.mjs` files from; undefined: next to the onnxruntime-web module itself. */
    wasmPaths: string | undefined;
  };
}
