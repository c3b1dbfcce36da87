import { loadOrtRuntime } from '@pocketlm/core/ort';

/**
 * The parts of `onnxruntime-web` the web backend uses: sessions and tensors, plus `env` to point it at its wasm
 * files and set its thread count. Any `typeof import('onnxruntime-web')` fits.
 */
export type OrtWebRuntime = Pick<typeof import('onnxruntime-web'), 'InferenceSession' | 'Tensor' | 'env'>;

/** An onnxruntime-web module, or a function that loads one. */
export type OrtWebRuntimeSource = OrtWebRuntime | (() => OrtWebRuntime | Promise<OrtWebRuntime>);

/**
 * Resolves onnxruntime-web (imported on first use by default); any failure is `BACKEND_UNAVAILABLE`. Without
 * WebGPU the default is the WASM-only build (`onnxruntime-web/wasm`), whose wasm file is half the size of the
 * WebGPU-capable one (14 MB instead of 28 MB): less to download and compile on every worker start.
 */
export function loadOrtWebRuntime(
  source: OrtWebRuntimeSource | undefined,
  device: 'webgpu' | 'wasm' = 'webgpu',
): Promise<OrtWebRuntime> {
  return loadOrtRuntime(source, {
    packageName: 'onnxruntime-web',
    installHint: 'Install it next to @pocketlm/web: `npm install onnxruntime-web`.',
    importDefault: async () =>
      device === 'wasm' ? import('onnxruntime-web/wasm') : import('onnxruntime-web'),
  });
}

/** Where ORT finds its `.wasm` and `.mjs` files: one folder URL, or a URL per file. */
export type WasmPaths = string | { wasm?: string; mjs?: string };

/**
 * Points ORT at its wasm files and sets its thread count. ORT reads `env` once, when it first initialises, so this
 * runs before the first session and later calls with other values cannot take effect.
 */
export function configureOrtWasm(
  ort: OrtWebRuntime,
  wasmPaths: WasmPaths | undefined,
  threads: number,
): void {
  if (wasmPaths !== undefined) {
    // Never a CDN: the application serves these files itself, from the folder it names here.
    ort.env.wasm.wasmPaths =
      typeof wasmPaths === 'string' ? wasmPaths : ({ ...wasmPaths } as typeof ort.env.wasm.wasmPaths);
  }
  ort.env.wasm.numThreads = threads;
  // Sessions already run in our own worker when the engine does; ORT's proxy worker would add a second hop.
  ort.env.wasm.proxy = false;
}

/** A readable form of `WasmPaths` for the capability report. */
export function describeWasmPaths(wasmPaths: WasmPaths | undefined): string | undefined {
  if (wasmPaths === undefined || typeof wasmPaths === 'string') return wasmPaths;
  return [wasmPaths.wasm, wasmPaths.mjs].filter(Boolean).join(', ');
}
