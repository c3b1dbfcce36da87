/**
 * What the web backend needs to know about the page or worker it runs in, to choose between WebGPU and WASM.
 * Injected (with defaults read from `globalThis`) so tests and unusual hosts can say what they offer.
 */
export interface WebEnvironment {
  /** `navigator.gpu` when the browser exposes WebGPU; undefined otherwise. */
  gpu?: { requestAdapter(): Promise<unknown | null> } | undefined;
  /** `crossOriginIsolated`: SharedArrayBuffer, hence WASM threads, is only allowed on isolated pages. */
  crossOriginIsolated?: boolean;
  /** `navigator.hardwareConcurrency`: an upper bound for WASM threads. */
  hardwareConcurrency?: number;
}

interface NavigatorLike {
  gpu?: WebEnvironment['gpu'];
  hardwareConcurrency?: number;
}

/** The environment of the current global scope (window, worker, or Node, which has neither WebGPU nor isolation). */
export function currentWebEnvironment(): WebEnvironment {
  const scope = globalThis as { navigator?: NavigatorLike; crossOriginIsolated?: boolean };
  return {
    gpu: scope.navigator?.gpu,
    crossOriginIsolated: scope.crossOriginIsolated === true,
    hardwareConcurrency: scope.navigator?.hardwareConcurrency,
  };
}
