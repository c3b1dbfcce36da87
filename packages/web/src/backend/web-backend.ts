import type { Backend, ModelFiles, ModelStore } from '@pocketlm/core';
import {
  type OrtRuntime,
  type OrtSessionEnvironment,
  type OrtSessionFactory,
  ortBackend,
} from '@pocketlm/core/ort';
import { OpfsModelStore } from '../store/opfs-model-store.js';
import type { WebCapabilityReport } from './capability-report.js';
import { chooseWebDevice, type WebDevicePreference } from './choose-device.js';
import {
  configureOrtWasm,
  describeWasmPaths,
  loadOrtWebRuntime,
  type OrtWebRuntimeSource,
  type WasmPaths,
} from './ort-web-runtime.js';
import { currentWebEnvironment, type WebEnvironment } from './web-environment.js';
import { withWebGpuFallback } from './webgpu-fallback.js';

/** Options of {@link webBackend}. */
export interface WebBackendOptions {
  /** The onnxruntime-web module, or a function that loads it; default `import('onnxruntime-web')` on first load. */
  ort?: OrtWebRuntimeSource;
  /** `auto` (default) uses WebGPU when the browser gives an adapter, else WASM; `wasm` or `webgpu` force one. */
  device?: WebDevicePreference;
  /**
   * Where ORT loads `ort-wasm-*.wasm` / `.mjs` from: a folder URL your app serves (e.g. `'/ort/'`, copied from
   * `node_modules/onnxruntime-web/dist`) or per-file URLs (`{ wasm: wasmUrl }` from a bundler's `?url` import).
   * Default: next to the onnxruntime-web module, which bundlers copy into your build. Never a CDN.
   */
  wasmPaths?: WasmPaths;
  /** WASM threads; default up to 4 on cross-origin isolated pages, 1 otherwise (threads need SharedArrayBuffer). */
  numThreads?: number;
  /** ORT graph optimisation level (default ORT's own, `all`). */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Where downloads are kept. Default: an {@link OpfsModelStore} (the origin private file system). */
  store?: ModelStore;
  /** What the page offers (WebGPU, isolation, cores); default read from `globalThis`. */
  environment?: WebEnvironment;
}

/** The web backend: a core `Backend` plus the report of which device it chose and why. */
export interface WebBackend extends Backend {
  /** Detects WebGPU / WASM support once and says what models load on; the device actually used after a fallback. */
  capabilityReport(): Promise<WebCapabilityReport>;
}

const SESSION_ENVIRONMENT: OrtSessionEnvironment = { backendName: 'the web backend', externalData: 'bytes' };

/**
 * A backend on onnxruntime-web: WebGPU where the browser offers it, WASM (SIMD, threads when cross-origin
 * isolated) otherwise, over the same ORT runners as `@pocketlm/node`. It also runs in Node (WASM) for tests.
 *
 * @example
 * ```ts
 * const backend = webBackend({ wasmPaths: '/ort/' });
 * const engine = await createEngine({ backend, model: 'HuggingFaceTB/SmolLM2-135M-Instruct' });
 * console.log((await backend.capabilityReport()).reason);
 * ```
 */
export function webBackend(options: WebBackendOptions = {}): WebBackend {
  let report: Promise<WebCapabilityReport> | undefined;
  let runtime: Promise<OrtRuntime> | undefined;
  const capabilityReport = () => {
    report ??= chooseWebDevice({
      preference: options.device ?? 'auto',
      environment: options.environment ?? currentWebEnvironment(),
      numThreads: options.numThreads,
      wasmPaths: describeWasmPaths(options.wasmPaths),
    });
    return report;
  };
  // The runtime is configured once: ORT reads its wasm settings when it first initialises.
  const loadRuntime = () => {
    runtime ??= (async () => {
      const chosen = await capabilityReport();
      const ort = await loadOrtWebRuntime(options.ort, chosen.device);
      configureOrtWasm(ort, options.wasmPaths, chosen.wasm.threads);
      return ort as OrtRuntime;
    })();
    runtime.catch(() => {
      runtime = undefined;
    });
    return runtime;
  };
  const factoryFor = (chosen: WebCapabilityReport): OrtSessionFactory => ({
    loadRuntime,
    sessionOptions: {
      executionProviders: chosen.executionProviders,
      ...(options.graphOptimizationLevel ? { graphOptimizationLevel: options.graphOptimizationLevel } : {}),
    },
    environment: SESSION_ENVIRONMENT,
  });
  /** Loads on the chosen device, falling back from WebGPU to WASM (and saying so in the report) when needed. */
  const onDevice = async <T>(load: (factory: OrtSessionFactory) => Promise<T>): Promise<T> => {
    const automatic = (options.device ?? 'auto') === 'auto';
    const { value, report: used } = await withWebGpuFallback(await capabilityReport(), automatic, (chosen) =>
      load(factoryFor(chosen)),
    );
    report = Promise.resolve(used);
    return value;
  };
  const backend = ortBackend({
    name: 'web',
    label: 'web',
    devices: options.device === 'wasm' ? ['wasm'] : ['webgpu', 'wasm'],
    store: options.store,
    createStore: () => new OpfsModelStore(),
    withSessionFactory: onDevice,
    prepareFiles: bytesOnly,
  });
  // Assigned rather than spread: spreading would read (and so create) the lazily made store.
  return Object.assign(backend, { capabilityReport });
}

/** The files without `localPath`: onnxruntime-web takes bytes (a path would be fetched as a URL). */
function bytesOnly(files: ModelFiles): ModelFiles {
  return {
    id: files.id,
    has: (name) => files.has(name),
    readText: (name) => files.readText(name),
    readBytes: (name) => files.readBytes(name),
    size: (name) => files.size(name),
  };
}
