import { PocketLMError } from '@pocketlm/core';
import { KERNELS_SHARED_WASM_BASE64 } from '../generated/kernels-shared-wasm.js';
import { KERNELS_WASM_BASE64 } from '../generated/kernels-wasm.js';

let compiled: Promise<WebAssembly.Module> | undefined;
let compiledShared: Promise<WebAssembly.Module> | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  // atob exists in every browser, worker and Node >= 16, so one code path serves them all.
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The kernels' `WebAssembly.Module`, compiled once per realm from the bytes embedded at build time. A module can
 * be posted to workers, which instantiate it over the same shared memory.
 */
export function compileKernels(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(decodeBase64(KERNELS_WASM_BASE64)).catch((cause: unknown) => {
    compiled = undefined;
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      'This runtime cannot compile the WebAssembly kernels: they need WebAssembly with 128-bit SIMD (Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+).',
      { cause },
    );
  });
  return compiled;
}

/**
 * The shared-memory build of the same kernels (threads feature): it imports a shared memory, which worker
 * threads instantiate it over. Compiled once per realm, on first use only (single-thread loads never need it).
 */
export function compileSharedKernels(): Promise<WebAssembly.Module> {
  compiledShared ??= WebAssembly.compile(decodeBase64(KERNELS_SHARED_WASM_BASE64)).catch((cause: unknown) => {
    compiledShared = undefined;
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      'This runtime cannot compile the shared-memory WebAssembly kernels (threads).',
      { cause },
    );
  });
  return compiledShared;
}
