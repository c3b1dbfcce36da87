import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { createRag, loadFolder } from '@pocketlm/rag';
import { formatIndexReport } from '../format-index-report.js';
import { openEmbedder } from '../open-embedder.js';
import type { CliOptions } from '../parse-cli-options.js';
import { ProgressReporter } from '../progress-reporter.js';
import type { RagFlags } from '../rag-flags.js';
import { resolveStorePath } from '../rag-store-path.js';

/**
 * `rag index <folder>`: brings the store up to date with the folder. Unchanged files are not re-embedded, and files
 * gone from the folder leave the store (one folder per store: sources are paths relative to it).
 */
export async function ragIndexCommand(
  positionals: string[],
  options: CliOptions,
  flags: RagFlags,
  signal: AbortSignal,
): Promise<void> {
  const [folder, ...extra] = positionals;
  if (!folder || extra.length > 0) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'Usage: pocketlm rag index <folder> [--store PATH] [--embedder MODEL]',
    );
  }
  if (flags.model !== undefined) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'rag index embeds only: --model (the chat model) is for rag ask.',
    );
  }
  const storePath = resolveStorePath(flags.store);
  const progress = new ProgressReporter({ quiet: options.quiet || options.json });
  // Files first: a wrong folder fails before a model loads.
  const { documents, skipped } = await loadFolder(folder, {
    onProgress: (p) => progress.update('loading files', p.done, p.total),
    signal,
  });
  progress.done();
  const embedder = await openEmbedder(flags.embedder, options, progress);
  try {
    await mkdir(dirname(storePath), { recursive: true });
    const rag = await createRag({ embedder, path: storePath });
    const report = await rag.index(documents, {
      removeMissing: true,
      onProgress: (p) => progress.update('embedding', p.done, p.total),
      signal,
    });
    progress.done();
    const total = await rag.store.count();
    if (options.json) {
      const out = { folder: resolve(folder), store: storePath, ...report, storeChunks: total, skipped };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return;
    }
    process.stdout.write(`indexed ${resolve(folder)} into ${storePath}\n`);
    process.stdout.write(formatIndexReport(report, skipped, total));
  } finally {
    await embedder.dispose();
  }
}
