import {
  type Backend,
  createEngine,
  type Engine,
  type EngineLoadProgress,
  PocketLMError,
} from '@pocketlm/core';
import { fileModelStore, nodeBackend } from '@pocketlm/node';
import { wasmBackend } from '@pocketlm/wasm';
import { ensureDefaultModel } from './default-model.js';
import type { CliOptions } from './parse-cli-options.js';
import type { ProgressReporter } from './progress-reporter.js';

/** The backend `--backend` names, with `--threads` (and `--weights` for wasm) applied. */
function cliBackend(options: CliOptions): Backend {
  if (options.backend === 'wasm') {
    return wasmBackend({
      store: fileModelStore(),
      file: options.weights,
      threads: options.threads ?? 'auto',
    });
  }
  if (options.weights !== undefined) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      "--weights picks the wasm backend's weight file; add --backend wasm.",
    );
  }
  return nodeBackend({ session: options.threads ? { intraOpNumThreads: options.threads } : undefined });
}

/** Loads the model named on the command line (or the default one) on the chosen backend, showing progress. */
export async function openEngine(
  model: string | undefined,
  options: CliOptions,
  progress: ProgressReporter,
): Promise<Engine> {
  const backend = cliBackend(options);
  const source = model ?? (await ensureDefaultModel(progress));
  const onProgress = (e: EngineLoadProgress) => {
    if (e.type === 'download') progress.update(`downloading ${e.file}`, e.loaded, e.total);
    else if (e.type === 'load') progress.update(`loading ${e.phase}`);
  };
  try {
    return await createEngine({
      backend,
      model: source,
      dtype: options.dtype,
      contextLength: options.contextLength,
      revision: options.revision,
      hubUrl: options.hubUrl,
      offline: options.offline,
      onProgress,
    });
  } finally {
    progress.done();
  }
}
