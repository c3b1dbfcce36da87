import type { KernelExports } from './kernel-exports.js';

/** Instantiates the kernels over `memory` (the module imports it as `env.memory`). */
export async function instantiateKernels(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
