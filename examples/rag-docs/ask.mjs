// Answers a question about this repository's docs/: `pnpm start ["question"] [chat-model] [embedder-model]`.
// The docs are indexed into a store in the OS temp dir; later runs re-embed only the files that changed. The answer
// streams, then the sources it cited (or, if it cited none, the ones it was given) print with their offsets.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbedder, createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { createRag, loadFolder } from '@pocketlm/rag';

const [question = 'How do I constrain output to a JSON schema?', chatModel, embedderModel] =
  process.argv.slice(2);

// Without arguments, the testkit's random-weight fixtures: they show the plumbing, not good answers. Retrieval
// still finds the right chunks, because the lexical (BM25) half of hybrid search does not depend on the weights.
const fixture = (name) => import('@pocketlm/testkit').then((t) => t.ensureFixture(name));
const backend = nodeBackend();
const embedder = await createEmbedder({ backend, model: embedderModel ?? (await fixture('tiny-encoder')) });

// One store per embedder: vectors of different models do not compare, even when they have the same width.
const storeId = createHash('sha256').update(embedder.info.model).digest('hex').slice(0, 12);
const storePath = join(tmpdir(), `pocketlm-rag-docs-${storeId}.plmrag`);

// Sources are named from the repository root (`docs/guide.md`), so a citation is a path you can open.
const docsDir = fileURLToPath(new URL('../../docs', import.meta.url));
const { documents, skipped } = await loadFolder(docsDir);
const rag = await createRag({ embedder, path: storePath });
const report = await rag.index(
  documents.map((doc) => ({ ...doc, source: `docs/${doc.source}` })),
  { removeMissing: true },
);
console.log(
  `index: ${report.added.length} added, ${report.updated.length} updated, ${report.removed.length} removed, ` +
    `${report.unchanged} unchanged (${storePath})`,
);
for (const file of skipped) console.log(`skipped docs/${file.path}: ${file.reason}`);

const engine = await createEngine({ backend, model: chatModel ?? (await fixture('tiny')) });
const where = (c) => `[${c.n}] ${[c.source, ...c.headings].join(' › ')} (${c.start}–${c.end})`;
console.log(`\nQ: ${question}\n`);
for await (const event of rag.answer(question, { engine, maxTokens: 128 })) {
  if (event.type === 'retrieval') {
    for (const [i, chunk] of event.chunks.entries())
      console.log(`retrieved ${where({ ...chunk, n: i + 1 })}`);
    process.stdout.write('\nA: ');
  }
  if (event.type === 'text-delta') process.stdout.write(event.text);
  if (event.type === 'finish') {
    console.log(`\n\n[finish: ${event.finishReason}, ${event.usage.completionTokens} tokens]`);
    const cited = event.citations.length > 0;
    console.log(cited ? 'Cited:' : 'No [n] citations; the answer was given:');
    for (const c of cited ? event.citations : event.sources) console.log(`  ${where(c)}`);
  }
}
await engine.dispose();
await embedder.dispose();
