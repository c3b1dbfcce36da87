import type { LoadModelOptions } from '@pocketlm/core';
import { fileModelStore, LocalDirectoryFiles } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import { type WasmBackendOptions, wasmBackend } from '../src/index.js';
import type { WasmModelRunner } from '../src/runner/wasm-model-runner.js';

export type LlamaFixture = 'tiny' | 'smollm-135m';

/** A testkit fixture's directory in the shared, git-ignored fixture cache. */
export function fixtureDir(name: LlamaFixture = 'tiny'): Promise<string> {
  return ensureFixture(name, { root: process.env.POCKETLM_FIXTURES_DIR });
}

/** The wasm backend with a store in a throwaway directory (tests only open local fixtures). */
export function testBackend(options: Partial<WasmBackendOptions> = {}) {
  return wasmBackend({ store: fileModelStore({ root: '.cache/wasm-test-store' }), ...options });
}

/** Loads a fixture on the wasm backend. */
export async function loadFixtureRunner(
  name: LlamaFixture = 'tiny',
  options: LoadModelOptions = {},
  backendOptions: Partial<WasmBackendOptions> = {},
): Promise<WasmModelRunner> {
  const dir = await fixtureDir(name);
  return testBackend(backendOptions).loadModel(new LocalDirectoryFiles(dir), options);
}
