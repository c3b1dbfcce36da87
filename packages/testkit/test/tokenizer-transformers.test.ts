import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTokenizer } from '../src/tokenizer/build-tokenizer.js';

// transformers.js is the independent implementation users trust; it must read our fixture as a real model's.
describe('buildTokenizer output in @huggingface/transformers', () => {
  let root: string;
  const built = buildTokenizer({ vocabSize: 49152, seed: 3 });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'pocketlm-tokenizer-'));
    await mkdir(join(root, 'fixture'));
    await writeFile(join(root, 'fixture', 'tokenizer.json'), JSON.stringify(built.tokenizerJson));
    await writeFile(join(root, 'fixture', 'tokenizer_config.json'), JSON.stringify(built.tokenizerConfig));
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = root;
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads from a directory and encodes, decodes and applies the chat template identically', async () => {
    const theirs = await AutoTokenizer.from_pretrained('fixture');
    const ours = new Tokenizer(built.tokenizerJson, built.tokenizerConfig);
    const texts = [
      'The quick brown fox jumps over the lazy dog.',
      'Grüße, café, 日本語, emoji 🙂🚀👩‍💻 and code: const x = [1, 2, 3];',
      '<|im_start|>user\nhello<|im_end|>\n',
      '  spaced   out\n\n\ttabs',
    ];
    for (const text of texts) {
      const ids = ours.encode(text, { add_special_tokens: false }).ids;
      expect(theirs.encode(text, { add_special_tokens: false })).toEqual(ids);
      expect(theirs.decode(ids)).toBe(text);
    }
    const messages = [{ role: 'user', content: 'Hi there!' }];
    const rendered = theirs.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
    expect(rendered).toBe(
      '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' +
        '<|im_start|>user\nHi there!<|im_end|>\n<|im_start|>assistant\n',
    );
    expect(theirs.eos_token_id).toBe(built.specialTokens.imEnd);
  });
});
