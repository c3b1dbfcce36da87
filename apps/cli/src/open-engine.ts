import { createEngine, type Engine, type EngineLoadProgress } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureDefaultModel } from './default-model.js';
import type { CliOptions } from './parse-cli-options.js';
import type { ProgressReporter } from './progress-reporter.js';

/** Loads the model named on the command line (or the default one) on the node backend, showing progress. */
export async function openEngine(
  model: string | undefined,
  options: CliOptions,
  progress: ProgressReporter,
): Promise<Engine> {
  const source = model ?? (await ensureDefaultModel(progress));
  const backend = nodeBackend({
    session: options.threads ? { intraOpNumThreads: options.threads } : undefined,
  });
  const onProgress = (e: EngineLoadProgress) => {
    if (e.type === 'download') progress.update(`downloading ${e.file}`, e.loaded, e.total);
    else if (e.type === 'load') progress.update(`loading ${e.phase}`);
  };
  try {
    return await createEngine({
      backend,
      model: source,
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
