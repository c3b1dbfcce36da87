import { existsSync } from 'node:fs';
import { PocketLMError } from '@pocketlm/core';
import { createRag, openEmbeddedStore, type RagFinishEvent } from '@pocketlm/rag';
import { formatCitation } from '../format-citation.js';
import { formatStats } from '../format-stats.js';
import { openEmbedder } from '../open-embedder.js';
import { openEngine } from '../open-engine.js';
import { type CliOptions, definedOnly } from '../parse-cli-options.js';
import { ProgressReporter } from '../progress-reporter.js';
import type { RagFlags } from '../rag-flags.js';
import { resolveStorePath } from '../rag-store-path.js';

/**
 * `rag ask <question>`: answers from the store with the chat model, streaming the text, then lists the sources the
 * answer cited (or, when it cited none, every source it was given), so a reader can check the claims.
 */
export async function ragAskCommand(
  positionals: string[],
  options: CliOptions,
  flags: RagFlags,
  signal: AbortSignal,
): Promise<void> {
  const question = positionals.join(' ').trim();
  if (!question) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'Usage: pocketlm rag ask "<question>" [--store PATH] [--embedder MODEL] [--model MODEL]',
    );
  }
  if (options.system !== undefined || options.raw) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'rag ask writes its own prompt: --system and --raw do not apply.',
    );
  }
  const storePath = resolveStorePath(flags.store);
  if (!existsSync(storePath)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `No RAG store at ${storePath}. Index a folder first: pocketlm rag index <folder>` +
        (flags.store ? ` --store ${flags.store}` : ''),
      { details: { store: storePath } },
    );
  }
  const progress = new ProgressReporter({ quiet: options.quiet || options.json });
  // The store and embedder before the chat model: a store built with another embedder fails fast.
  const store = await openEmbeddedStore(storePath);
  const embedder = await openEmbedder(flags.embedder, options, progress);
  try {
    const rag = await createRag({ embedder, store });
    const engine = await openEngine(flags.model, options, progress);
    try {
      let finish: RagFinishEvent | undefined;
      const generate = definedOnly({ ...options.generate, signal });
      for await (const event of rag.answer(question, { engine, ...generate })) {
        if (event.type === 'retrieval' && !options.quiet && !options.json) {
          const sources = new Set(event.chunks.map((c) => c.source)).size;
          const dropped = event.dropped ? `, ${event.dropped} more did not fit` : '';
          process.stderr.write(
            `retrieved ${event.chunks.length} chunks from ${sources} sources ` +
              `(${event.contextTokens} tokens of context${dropped})\n`,
          );
        }
        if (event.type === 'text-delta' && !options.json) process.stdout.write(event.text);
        if (event.type === 'finish') finish = event;
      }
      if (!finish) return;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ model: engine.info.model, ...finish }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`\n\n${formatSources(finish)}`);
      if (!options.quiet) process.stderr.write(`\n${formatStats(finish)}\n`);
    } finally {
      await engine.dispose();
    }
  } finally {
    await embedder.dispose();
  }
}

function formatSources(finish: RagFinishEvent): string {
  if (finish.sources.length === 0) return 'No sources: the store has nothing that matches.\n';
  const [title, list] =
    finish.citations.length > 0
      ? ['Cited sources:', finish.citations]
      : ['The answer cited no sources; it was given:', finish.sources];
  return `${[title, ...list.map(formatCitation)].join('\n')}\n`;
}
