import { PocketLMError } from '@pocketlm/core';
import type { WebCapabilityReport } from './capability-report.js';

/**
 * Runs `load` on the chosen device; when that is WebGPU (chosen automatically) and ORT cannot open a session on it
 * (an adapter that exists but whose device fails, an operator the WebGPU kernels reject), loads again on WASM
 * and returns the report rewritten to say so. A model that is really broken fails on WASM too, and that error
 * (the same `INVALID_MODEL` a WASM-only load gives) is thrown.
 */
export async function withWebGpuFallback<T>(
  report: WebCapabilityReport,
  automatic: boolean,
  load: (report: WebCapabilityReport) => Promise<T>,
): Promise<{ value: T; report: WebCapabilityReport }> {
  try {
    return { value: await load(report), report };
  } catch (error) {
    if (report.device !== 'webgpu' || !automatic || !PocketLMError.isInstance(error, 'INVALID_MODEL'))
      throw error;
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    const wasm: WebCapabilityReport = {
      ...report,
      device: 'wasm',
      executionProviders: ['wasm'],
      reason: `WASM with SIMD, ${report.wasm.threads} thread${report.wasm.threads === 1 ? '' : 's'}: the browser gave a WebGPU adapter, but onnxruntime could not open the model on WebGPU (${cause}).`,
      webgpu: { available: true, reason: `onnxruntime could not open the model on WebGPU (${cause})` },
    };
    return { value: await load(wasm), report: wasm };
  }
}
