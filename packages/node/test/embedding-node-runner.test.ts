import type { Embedder } from '@pocketlm/core';
// createEmbedder is not yet exported from core's index; its source is the same code.
import { createEmbedder, PocketLMError, type PocketLMErrorCode } from '@pocketlm/core';
import { ENCODER_TEXTS, ensureFixture } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../src/index.js';
import { LocalDirectoryFiles } from '../src/store/local-directory-files.js';

let dir: string;
let embedder: Embedder;

async function codeOf(promise: Promise<unknown>): Promise<PocketLMErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (!PocketLMError.isInstance(error)) throw error;
    return error.code;
  }
}

beforeAll(async () => {
  dir = await ensureFixture('tiny-encoder', { root: process.env.POCKETLM_FIXTURES_DIR });
  embedder = await createEmbedder({ backend: nodeBackend(), model: dir });
});

afterAll(async () => {
  await embedder?.dispose();
});

describe('nodeBackend().loadEncoder', () => {
  it("gives each row its own tokens' states, batched with padding equal to one at a time", async () => {
    const backend = nodeBackend();
    const runner = await backend.loadEncoder?.(new LocalDirectoryFiles(dir), {});
    if (!runner) throw new Error('nodeBackend has no loadEncoder');
    expect(runner.hiddenSize).toBe(64);
    const rows = [
      [2, 10, 11, 12, 13, 3],
      [2, 40, 3],
      [2, 7, 8, 9, 3],
    ];
    const batched = await runner.encode({ inputIds: rows });
    let worst = 0;
    for (const [i, row] of rows.entries()) {
      expect(batched[i]).toHaveLength(row.length * 64);
      const [alone] = await runner.encode({ inputIds: [row] });
      worst = Math.max(worst, ...Array.from(alone, (v, j) => Math.abs(v - batched[i][j])));
    }
    expect(worst).toBeLessThan(1e-5);
    await runner.dispose();
    expect(await codeOf(runner.encode({ inputIds: rows }))).toBe('DISPOSED');
  });

  it('INVALID_MODEL for a model without last_hidden_state (a classifier export)', async () => {
    const classifierDir = await ensureFixture('tiny-classifier', { root: process.env.POCKETLM_FIXTURES_DIR });
    const loading = createEmbedder({ backend: nodeBackend(), model: classifierDir });
    await expect(loading).rejects.toThrow(/no last_hidden_state output \(it has logits\)/);
    expect(await codeOf(loading)).toBe('INVALID_MODEL');
  });
});

describe('createEmbedder on the node backend', () => {
  it('embeds a batch exactly as one text at a time (within float rounding)', async () => {
    const vectors = await embedder.embed(ENCODER_TEXTS);
    let worst = 0;
    for (const [i, text] of ENCODER_TEXTS.entries()) {
      const [alone] = await embedder.embed(text);
      worst = Math.max(worst, ...Array.from(alone, (v, j) => Math.abs(v - vectors[i][j])));
      expect(Math.hypot(...alone)).toBeCloseTo(1, 5);
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('maxLength cuts long texts; texts that differ only after the cut embed the same', async () => {
    const short = await createEmbedder({ backend: nodeBackend(), model: dir, maxLength: 8 });
    const [a, b] = await short.embed([
      'the forest was quiet and the village slept. the sun',
      'the forest was quiet and the village slept. zebra quokka',
    ]);
    expect(Array.from(a)).toEqual(Array.from(b));
    const [c] = await short.embed('the forest');
    expect(Array.from(c)).not.toEqual(Array.from(a));
    await short.dispose();
  });

  it('ABORTED before it starts and between batches', async () => {
    expect(await codeOf(embedder.embed('hello', { signal: AbortSignal.abort() }))).toBe('ABORTED');
    const small = await createEmbedder({ backend: nodeBackend(), model: dir, batchSize: 1 });
    const controller = new AbortController();
    const texts = Array.from({ length: 200 }, (_, i) => `text number ${i} about the forest`);
    const running = small.embed(texts, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    expect(await codeOf(running)).toBe('ABORTED');
    // The embedder is still usable after an abort.
    expect(await small.embed('still works')).toHaveLength(1);
    await small.dispose();
    expect(await codeOf(small.embed('x'))).toBe('DISPOSED');
  });

  it('reports its latency', async () => {
    const texts = ENCODER_TEXTS.slice(0, 7);
    await embedder.embed(texts);
    const rounds = 20;
    let start = performance.now();
    for (let i = 0; i < rounds; i++) await embedder.embed(texts[0]);
    const single = (performance.now() - start) / rounds;
    const many = Array.from({ length: 64 }, (_, i) => `${texts[i % texts.length]} ${i}`);
    start = performance.now();
    await embedder.embed(many);
    const batch = performance.now() - start;
    console.log(
      `tiny-encoder embed latency: ${single.toFixed(2)} ms for one sentence, ${batch.toFixed(1)} ms for 64 texts (${(batch / 64).toFixed(2)} ms/text)`,
    );
    expect(single).toBeGreaterThan(0);
  });
});
