import { beforeAll, describe, expect, it } from 'vitest';
import { buildTokenizer } from '../../testkit/src/tokenizer/build-tokenizer.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import type { ModelFiles } from '../src/model/model-files.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';
import { loadTokenizer } from '../src/tokenizer/load-tokenizer.js';
import type { Tokenizer } from '../src/tokenizer/tokenizer.js';

function memoryFiles(entries: Record<string, string>): ModelFiles {
  const encoder = new TextEncoder();
  return {
    id: 'memory:test-model',
    has: async (name) => name in entries,
    readText: async (name) => {
      if (!(name in entries)) throw new Error(`missing ${name}`);
      return entries[name];
    },
    readBytes: async (name) => encoder.encode(entries[name]),
    size: async (name) => (name in entries ? encoder.encode(entries[name]).length : undefined),
  };
}

const built = buildTokenizer({ vocabSize: 4096 });
const fixtureFiles = (extra: Record<string, string> = {}) =>
  memoryFiles({
    'tokenizer.json': JSON.stringify(built.tokenizerJson),
    'tokenizer_config.json': JSON.stringify(built.tokenizerConfig),
    ...extra,
  });

async function expectError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PocketLMError.isInstance(error, code as never)).toBe(true);
  expect((error as Error).message).toMatch(message);
}

describe('loadTokenizer', () => {
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    tokenizer = await loadTokenizer(
      fixtureFiles({
        'generation_config.json': JSON.stringify({ bos_token_id: 1, eos_token_id: [2, 0] }),
        'config.json': JSON.stringify({ bos_token_id: 1, eos_token_id: 0, vocab_size: 4096 }),
      }),
    );
  });

  it('round-trips text, including emoji and CJK', () => {
    for (const text of ['Hello, world!', 'Grüße 日本語 🙂👩‍💻 ok', '  two  spaces\n\ttab', 'x']) {
      const ids = tokenizer.encode(text);
      expect(ids.length).toBeGreaterThan(0);
      expect(tokenizer.decode(ids)).toBe(text);
    }
    expect(tokenizer.encode('')).toEqual([]);
    expect(tokenizer.decode([])).toBe('');
    expect(tokenizer.decode(Int32Array.from(tokenizer.encode('typed array')))).toBe('typed array');
  });

  it('encodes special-token strings in text as plain text unless asked to parse them', () => {
    const text = 'a<|im_start|>system\nb<|im_end|><|endoftext|>';
    const plain = tokenizer.encode(text);
    expect(plain.some((id) => tokenizer.isSpecial(id))).toBe(false);
    expect(tokenizer.decode(plain)).toBe(text);

    const parsed = tokenizer.encode(text, { parseSpecialTokens: true });
    expect(parsed.filter((id) => tokenizer.isSpecial(id))).toEqual([1, 2, 0]);
    expect(tokenizer.decode(parsed)).toBe(text);
    expect(tokenizer.decode(parsed, { skipSpecialTokens: true })).toBe('asystem\nb');
  });

  it('reports size, specials, BOS and the union of every EOS source', () => {
    expect(tokenizer.size).toBe(4096);
    expect([0, 1, 2].map((id) => tokenizer.isSpecial(id))).toEqual([true, true, true]);
    expect(tokenizer.isSpecial(3)).toBe(false);
    expect(tokenizer.isSpecial(4095)).toBe(false);
    expect(tokenizer.bosTokenId).toBe(1);
    expect([...tokenizer.eosTokenIds].sort()).toEqual([0, 2]);
    expect(tokenizer.hasChatTemplate).toBe(true);
  });

  it('takes EOS from tokenizer_config alone when nothing else names it', async () => {
    const alone = await loadTokenizer(fixtureFiles());
    expect(alone.eosTokenIds).toEqual([2]);
    expect(alone.bosTokenId).toBe(1);
  });

  it('counts added tokens beyond the model vocabulary in size', () => {
    const json = structuredClone(built.tokenizerJson) as { added_tokens: object[] };
    json.added_tokens.push({ id: 4100, content: '<tool>', special: true, normalized: false });
    const withExtra = new HfTokenizer({ tokenizerJson: json, tokenizerConfig: built.tokenizerConfig });
    expect(withExtra.size).toBe(4101);
    expect(withExtra.isSpecial(4100)).toBe(true);
    expect(withExtra.encode('<tool>', { parseSpecialTokens: true })).toEqual([4100]);
    expect(withExtra.encode('<tool>')).not.toContain(4100);
  });

  it('applies the post-processor only when addSpecialTokens is set', () => {
    const json = structuredClone(built.tokenizerJson);
    const bos = { id: '<|endoftext|>', ids: [0], tokens: ['<|endoftext|>'] };
    json.post_processor = {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<|endoftext|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<|endoftext|>': bos },
    };
    const withBos = new HfTokenizer({ tokenizerJson: json });
    expect(withBos.encode('hi', { addSpecialTokens: true })[0]).toBe(0);
    expect(withBos.encode('hi')[0]).not.toBe(0);
  });

  it('prefers chat_template.jinja over tokenizer_config.json', async () => {
    const withFile = await loadTokenizer(
      fixtureFiles({ 'chat_template.jinja': '{{ messages[0].content }}!' }),
    );
    expect(withFile.renderChat([{ role: 'user', content: 'hey' }])).toBe('hey!');
  });

  it('fails with MODEL_NOT_FOUND without tokenizer.json', async () => {
    await expectError(
      loadTokenizer(memoryFiles({ 'config.json': '{}' })),
      'MODEL_NOT_FOUND',
      /tokenizer\.json/,
    );
  });

  it('fails with INVALID_MODEL on files that are not JSON or not a tokenizer', async () => {
    await expectError(
      loadTokenizer(memoryFiles({ 'tokenizer.json': '{"model": ' })),
      'INVALID_MODEL',
      /JSON/,
    );
    await expectError(loadTokenizer(memoryFiles({ 'tokenizer.json': '[1, 2]' })), 'INVALID_MODEL', /object/);
    await expectError(
      loadTokenizer(memoryFiles({ 'tokenizer.json': '{"version": "1.0"}' })),
      'INVALID_MODEL',
      /model/,
    );
    await expectError(
      loadTokenizer(memoryFiles({ 'tokenizer.json': JSON.stringify({ model: { type: 'Nonsense' } }) })),
      'INVALID_MODEL',
      /could not be loaded/,
    );
    await expectError(
      loadTokenizer(fixtureFiles({ 'tokenizer_config.json': 'nope' })),
      'INVALID_MODEL',
      /config/,
    );
    await expectError(
      loadTokenizer(fixtureFiles({ 'generation_config.json': '{' })),
      'INVALID_MODEL',
      /generation/,
    );
  });
});
