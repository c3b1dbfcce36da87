import { PocketLMError } from '@pocketlm/core';
import type { WebCapabilityReport, WebDevice } from './capability-report.js';
import { supportsWasmSimd } from './wasm-simd.js';
import type { WebEnvironment } from './web-environment.js';

/** Which device to use: `auto` prefers WebGPU and falls back to WASM. */
export type WebDevicePreference = 'auto' | WebDevice;

/** Inputs of {@link chooseWebDevice}. */
export interface ChooseDeviceInput {
  preference: WebDevicePreference;
  environment: WebEnvironment;
  /** A fixed WASM thread count; default: up to 4 when cross-origin isolated, else 1. */
  numThreads?: number;
  wasmPaths: string | undefined;
  /** Overrides the SIMD probe (tests). */
  simd?: boolean;
}

// More threads rarely help a small model and each one is a worker with its own stack.
const MAX_DEFAULT_THREADS = 4;

/**
 * Decides between WebGPU and WASM and explains why. WebGPU is used when asked for (or `auto`) and the browser
 * gives an adapter; WASM always works where SIMD does. Throws `BACKEND_UNAVAILABLE` when WebGPU is demanded but
 * absent, or when WebAssembly SIMD is missing.
 */
export async function chooseWebDevice(input: ChooseDeviceInput): Promise<WebCapabilityReport> {
  const { environment, preference } = input;
  const simd = input.simd ?? supportsWasmSimd();
  const isolated = environment.crossOriginIsolated === true;
  const threads = wasmThreads(input.numThreads, isolated, environment.hardwareConcurrency);
  const webgpu = await probeWebGpu(environment, preference);

  if (preference === 'webgpu' && !webgpu.available) {
    throw new PocketLMError('BACKEND_UNAVAILABLE', `WebGPU was requested but ${webgpu.reason}.`, {
      details: { device: 'webgpu' },
    });
  }
  if (!simd) {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      'This browser has no WebAssembly SIMD, which onnxruntime-web needs; use a current Chrome, Edge, Firefox or Safari.',
      { details: { device: 'wasm' } },
    );
  }
  const device: WebDevice = webgpu.available ? 'webgpu' : 'wasm';
  const threadNote = isolated
    ? `${threads} WASM thread${threads === 1 ? '' : 's'} (cross-origin isolated)`
    : '1 WASM thread (the page is not cross-origin isolated, so SharedArrayBuffer is off)';
  const reason =
    device === 'webgpu'
      ? `WebGPU: ${webgpu.reason}; WASM (${threadNote}) stays as the fallback.`
      : `WASM with SIMD, ${threadNote}: ${webgpu.reason}.`;
  return {
    device,
    // WebGPU alone: ORT would otherwise drop a failing WebGPU silently for WASM, and this report would be wrong.
    // Operators without WebGPU kernels still run on ORT's CPU kernels inside the same session.
    executionProviders: device === 'webgpu' ? ['webgpu'] : ['wasm'],
    reason,
    webgpu,
    wasm: { simd, threads, crossOriginIsolated: isolated, wasmPaths: input.wasmPaths },
  };
}

async function probeWebGpu(
  environment: WebEnvironment,
  preference: WebDevicePreference,
): Promise<WebCapabilityReport['webgpu']> {
  if (preference === 'wasm') return { available: false, reason: 'WASM was requested' };
  if (environment.gpu === undefined) {
    return { available: false, reason: 'this browser does not expose WebGPU (navigator.gpu)' };
  }
  try {
    const adapter = await environment.gpu.requestAdapter();
    if (adapter === null || adapter === undefined) {
      return { available: false, reason: 'navigator.gpu gave no adapter (GPU blocked or disabled)' };
    }
    return { available: true, reason: 'the browser gave a WebGPU adapter' };
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    return { available: false, reason: `requesting a WebGPU adapter failed (${why})` };
  }
}

function wasmThreads(requested: number | undefined, isolated: boolean, cores: number | undefined): number {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1) {
      throw new PocketLMError('INVALID_OPTIONS', `numThreads must be a positive integer, got ${requested}.`);
    }
    // Threads need SharedArrayBuffer; ORT would silently run one thread anyway, so report what really happens.
    return isolated ? requested : 1;
  }
  if (!isolated) return 1;
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores ?? 1));
}
