import { createEmbedder, type Embedder, type EmbedderLoadProgress } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureDefaultEmbedder } from './default-embedder.js';
import type { CliOptions } from './parse-cli-options.js';
import type { ProgressReporter } from './progress-reporter.js';

/** Loads the embedding model named by `--embedder` (or the default one) on the node backend, showing progress. */
export async function openEmbedder(
  model: string | undefined,
  options: CliOptions,
  progress: ProgressReporter,
): Promise<Embedder> {
  const source = model ?? (await ensureDefaultEmbedder(progress));
  const backend = nodeBackend({
    session: options.threads ? { intraOpNumThreads: options.threads } : undefined,
  });
  const onProgress = (e: EmbedderLoadProgress) => {
    if (e.type === 'download') progress.update(`downloading embedder ${e.file}`, e.loaded, e.total);
    else if (e.type === 'load') progress.update(`loading embedder ${e.phase}`);
  };
  try {
    // --revision applies to the chat model only: an embedder is pinned as `org/name@revision`.
    return await createEmbedder({
      backend,
      model: source,
      hubUrl: options.hubUrl,
      offline: options.offline,
      onProgress,
    });
  } finally {
    progress.done();
  }
}
