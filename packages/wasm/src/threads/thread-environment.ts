import {
  type CreateKernelWorker,
  fromNodeWorker,
  fromWebWorker,
  type NodeWorkerLike,
} from './kernel-worker-handle.js';

/** What the running environment offers threads: the one place that looks at the runtime. */
export interface ThreadEnvironment {
  /** Starts a kernel worker, or undefined when this runtime has no workers. */
  readonly createWorker: CreateKernelWorker | undefined;
  /** Logical cores, for `threads: 'auto'`. */
  readonly hardwareConcurrency: number;
  /** Why a shared `WebAssembly.Memory` cannot be used here; undefined when it can. */
  readonly sharedMemoryUnavailable: string | undefined;
}

interface NodeBuiltins {
  getBuiltinModule?(id: string): unknown;
}

/** The worker script next to this module once bundled (dist/kernel-worker.js). */
const workerScript = () => new URL('./kernel-worker.js', import.meta.url);

function nodeBuiltin<T>(id: string): T | undefined {
  // No `import` of a node: module, so browser bundles never see one; getBuiltinModule exists from Node 20.16.
  return (globalThis as { process?: NodeBuiltins }).process?.getBuiltinModule?.(id) as T | undefined;
}

function sharedMemoryUnavailable(): string | undefined {
  const scope = globalThis as { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown };
  if (scope.crossOriginIsolated === false || typeof scope.SharedArrayBuffer !== 'function') {
    return 'SharedArrayBuffer is unavailable: the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  return undefined;
}

/**
 * The caller's environment: Node's `worker_threads` and core count when running in Node, Web Workers (as module
 * workers) and `navigator.hardwareConcurrency` in a browser, and whether cross-origin isolation allows a shared
 * memory. Pass `createWorker` to `wasmBackend` to start workers some other way (e.g. a bundler's worker URL).
 */
export function defaultThreadEnvironment(): ThreadEnvironment {
  const workerThreads = nodeBuiltin<{ Worker: new (url: URL) => NodeWorkerLike }>('node:worker_threads');
  if (workerThreads) {
    const os = nodeBuiltin<{ availableParallelism(): number }>('node:os');
    return {
      createWorker: () => fromNodeWorker(new workerThreads.Worker(workerScript())),
      hardwareConcurrency: os?.availableParallelism() ?? 1,
      sharedMemoryUnavailable: sharedMemoryUnavailable(),
    };
  }
  const scope = globalThis as { Worker?: unknown; navigator?: { hardwareConcurrency?: number } };
  return {
    createWorker:
      typeof scope.Worker === 'function'
        ? () => fromWebWorker(new Worker(new URL('./kernel-worker.js', import.meta.url), { type: 'module' }))
        : undefined,
    hardwareConcurrency: scope.navigator?.hardwareConcurrency ?? 1,
    sharedMemoryUnavailable: sharedMemoryUnavailable(),
  };
}
