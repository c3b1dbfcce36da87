import { basename, dirname } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import type { Engine } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyDir, tinyEngine } from './engine-fixture.js';

// The independent check of the generation loop: transformers.js loads the same fixture directory from disk and
// must produce the same greedy token ids as PocketLM.
const prompts = [
  'The quick brown fox',
  'Hello, world! 1 2 3',
  'Once upon a time, in a land far away, there lived a curious robot named Pixel.',
  'é ü 日本 🙂',
];
const chats = [
  [{ role: 'user', content: 'What is the capital of France?' }],
  [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Name three colours.' },
  ],
];
const NEW_TOKENS = 24;

let engine: Engine;
let model: Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>>;
let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;

beforeAll(async () => {
  const dir = await tinyDir();
  env.allowRemoteModels = false;
  env.localModelPath = dirname(dir);
  tokenizer = await AutoTokenizer.from_pretrained(basename(dir));
  model = await AutoModelForCausalLM.from_pretrained(basename(dir), { dtype: 'fp32', device: 'cpu' });
  engine = await tinyEngine();
});
afterAll(async () => {
  await engine.dispose();
  await model.dispose();
});

async function transformersGreedy(ids: number[]): Promise<number[]> {
  const input_ids = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  const out = (await model.generate({
    input_ids,
    attention_mask,
    max_new_tokens: NEW_TOKENS,
    do_sample: false,
  })) as Tensor;
  const all = (out.tolist() as bigint[][])[0].map(Number);
  return all.slice(ids.length);
}

describe('PocketLM greedy decoding equals transformers.js on the same fixture', () => {
  it.each(prompts)('raw prompt %j', async (prompt) => {
    const ids = engine.tokenizer.encode(prompt);
    expect(tokenizer.encode(prompt, { add_special_tokens: false })).toEqual(ids);
    const ours = await engine.generate({ prompt, maxTokens: NEW_TOKENS });
    expect(ours.tokens).toEqual(await transformersGreedy(ids));
  });

  it.each(chats.map((c) => [c.at(-1)?.content, c] as const))('chat %j', async (_, messages) => {
    const ids = engine.tokenizer.encodeChat(messages, { addGenerationPrompt: true });
    const theirs = tokenizer.apply_chat_template(messages, {
      add_generation_prompt: true,
      tokenize: true,
      return_tensor: false,
    });
    expect((theirs as unknown as { input_ids: number[] }).input_ids).toEqual(ids);
    const ours = await engine.generate({ messages, maxTokens: NEW_TOKENS });
    expect(ours.tokens).toEqual(await transformersGreedy(ids));
  });
});
