import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Engine, type GenerateOptions, PocketLMError } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyCopy, tinyDir, tinyEngine } from './engine-fixture.js';

const prompts = [
  'The quick brown fox jumps over the lazy dog. The quick brown fox',
  'Once upon a time there was a',
  'Rewrite: the cat sat on the mat. Rewritten: the cat sat on the mat',
  '1, 2, 3, 4, 5, 6,',
];

let plain: Engine;
let drafted: Engine;
beforeAll(async () => {
  plain = await tinyEngine();
  // The same model as its own draft: every draft should be accepted, which checks the verify path end to end.
  drafted = await tinyEngine({ draft: {} });
});
afterAll(async () => {
  await plain.dispose();
  await drafted.dispose();
});

async function tokens(engine: Engine, prompt: string, options: GenerateOptions = {}) {
  return engine.generate({ prompt, maxTokens: 64, ...options });
}

describe('speculative decoding on the node backend', () => {
  it('prompt lookup gives the greedy tokens of plain decoding', async () => {
    let accepted = 0;
    for (const prompt of prompts) {
      const expected = await tokens(plain, prompt);
      const got = await tokens(plain, prompt, { speculative: { type: 'prompt-lookup' } });
      expect(got.tokens).toEqual(expected.tokens);
      expect(got.text).toBe(expected.text);
      accepted += got.speculation?.accepted ?? 0;
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('a draft model gives the greedy tokens of plain decoding', async () => {
    for (const prompt of prompts) {
      const expected = await tokens(plain, prompt);
      const got = await tokens(drafted, prompt);
      expect(got.tokens).toEqual(expected.tokens);
      const stats = got.speculation;
      if (!stats) throw new Error('the engine default should be draft-model speculation');
      expect(stats.accepted).toBeGreaterThan(stats.drafted * 0.9);
    }
  });

  it('a 4-bit copy of the model as the draft gives the greedy tokens of the fp32 model', async () => {
    const engine = await tinyEngine({ draft: { dtype: 'q4' } });
    try {
      for (const prompt of prompts) {
        const got = await tokens(engine, prompt);
        expect(got.tokens).toEqual((await tokens(plain, prompt)).tokens);
        expect(got.speculation?.rounds).toBeGreaterThan(0);
      }
    } finally {
      await engine.dispose();
    }
  });

  it('seeded sampling gives the same tokens with and without speculation', async () => {
    const sampling = { temperature: 0.9, topK: 40, seed: 1234 };
    for (const prompt of prompts.slice(0, 2)) {
      const expected = await tokens(plain, prompt, sampling);
      const got = await tokens(drafted, prompt, sampling);
      const lookup = await tokens(plain, prompt, { ...sampling, speculative: { type: 'prompt-lookup' } });
      expect(got.tokens).toEqual(expected.tokens);
      expect(lookup.tokens).toEqual(expected.tokens);
    }
  });

  it('chat sessions keep identical replies across turns while speculating', async () => {
    const a = plain.chat({ system: 'You repeat things.' });
    const b = drafted.chat({ system: 'You repeat things.' });
    for (const message of ['Say hello twice.', 'Now say it again.']) {
      const ra = await a.send(message, { maxTokens: 24 });
      const rb = await b.send(message, { maxTokens: 24 });
      expect(rb.tokens).toEqual(ra.tokens);
    }
  });

  it('concurrent speculating requests each get their plain tokens', async () => {
    const expected = await Promise.all(prompts.map((p) => tokens(plain, p)));
    const got = await Promise.all(prompts.map((p) => tokens(drafted, p)));
    expect(got.map((r) => r.tokens)).toEqual(expected.map((r) => r.tokens));
  });

  it('aborting a speculating request rejects with ABORTED and leaves the engine usable', async () => {
    const controller = new AbortController();
    const stream = drafted.stream({ prompt: prompts[0], maxTokens: 64, signal: controller.signal });
    let seen = 0;
    const error = await (async () => {
      for await (const event of stream) if (event.type === 'token' && ++seen === 5) controller.abort();
    })().catch((e: unknown) => e);
    expect(PocketLMError.isInstance(error, 'ABORTED')).toBe(true);
    expect((await tokens(drafted, prompts[1])).tokens).toEqual((await tokens(plain, prompts[1])).tokens);
  });

  it('refuses draft-model speculation on an engine without a draft model', async () => {
    expect(() => plain.stream({ prompt: 'hi', speculative: { type: 'draft-model' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('refuses a draft model whose tokenizer differs, with TOKENIZER_MISMATCH', async () => {
    const dir = await tinyCopy();
    const file = join(dir, 'tokenizer.json');
    const json = JSON.parse(await readFile(file, 'utf8'));
    const vocab = json.model.vocab as Record<string, number>;
    // Swap the ids of two ordinary tokens: same size, different vocabulary.
    const [x, y] = Object.keys(vocab).slice(300, 302);
    [vocab[x], vocab[y]] = [vocab[y], vocab[x]];
    await writeFile(file, JSON.stringify(json));
    const error = await tinyEngine({ draft: { model: dir } }).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(error, 'TOKENIZER_MISMATCH')).toBe(true);
    expect((error as Error).message).toMatch(/does not share the main model's tokenizer/);
  });

  it('accepts a draft model in another directory with the same tokenizer', async () => {
    const engine = await tinyEngine({ draft: { model: await tinyCopy() } });
    try {
      const got = await tokens(engine, prompts[0]);
      expect(got.tokens).toEqual((await tokens(plain, prompts[0])).tokens);
    } finally {
      await engine.dispose();
    }
    expect(await tinyDir()).toBeTruthy();
  });
});
